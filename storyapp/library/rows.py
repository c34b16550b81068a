"""Converting between dataclasses and database rows (JSON for dicts, ISO 8601 UTC for times)."""

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from .models import Story, StoryVersion

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
)
_JSON = ("settings", "adapters", "timings")


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
    row = {name: getattr(v, name) for name in VERSION_COLUMNS}
    for name in _JSON:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    row["created_at"] = encode_time(v.created_at or now())
    return tuple(row[name] for name in VERSION_COLUMNS)


def to_version(row: sqlite3.Row) -> StoryVersion:
    fields = {name: row[name] for name in VERSION_COLUMNS}
    for name in _JSON:
        fields[name] = json.loads(fields[name])
    fields["created_at"] = decode_time(fields["created_at"])
    return StoryVersion(id=row["id"], deleted_at=decode_time(row["deleted_at"]), **fields)


def to_story(row: sqlite3.Row) -> Story:
    return Story(
        id=row["id"],
        title=row["title"],
        created_at=parse_time(row["created_at"]),
        updated_at=parse_time(row["updated_at"]),
        deleted_at=decode_time(row["deleted_at"]),
    )
