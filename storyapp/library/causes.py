"""Naming the real cause of a failed library read or write: a full disk, a read-only folder, a
damaged database, a lock held by another program; never a bare SQLite message."""

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from .schema import DB_NAME

# Less free space than this makes a vague "disk I/O error" a full disk.
_NEARLY_FULL = 1 << 20


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def writable(folder: Path) -> bool:
    """Whether files in `folder` can be created and changed (a read-only mount says no even to
    root; a missing database counts as writable when the folder is)."""
    db = folder / DB_NAME
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not db.exists() or os.access(db, os.W_OK)


def cause(e: BaseException, folder: Path) -> str:
    """A few words for why `e` happened in the library at `folder`."""
    name = getattr(e, "sqlite_errorname", "") or ""
    code = getattr(e, "errno", None)
    if name == "SQLITE_FULL" or code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if name.startswith("SQLITE_READONLY") or code == errno.EROFS:
        return "the library is read-only"
    # text that is not UTF-8 is a damaged row; Python's sqlite3 reports it with no error code
    decode = isinstance(e, sqlite3.OperationalError) and "decode" in str(e)
    if decode or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return "the library database is damaged"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "another program holds the library locked"
    if code in (errno.EACCES, errno.EPERM) or name.startswith("SQLITE_PERM"):
        return "permission denied"
    # SQLite reports a full disk while growing its journal or WAL as a plain I/O error
    free = _free(folder)
    if free is not None and free < _NEARLY_FULL:
        return "the disk is full"
    if folder.exists() and not writable(folder):
        return "the library is read-only"
    return "an input/output error"


def describe(e: BaseException, folder: Path, doing: str) -> str:
    """One line: what failed, on which library, why, and the underlying message."""
    raw = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    raw = " ".join(raw.split())[:160]  # a message may quote a damaged row's text, newlines too
    why = cause(e, folder)
    text = f"cannot {doing} library {folder}: {why} ({raw})"
    if isinstance(e, sqlite3.DatabaseError) and why.endswith("damaged"):
        return text + f"; run `storyapp library check --library {folder}` to see which rows"
    return text + ADVICE.get(why, "")


# What the user can do about each cause; nothing earlier in the library was changed.
ADVICE = {
    "the disk is full": "; free some space on that drive and try again",
    "the library is read-only": (
        "; it can still be listed and exported: copy it to a writable folder to add to it"
    ),
    "another program holds the library locked": "; close the other program and try again",
    "permission denied": "; check that your user may write to that folder",
}
