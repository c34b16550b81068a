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
    opening an old library at once cannot both apply the same migration."""
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
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
