"""Opening a library folder: refuse what is not ours, then connect and migrate."""

import sqlite3
from pathlib import Path

from .errors import LibraryError
from .migrations import migrate
from .schema import APPLICATION_ID, DB_NAME, IMAGES_DIR


def _check_folder(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise LibraryError(f"{root} is a file, not a library folder")
    if (root / DB_NAME).exists() or not root.exists():
        return
    others = sorted(p.name for p in root.iterdir() if not p.name.startswith("."))
    if others and others != [IMAGES_DIR]:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise LibraryError(
            f"{root} is not a storyapp library: it holds other files ({shown}) and no {DB_NAME}"
        )


def _check_ours(conn: sqlite3.Connection, db: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise LibraryError(f"{db} is not a storyapp library: not a SQLite database ({e})") from e
    if app_id != APPLICATION_ID and tables:
        raise LibraryError(f"{db} is a SQLite database of another program, not a storyapp library")


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LibraryError(f"cannot create library folder {folder}: {e.strerror or e}") from e


def connect(root: Path) -> sqlite3.Connection:
    """A connection to the migrated database of the library folder `root` (created if absent)."""
    _check_folder(root)
    _mkdir(root)
    db = root / DB_NAME
    try:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False, timeout=10)
    except sqlite3.Error as e:
        raise LibraryError(f"cannot open library database {db}: {e}") from e
    try:
        _check_ours(conn, db)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, db)
        _mkdir(root / IMAGES_DIR)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise LibraryError(f"cannot open library database {db}: {e}") from e
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn
