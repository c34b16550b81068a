"""Atomic file writes: a temp file in the target's folder, fsync, os.replace, fsync the folder.

Readers see either the old file or the complete new one, never a half-written one."""

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import LibraryError

TEMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_in(target: Path) -> tuple[int, Path]:
    # Not tempfile.mkstemp: its 0600 mode would stick to the final file; 0666 honours the umask.
    temp = target.with_name(f".{target.name[:200]}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")
    try:
        return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
    except OSError as e:
        raise LibraryError(f"cannot write {target}: {e.strerror or e}") from e


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces `target`, on an error it vanishes."""
    target = Path(target)
    if target.is_dir():
        raise LibraryError(f"cannot write {target}: it is a folder")
    fd, temp = _temp_in(target)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as e:  # disk full, quota, I/O error
        temp.unlink(missing_ok=True)
        raise LibraryError(f"cannot write {target}: {e.strerror or e}") from e
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, data: bytes) -> None:
    with atomic_write(target) as f:
        f.write(data)
