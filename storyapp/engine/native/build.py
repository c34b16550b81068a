"""Build a C source of this package into a shared library in the user's cache, once.

The library's name carries a hash of the source, the headers beside it, the flags and the
compiler, so an upgrade builds afresh. It is compiled under a temporary name and renamed: an interrupted build never leaves a
half-written library, and two processes building at once both end with a whole one.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from storyapp.system.atomic import replace
from storyapp.system.paths import cache_dir


class BuildError(RuntimeError):
    """The library could not be built; the message says why in one line."""


def find_compiler() -> str | None:
    """$CC, else cc, gcc or clang on PATH."""
    names = [os.environ["CC"]] if os.environ.get("CC") else ["cc", "gcc", "clang"]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def build(source: Path, flags: list[str]) -> Path:
    """The built library for `source`, compiling it first if it is not in the cache."""
    cc = find_compiler()
    if cc is None:
        raise BuildError("no C compiler found (install gcc, or set CC)")
    text = b"".join(p.read_bytes() for p in [source, *sorted(source.parent.glob("*.h"))])
    key = hashlib.sha256(text + " ".join([cc, *flags]).encode()).hexdigest()[:16]
    out = cache_dir("kernels") / f"{source.stem}-{key}.so"
    if out.is_file():
        return out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
            built = Path(tmp) / out.name
            cmd = [cc, *flags, "-o", str(built), str(source)]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                why = (done.stderr.strip().splitlines() or ["no message"])[0]
                raise BuildError(f"{Path(cc).name} could not build {source.name}: {why}")
            replace(built, out)
    except (OSError, subprocess.SubprocessError) as e:
        raise BuildError(f"could not build {source.name} in {out.parent}: {e}") from e
    return out
