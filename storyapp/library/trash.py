"""Trash queries: deleting marks rows; emptying the trash removes them and their image files."""

import sqlite3
from pathlib import Path

from . import rows
from .models import TrashItem

_LIST = (
    "SELECT 'story' AS kind, id, title, deleted_at FROM stories WHERE deleted_at IS NOT NULL "
    "UNION ALL "
    "SELECT 'version', v.id, s.title, v.deleted_at FROM versions v JOIN stories s "
    "ON s.id = v.story_id WHERE v.deleted_at IS NOT NULL AND s.deleted_at IS NULL "
    "ORDER BY deleted_at DESC, id DESC"
)
_DOOMED = (
    "FROM versions WHERE deleted_at IS NOT NULL "
    "OR story_id IN (SELECT id FROM stories WHERE deleted_at IS NOT NULL)"
)


def mark(db: sqlite3.Connection, table: str, item_id: int, deleted: bool) -> None:
    """Put a row in the trash (keeping the first deletion time) or take it out."""
    if deleted:
        stamp = rows.encode_time(rows.now())
        db.execute(
            f"UPDATE {table} SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?",
            (stamp, item_id),
        )
    else:
        db.execute(f"UPDATE {table} SET deleted_at = NULL WHERE id = ?", (item_id,))


def listing(db: sqlite3.Connection) -> list[TrashItem]:
    """Trashed stories, and trashed versions of stories not in the trash; newest first."""
    return [
        TrashItem(kind=r[0], id=r[1], title=r[2], deleted_at=rows.parse_time(r[3]))
        for r in db.execute(_LIST)
    ]


def remove_rows(db: sqlite3.Connection) -> tuple[int, set[str]]:
    """Delete trashed rows (a book version's pages and candidates with it); return how many
    and the image paths they referred to."""
    doomed = f"SELECT id {_DOOMED}"
    images = {
        r[0]
        for r in db.execute(f"SELECT image_path FROM picture_refs WHERE version_id IN ({doomed})")
    }
    # explicit, not left to ON DELETE CASCADE: it holds only while foreign keys are on
    db.execute(f"DELETE FROM page_candidates WHERE version_id IN ({doomed})")
    db.execute(f"DELETE FROM pages WHERE version_id IN ({doomed})")
    gone = db.execute(f"DELETE {_DOOMED}").rowcount
    gone += db.execute("DELETE FROM stories WHERE deleted_at IS NOT NULL").rowcount
    return gone, images


def unlink_unused(db: sqlite3.Connection, root: Path, images: set[str]) -> None:
    """Delete those of `images` no remaining version uses, as its picture, a page's picture or
    a page's candidate (kept images are shared by reruns and by a book's versions)."""
    for rel in images:
        if not db.execute("SELECT 1 FROM picture_refs WHERE image_path = ?", (rel,)).fetchone():
            (root / rel).unlink(missing_ok=True)
