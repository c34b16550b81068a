"""Files and folders that appear whole or not at all: written beside their target, flushed to
disk, then renamed into place. What Windows does differently is decided here and nowhere else:
it cannot open a folder to fsync it, its fsync needs a handle open for writing, and its rename
fails while another program (a viewer, a virus scanner) holds the target open."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .process import alive

TEMP_SUFFIX = ".tmp"
# publish()'s folders: .NAME.tmp-PID-XXXXXXXX and .NAME.old-PID-XXXXXXXX (no dot in the suffix)
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>[0-9]+)-[^.]+")


@dataclass(frozen=True, slots=True)
class OS:
    """The operating system's facts and its rename, passed in so that tests on Linux can take
    the Windows branch."""

    windows: bool = os.name == "nt"
    rename: Callable[[Path, Path], None] = os.replace
    sleep: Callable[[float], None] = time.sleep
    retry_waits: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4, 0.8)


HOST = OS()


def fsync_file(path: Path, system: OS = HOST) -> None:
    """Flush `path`'s data to the disk."""
    fd = os.open(path, (os.O_RDWR | getattr(os, "O_BINARY", 0)) if system.windows else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path, system: OS = HOST) -> None:
    """Make the names just added to or renamed in `folder` durable. Windows cannot open a
    folder, and NTFS journals renames itself."""
    if system.windows:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(src: Path, dst: Path, system: OS = HOST) -> None:
    """os.replace. On Windows a target another program holds open is tried again a few times
    before giving up with an error that says so."""
    waits = system.retry_waits if system.windows else ()
    for wait in waits:
        try:
            system.rename(src, dst)
            return
        except PermissionError:
            system.sleep(wait)
    try:
        system.rename(src, dst)
    except PermissionError as e:
        if not system.windows:
            raise
        reason = f"{e.strerror or e} (another program may have it open: close it and try again)"
        raise PermissionError(e.errno, reason, str(dst)) from e


@contextlib.contextmanager
def atomic_write(
    target: Path, *, error: Callable[[str], Exception] = OSError, system: OS = HOST
) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces `target`, on an error it vanishes.
    Failures to write are raised as `error("cannot write TARGET: reason")`, cause attached."""
    target = Path(target)
    if target.is_dir():
        raise error(f"cannot write {target}: it is a folder")
    fd, temp = _temp_file(target, error)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        replace(temp, target, system)
        fsync_dir(target.parent, system)
    except OSError as e:  # disk full, quota, I/O error, a target held open
        temp.unlink(missing_ok=True)
        raise error(f"cannot write {target}: {e.strerror or e}") from e
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(
    target: Path, data: bytes, *, error: Callable[[str], Exception] = OSError, system: OS = HOST
) -> None:
    with atomic_write(target, error=error, system=system) as f:
        f.write(data)


def publish(out: Path, write: Callable[[Path], None], system: OS = HOST) -> Path:
    """Call `write(folder)` on a new temporary folder beside `out`, then move it to `out`,
    replacing a folder there as a whole. If `write` fails, `out` is left as it was. The
    temporary folder's name carries this process's id, so one a killed run left behind is
    removed by the next publish there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out.parent)
    tmp = _temp_dir(out, "tmp")
    try:
        write(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private
        _sync(tmp, system)
        if out.is_dir() and not any(out.iterdir()):
            if system.windows:  # POSIX renames over an empty folder in one step; Windows refuses
                os.rmdir(out)
            replace(tmp, out, system)
        elif out.exists():
            old = _temp_dir(out, "old")
            replace(out, old / "run", system)
            replace(tmp, out, system)
            shutil.rmtree(old, ignore_errors=True)
        else:
            replace(tmp, out, system)
        fsync_dir(out.parent, system)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary folders of publish() in `folder` whose process is gone (killed
    mid-save); those of a run still saving are kept. The removed folders."""
    gone: list[Path] = []
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
    """A run killed between moving the previous folder aside and moving its own into place:
    the previous one goes back rather than being lost."""
    if previous.is_dir() and not out.exists():
        with contextlib.suppress(OSError):
            os.replace(previous, out)


def _temp_file(target: Path, error: Callable[[str], Exception]) -> tuple[int, Path]:
    # Not tempfile.mkstemp: its 0600 mode would stick to the final file; 0666 honours the umask.
    temp = target.with_name(f".{target.name[:200]}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as e:
        raise error(f"cannot write {target}: {e.strerror or e}") from e
    with contextlib.suppress(OSError):  # a replaced file keeps its mode, as an in-place save would
        os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
    return fd, temp


def _temp_dir(out: Path, kind: str) -> Path:
    return Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.{kind}-{os.getpid()}-"))


def _sync(folder: Path, system: OS) -> None:
    for path in folder.iterdir():
        if path.is_file():
            fsync_file(path, system)
    fsync_dir(folder, system)
