"""A run's files appear in their folder all at once or not at all: they are written into a
temporary folder beside it, which is then renamed into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

FILES = ("premise.md", "story.md", "sd_prompt.txt", "illustration.png", "run.json")


class OutputError(Exception):
    """The output folder cannot be used; the message is one line naming it."""


def check_out_dir(out: Path) -> None:
    """Raises OutputError unless `out` can take a run: it does not exist yet, or is empty, or
    holds a previous run's files only (they are then replaced, as a whole)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir():
        names = {p.name for p in out.iterdir()}
        if names and not ("run.json" in names and names <= set(FILES)):
            raise OutputError(f"{out} already holds other files; give --out a new or empty folder")
    parent = _existing_parent(out)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {parent}")


def publish(out: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(folder)` on a new temporary folder beside `out`, then move it to `out`,
    replacing a previous run there. If `write` fails, `out` is left as it was."""
    check_out_dir(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        write(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private
        _sync(tmp)
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            os.replace(out, old / "run")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _existing_parent(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    return parent


def _sync(folder: Path) -> None:
    for f in folder.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
