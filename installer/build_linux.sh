#!/usr/bin/env bash
# Builds the one-folder app (dist/storyapp) with PyInstaller unless it exists, then packs it
# as dist/storyapp-VERSION-linux-ARCH.tar.gz. Run from anywhere; needs `pip install -e '.[gui,freeze]'`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
if [ ! -x dist/storyapp/storyapp ] || [ "${REBUILD:-0}" = 1 ]; then
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN pyinstaller.spec
fi
version=$(dist/storyapp/storyapp --version | cut -d' ' -f2)
tarball="dist/storyapp-${version}-linux-$(uname -m).tar.gz"
tar -C dist -czf "$tarball" storyapp
echo "$tarball ($(du -h "$tarball" | cut -f1))"
