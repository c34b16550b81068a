"""Reading a possibly damaged library database row by row, so one bad page costs only the rows
on it. Used by `library check` (which rows are bad) and `library repair` (keep the good ones)."""

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import rows
from .models import Story, StoryVersion

T = TypeVar("T")
_GUESS_IDS = 10_000  # ids to probe when even the id list cannot be read


@dataclass(slots=True)
class Rows:
    stories: list[Story] = field(default_factory=list)
    versions: list[StoryVersion] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # "version 7", "story 3", "versions (the list)"


@contextlib.contextmanager
def read_only(db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError:
        # A read-only folder cannot get the -shm file WAL needs; immutable reads without it.
        conn.close()
        conn = sqlite3.connect(f"{db.as_uri()}?immutable=1", uri=True)
    except sqlite3.DatabaseError:
        pass  # damaged: the callers name what cannot be read
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


def _ids(conn: sqlite3.Connection, table: str, found: Rows) -> list[int]:
    try:
        return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    except sqlite3.DatabaseError:
        found.bad.append(f"{table} (the list of ids)")
    try:
        top = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return list(range(1, (top[0] if top else _GUESS_IDS) + 1))
    except sqlite3.DatabaseError:
        return list(range(1, _GUESS_IDS + 1))


def read_rows(conn: sqlite3.Connection) -> Rows:
    """Every story and version that can be read and decoded; the others named in `bad`."""
    found = Rows()
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        found.bad.append("every row (the file cannot be read as a database)")
        return found
    _read_table(conn, "stories", "story", rows.to_story, found.stories, found)
    _read_table(conn, "versions", "version", rows.to_version, found.versions, found)
    for v in found.versions:
        try:
            v.pages = rows.read_pages(conn, [v.id]).get(v.id, [])
        except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
            found.bad.append(f"pages of version {v.id}")
    return found


def _read_table(
    conn: sqlite3.Connection,
    table: str,
    what: str,
    decode: Callable[[sqlite3.Row], T],
    kept: list[T],
    found: Rows,
) -> None:
    for row_id in _ids(conn, table, found):
        try:
            row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
            if row is not None:
                kept.append(decode(row))
        except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
            found.bad.append(f"{what} {row_id}")


def integrity(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own integrity check: [] when the file is sound."""
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check(50)")]
    except sqlite3.DatabaseError as e:
        return [str(e)]
    return [] if result == ["ok"] else result
