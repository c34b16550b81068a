"""A run's files appear in their folder all at once or not at all: they are written into a
temporary folder beside it, which is then renamed into place. The temporary folder's name carries
its process id, so one a killed run left behind is removed by the next run that saves there."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .owner import alive

# .NAME.tmp-PID-XXXXXXXX and .NAME.old-PID-XXXXXXXX (mkdtemp's random suffix has no dot)
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>[0-9]+)-[^.]+")

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
    remove_leftovers(out.parent)
    tmp = _temp(out, "tmp")
    try:
        write(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private
        _sync(tmp)
        if out.is_dir() and not any(out.iterdir()):
            _replace_empty(tmp, out)
        elif out.exists():
            old = _temp(out, "old")
            os.replace(out, old / "run")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def new_folder(base: Path) -> Path:
    """A new, empty folder no other run has: `base`, else `base-2`, `base-3`, ... Made here with
    mkdir, which fails for a name that exists, so two runs started in the same second never share
    one."""
    for n in itertools.count(1):
        path = base if n == 1 else base.with_name(f"{base.name}-{n}")
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            continue
        except OSError as e:
            raise OutputError(f"cannot make the folder {path}: {e.strerror or e}") from None
        return path
    raise AssertionError("unreachable")


def remove_if_empty(folder: Path) -> None:
    """Give back a folder from new_folder() that no run's files went into."""
    with contextlib.suppress(OSError):  # it holds a run (or is gone): keep it
        folder.rmdir()


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary folders in `folder` whose run was killed mid-save (their process is
    gone); those of a run still saving are kept. The removed folders."""
    gone = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return gone
    for path in entries:
        m = _LEFTOVER.fullmatch(path.name)
        if m and path.is_dir() and not path.is_symlink() and not alive(int(m["pid"])):
            if m["kind"] == "old":
                _restore(path / "run", folder / m["name"])
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    return gone


def _restore(previous: Path, out: Path) -> None:
    """A run killed between moving the previous run aside and moving its own into place: the
    previous run goes back rather than being lost."""
    if previous.is_dir() and not out.exists():
        with contextlib.suppress(OSError):
            os.replace(previous, out)


def _temp(out: Path, kind: str) -> Path:
    return Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.{kind}-{os.getpid()}-"))


def _replace_empty(tmp: Path, out: Path) -> None:
    """POSIX renames over an empty folder in one step, so the name is never free for another run
    to take; Windows refuses, and gets a remove then a rename."""
    try:
        os.replace(tmp, out)
    except OSError:
        os.rmdir(out)
        os.replace(tmp, out)


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
