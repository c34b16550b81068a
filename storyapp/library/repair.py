"""`library repair`: a new database from what can still be read. Rows the old database can
give are kept (with their ids); every picture no kept row refers to becomes a version of its own,
described by the metadata its PNG carries. The old database is kept aside, never deleted."""

import dataclasses
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storyapp.system.atomic import replace

from . import orphan_pictures, rows
from .connect import connect, pictures
from .errors import LibraryError
from .models import PageRecord, StoryVersion
from .salvage import Rows, integrity, read_only, read_rows
from .schema import APPLICATION_ID, DB_NAME, IMAGES_DIR, TRASH_DIR
from .store import Library


@dataclass(slots=True)
class RepairReport:
    kept_aside: Path | None = None  # the old database, renamed
    stories: int = 0
    versions: int = 0
    lost_rows: list[str] = field(default_factory=list)
    recovered_pictures: list[str] = field(default_factory=list)


def _sound(db: Path) -> bool:
    with read_only(db) as conn:
        try:
            ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        except sqlite3.DatabaseError:
            return False
        return ours and not integrity(conn) and not read_rows(conn).bad


def _set_aside(db: Path) -> Path:
    aside = db.with_name(f"{DB_NAME}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            replace(Path(f"{db}{suffix}"), Path(f"{aside}{suffix}"))
    return aside


def _copy_rows(lib: Library, found: Rows) -> None:
    story_ids = {s.id for s in found.stories}
    with lib._write() as db:
        for s in found.stories:
            db.execute(
                "INSERT INTO stories (id, title, created_at, updated_at, deleted_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    s.id,
                    s.title,
                    rows.encode_time(s.created_at),
                    rows.encode_time(s.updated_at),
                    rows.encode_time(s.deleted_at) if s.deleted_at else None,
                ),
            )
        kept: set[int] = set()
        for v in found.versions:
            if v.story_id not in story_ids:  # its story's row was lost: give it a new one
                t = rows.encode_time(v.created_at or rows.now())
                db.execute(
                    "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    (v.story_id, v.title, t, t),
                )
                story_ids.add(v.story_id)
            parent = v.parent_version_id if v.parent_version_id in kept else None
            image = v.image_path if v.image_path and (lib.root / v.image_path).is_file() else None
            pages = [_kept_page(lib.root, p) for p in v.pages]
            if pages:
                image = pages[0].image_path
            saved = dataclasses.replace(v, parent_version_id=parent, image_path=image, pages=pages)
            values = rows.version_values(saved)
            names = ", ".join(("id", *rows.VERSION_COLUMNS, "deleted_at"))
            deleted = rows.encode_time(v.deleted_at) if v.deleted_at else None
            db.execute(
                f"INSERT INTO versions ({names}) VALUES ({', '.join('?' * (len(values) + 2))})",
                (v.id, *values, deleted),
            )
            rows.insert_pages(db, v.id, pages)
            kept.add(v.id)


def _kept_page(root: Path, page: PageRecord) -> PageRecord:
    """The page with only the pictures still in images/ or in the trash folder (which repair
    brings back)."""

    def there(path: str) -> bool:
        return (root / path).is_file() or (root / TRASH_DIR / Path(path).name).is_file()

    image = page.image_path if page.image_path and there(page.image_path) else None
    candidates = tuple(c for c in page.candidates if there(c))
    return dataclasses.replace(page, image_path=image, candidates=candidates)


def _recover_picture(lib: Library, path: Path) -> None:
    from storyapp.illustrate import IllustratorError, read_png_meta

    try:
        meta = read_png_meta(path)
    except IllustratorError:
        meta = {}
    prompt = str(meta.get("prompt") or "")
    version = StoryVersion(
        kind="image",
        image_prompt=prompt,
        negative_prompt=str(meta.get("negative_prompt") or ""),
        image_path=f"{IMAGES_DIR}/{path.name}",
        settings={"image": meta or None, "recovered_from": path.name},
        model=str(meta.get("model") or ""),
        created_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
    )
    words = prompt.split()
    title = "Recovered picture" + (": " + " ".join(words[:8]) if words else f" {path.name}")
    lib.add_story(version, title=title)


def repair(root: Path) -> RepairReport:
    """Rebuild the library at `root` from its readable rows and its pictures."""
    root = Path(root).expanduser().absolute()
    if not root.is_dir():
        raise LibraryError(f"no library folder {root}")
    db = root / DB_NAME
    report = RepairReport()
    found = Rows()
    if db.exists() and db.stat().st_size and not _sound(db):
        with read_only(db) as conn:
            found = read_rows(conn)
        report.lost_rows = found.bad
        report.kept_aside = _set_aside(db)
    lib = Library(root, *connect(root, rebuilding=True))
    with lib:
        if found.stories or found.versions:
            _copy_rows(lib, found)
        with lib._read() as conn:
            used = orphan_pictures.referenced(conn)
        orphan_pictures.bring_back(root, used)
        for path in orphan_pictures.trashed(root):
            if not (root / IMAGES_DIR / path.name).exists():
                replace(path, root / IMAGES_DIR / path.name)
        for path in pictures(root):
            if f"{IMAGES_DIR}/{path.name}" not in used:
                _recover_picture(lib, path)
                report.recovered_pictures.append(path.name)
        report.stories = len(lib.list_stories())
        report.versions = sum(len(lib.versions(s.id)) for s in lib.list_stories())
    return report
