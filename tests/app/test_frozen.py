"""The frozen one-folder app ($STORYAPP_FROZEN, e.g. dist/storyapp; `make freeze` builds it)
runs the default model and the tiny SDXL with no Python anywhere on PATH and a bare
environment, as on a user's machine."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image

FOLDER = Path(os.environ.get("STORYAPP_FROZEN", "")).absolute()
EXE = FOLDER / "storyapp"

pytestmark = [
    pytest.mark.freeze,
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("STORYAPP_FROZEN") or not EXE.is_file(),
        reason="no frozen build: set STORYAPP_FROZEN=dist/storyapp (make freeze)",
    ),
]


def frozen(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "bin"  # PATH holds nothing at all, so certainly no python
    empty.mkdir(exist_ok=True)
    env = {"PATH": str(empty), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    env["STORYAPP_HOME"] = str(tmp_path / "app")
    return subprocess.run(
        [str(EXE), *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900
    )


def test_version_and_log(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()  # the log is written once the data folder exists
    done = frozen(tmp_path, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("storyapp ") and "unknown" not in done.stdout
    assert "started" in (tmp_path / "app" / "logs" / "storyapp.log").read_text()


def test_complete(tmp_path: Path) -> None:
    done = frozen(tmp_path, "complete", "--chat", "Hello", "--max-tokens", "8", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), done.stderr


def test_generate_with_tiny_sdxl(tmp_path: Path) -> None:
    out = tmp_path / "story"
    args = ["--sdxl", "tiny", "--out", str(out), "--max-tokens", "16", "--steps", "2"]
    done = frozen(tmp_path, "generate", "A fox who collects keys", *args, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["version_id"] >= 1
    assert (out / "story.md").read_text(encoding="utf-8").strip()
    with Image.open(out / "illustration.png") as picture:
        assert picture.size[0] > 0
