"""Opening a library folder: refuse what is not ours, then connect and migrate.

A folder that is not plainly a library is never initialised: pictures without a database are
what a lost or emptied database leaves, and creating a new one there would disown them."""

import sqlite3
from pathlib import Path

from .causes import describe, writable
from .errors import LibraryError
from .migrations import migrate, schema_version
from .schema import APPLICATION_ID, CURRENT_VERSION, DB_NAME, IMAGES_DIR, TRASH_DIR

_OURS = {IMAGES_DIR, TRASH_DIR}


def pictures(root: Path) -> list[Path]:
    """The files in the library's images folder (any kind: they may be the user's own)."""
    folder = root / IMAGES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _refuse_pictures(root: Path, found: list[Path], state: str) -> None:
    raise LibraryError(
        f"{root} holds {len(found)} picture(s) in {IMAGES_DIR}/ but {state}: restore "
        f"{DB_NAME} from a backup, or run `storyapp library repair --library {root}` to "
        "rebuild the library from the pictures"
    )


def _check_folder(root: Path, pictures_ok: bool) -> None:
    if root.exists() and not root.is_dir():
        raise LibraryError(f"{root} is a file, not a library folder")
    if (root / DB_NAME).exists() or not root.exists():
        return
    others = sorted(p.name for p in root.iterdir() if not p.name.startswith("."))
    # the database kept aside by `library repair` (and its -wal, -shm) are ours too
    if {n for n in others if not n.startswith(DB_NAME)} - _OURS:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise LibraryError(
            f"{root} is not a storyapp library: it holds other files ({shown}) and no {DB_NAME}"
        )
    found = pictures(root)
    if found and not pictures_ok:
        _refuse_pictures(root, found, f"no {DB_NAME}")


def _check_ours(conn: sqlite3.Connection, db: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        if getattr(e, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise LibraryError(f"{db} is not a storyapp library: not a SQLite database") from e
        raise LibraryError(describe(e, db.parent, "open")) from e
    if app_id != APPLICATION_ID and tables:
        raise LibraryError(f"{db} is a SQLite database of another program, not a storyapp library")


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LibraryError(f"cannot create library folder {folder}: {e.strerror or e}") from e


def _sqlite(target: str | Path, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        target, isolation_level=None, check_same_thread=False, timeout=10, uri=uri
    )


def _connect(db: Path, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        return _sqlite(db)
    conn = _sqlite(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL database needs its -shm file, which a read-only folder cannot get; nothing can
        # change the file there, so reading it as immutable is safe.
        conn.close()
        return _sqlite(f"{db.as_uri()}?immutable=1", uri=True)


def _prepare(conn: sqlite3.Connection, root: Path, read_only: bool, rebuilding: bool) -> None:
    db = root / DB_NAME
    _check_ours(conn, db)
    if not rebuilding and schema_version(conn) == 0 and pictures(root):
        _refuse_pictures(root, pictures(root), f"an empty {DB_NAME}")
    if read_only:
        if schema_version(conn) != CURRENT_VERSION:
            raise LibraryError(
                f"library {root} is read-only and its database needs upgrading: "
                "open it once where it can be written"
            )
        return
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, db)
    _mkdir(root / IMAGES_DIR)


def connect(root: Path, rebuilding: bool = False) -> tuple[sqlite3.Connection, bool]:
    """(connection, read_only) to the migrated database of the library folder `root`, created
    if absent. A library that cannot be written opens read-only. `rebuilding`: accept pictures
    beside an empty database (library repair)."""
    _check_folder(root, pictures_ok=rebuilding)
    db = root / DB_NAME
    read_only = root.exists() and not writable(root)
    if read_only and not db.exists():
        raise LibraryError(f"cannot create a library in {root}: the folder is read-only")
    if not read_only:
        _mkdir(root)
    try:
        conn = _connect(db, read_only)
    except sqlite3.Error as e:
        raise LibraryError(describe(e, root, "open")) from e
    try:
        _prepare(conn, root, read_only, rebuilding)
    except sqlite3.Error as e:
        conn.close()
        raise LibraryError(describe(e, root, "open")) from e
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn, read_only
