"""Bringing a library database up to the current schema, one version at a time."""

import sqlite3
from pathlib import Path

from .errors import LibraryError
from .schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, db_path: Path) -> int:
    """Apply the missing migrations, each in its own transaction; return the final version.

    BEGIN IMMEDIATE takes the write lock before reading the version, so two processes
    opening an old library at once cannot both apply the same migration. Foreign keys are off
    while migrating (SQLite ignores the pragma inside a transaction): a migration that rebuilds a
    table drops the old one, which with them on would cascade to the rows that refer to it; each
    migration's result is checked with foreign_key_check before it commits."""
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        return _migrate(conn, db_path)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


def _migrate(conn: sqlite3.Connection, db_path: Path) -> int:
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version > CURRENT_VERSION:
                raise LibraryError(
                    f"library {db_path} has schema version {version}, newer than this "
                    f"storyapp understands ({CURRENT_VERSION}); update storyapp to open it"
                )
            if version == CURRENT_VERSION:
                conn.execute("COMMIT")
                return version
            before = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            # only what this migration broke: a library may hold older dangling rows
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if len(broken) > before:
                raise LibraryError(
                    f"cannot upgrade library {db_path} to schema version {version + 1}: "
                    f"{len(broken) - before} row(s) would refer to rows that are missing; "
                    "nothing was changed"
                )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
