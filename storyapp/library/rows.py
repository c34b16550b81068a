"""Converting between dataclasses and database rows (JSON for dicts, ISO 8601 UTC for times)."""

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from .models import PageRecord, Story, StoryVersion

VERSION_COLUMNS = (
    "story_id",
    "parent_version_id",
    "kind",
    "idea",
    "premise",
    "story_text",
    "image_prompt",
    "negative_prompt",
    "image_path",
    "settings",
    "model",
    "adapters",
    "backend",
    "timings",
    "created_at",
    "cast_sheet",  # StoryVersion.cast ("cast" is an SQL keyword)
    "style",
)
_JSON = ("settings", "adapters", "timings", "cast_sheet")
_FIELD = {"cast_sheet": "cast"}
# Columns a library older than schema v3 lacks (check reads libraries not yet upgraded).
_SINCE_V3 = {"cast_sheet": "[]", "style": ""}
PAGE_COLUMNS = ("version_id", "position", "text", "image_prompt", "seed", "image_path", "stale")


def now() -> datetime:
    return datetime.now(UTC)


def encode_time(t: datetime) -> str:
    if t.tzinfo is None:
        raise ValueError(f"naive datetime {t!r}: give times with a timezone")
    return t.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(s: str) -> datetime:
    """A time of a NOT NULL column."""
    return datetime.fromisoformat(s)


def decode_time(s: str | None) -> datetime | None:
    return None if s is None else parse_time(s)


def version_values(v: StoryVersion) -> tuple[Any, ...]:
    row = {name: getattr(v, _FIELD.get(name, name)) for name in VERSION_COLUMNS}
    for name in _JSON:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    row["created_at"] = encode_time(v.created_at or now())
    return tuple(row[name] for name in VERSION_COLUMNS)


def to_version(row: sqlite3.Row, pages: list[PageRecord] | None = None) -> StoryVersion:
    have = set(row.keys())
    values: dict[str, Any] = {n: row[n] if n in have else _SINCE_V3[n] for n in VERSION_COLUMNS}
    for name in _JSON:
        values[name] = json.loads(values[name])
    values["created_at"] = decode_time(values["created_at"])
    if not isinstance(values["cast_sheet"], list):
        raise ValueError(f"cast sheet of version {row['id']} is not a list")
    fields = {_FIELD.get(n, n): v for n, v in values.items()}
    return StoryVersion(
        id=row["id"], deleted_at=decode_time(row["deleted_at"]), pages=pages or [], **fields
    )


def page_values(version_id: int, page: PageRecord) -> tuple[Any, ...]:
    return (
        version_id,
        page.position,
        page.text,
        page.image_prompt,
        page.seed,
        page.image_path,
        int(page.stale),
    )


def to_page(row: sqlite3.Row, candidates: tuple[str, ...]) -> PageRecord:
    return PageRecord(
        position=row["position"],
        text=row["text"],
        image_prompt=row["image_prompt"],
        seed=row["seed"],
        image_path=row["image_path"],
        stale=bool(row["stale"]),
        candidates=candidates,
    )


def has_pages(db: sqlite3.Connection) -> bool:
    """Whether the database has the pages tables (schema v3 and later)."""
    found = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
        "AND name IN ('pages', 'page_candidates')"
    ).fetchone()[0]
    return found == 2


def read_pages(db: sqlite3.Connection, version_ids: list[int]) -> dict[int, list[PageRecord]]:
    """{version id: its pages in order} for those of `version_ids` that have pages."""
    if not version_ids or not has_pages(db):
        return {}
    marks = ", ".join("?" * len(version_ids))
    candidates: dict[tuple[int, int], list[str]] = {}
    for r in db.execute(
        f"SELECT version_id, position, image_path FROM page_candidates "
        f"WHERE version_id IN ({marks}) ORDER BY version_id, position, rank",
        version_ids,
    ):
        candidates.setdefault((r[0], r[1]), []).append(r[2])
    found: dict[int, list[PageRecord]] = {}
    for r in db.execute(
        f"SELECT * FROM pages WHERE version_id IN ({marks}) ORDER BY version_id, position",
        version_ids,
    ):
        key = (r["version_id"], r["position"])
        found.setdefault(key[0], []).append(to_page(r, tuple(candidates.get(key, ()))))
    return found


def insert_pages(db: sqlite3.Connection, version_id: int, pages: list[PageRecord]) -> None:
    marks = ", ".join("?" * len(PAGE_COLUMNS))
    for page in pages:
        db.execute(
            f"INSERT INTO pages ({', '.join(PAGE_COLUMNS)}) VALUES ({marks})",
            page_values(version_id, page),
        )
        for rank, path in enumerate(page.candidates):
            db.execute(
                "INSERT INTO page_candidates (version_id, position, rank, image_path) "
                "VALUES (?, ?, ?, ?)",
                (version_id, page.position, rank, path),
            )


def to_story(row: sqlite3.Row) -> Story:
    return Story(
        id=row["id"],
        title=row["title"],
        created_at=parse_time(row["created_at"]),
        updated_at=parse_time(row["updated_at"]),
        deleted_at=decode_time(row["deleted_at"]),
    )
