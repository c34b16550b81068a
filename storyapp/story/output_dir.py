"""A run's output folder: which folders may take a run, and a new one per run. The files appear
in it all at once or not at all (system.atomic.publish)."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path

from storyapp.system import atomic

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
    return atomic.publish(out, write)


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


def _existing_parent(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    return parent
