"""The story library: stories, their versions and illustrations in one folder on disk."""

import contextlib
import dataclasses
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from . import rows
from . import trash as _trash
from .atomic import write_atomic
from .connect import connect
from .errors import LibraryError
from .images import new_image_path, orphans
from .models import KINDS, Story, StoryVersion, TrashItem
from .paths import default_library_dir
from .schema import DB_NAME, IMAGES_DIR

ORPHAN_AGE_S = 3600.0


class Library:
    """A library folder: `library.sqlite3` plus `images/`. Safe to share between threads."""

    def __init__(self, root: Path, conn: sqlite3.Connection):
        self.root = root
        self._conn = conn
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Library":
        """Open (creating if needed) the library at `path`, default `$STORYAPP_HOME/library`."""
        root = Path(path).expanduser().absolute() if path else default_library_dir()
        lib = cls(root, connect(root))
        try:
            lib.clean_orphans(ORPHAN_AGE_S)
        except BaseException:
            lib.close()
            raise
        return lib

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite failures (disk full, locked) become LibraryError."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:  # SQLite may have rolled back already
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as e:
                raise LibraryError(f"cannot write to library {self.root}: {e}") from e

    def _one(self, sql: str, args: tuple, what: str) -> sqlite3.Row:
        with self._lock:
            row = self._conn.execute(sql, args).fetchone()
        if row is None:
            raise LibraryError(f"no {what} {args[0]} in library {self.root}")
        return row

    def new_story(self, title: str = "") -> Story:
        t = rows.encode_time(rows.now())
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO stories (title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, t, t),
            )
            return self.get_story(cur.lastrowid)

    def get_story(self, story_id: int) -> Story:
        return rows.to_story(self._one("SELECT * FROM stories WHERE id = ?", (story_id,), "story"))

    def list_stories(self) -> list[Story]:
        """Stories not in the trash, most recently changed first."""
        with self._lock:
            found = self._conn.execute(
                "SELECT * FROM stories WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC"
            ).fetchall()
        return [rows.to_story(r) for r in found]

    def get_version(self, version_id: int) -> StoryVersion:
        row = self._one("SELECT * FROM versions WHERE id = ?", (version_id,), "version")
        return rows.to_version(row)

    def versions(self, story_id: int) -> list[StoryVersion]:
        """The story's versions not in the trash, oldest first."""
        self.get_story(story_id)
        with self._lock:
            found = self._conn.execute(
                "SELECT * FROM versions WHERE story_id = ? AND deleted_at IS NULL ORDER BY id",
                (story_id,),
            ).fetchall()
        return [rows.to_version(r) for r in found]

    def image_file(self, version: StoryVersion) -> Path | None:
        """The absolute path of a version's illustration, or None when it has none."""
        return self.root / version.image_path if version.image_path else None

    def add_version(
        self, story_id: int, version: StoryVersion, image_bytes: bytes | None = None
    ) -> int:
        """Save `version` as a new version of the story and return its id.

        With `image_bytes`, the image is written (atomically) before the row is committed, so a
        crash leaves at most an unreferenced image file. Without, `version.image_path` may name
        an image already in the library (a rerun that kept the picture)."""
        if version.kind not in KINDS:
            raise LibraryError(f"version kind {version.kind!r} is not one of {', '.join(KINDS)}")
        image_path = version.image_path
        if image_bytes is not None:
            image_path = new_image_path(story_id, image_bytes)
            write_atomic(self.root / image_path, image_bytes)
        try:
            with self._write() as db:
                return self._insert(db, story_id, version, image_path)
        except BaseException:
            if image_bytes is not None:
                (self.root / image_path).unlink(missing_ok=True)
            raise

    def _insert(
        self, db: sqlite3.Connection, story_id: int, version: StoryVersion, image_path: str | None
    ) -> int:
        story = self.get_story(story_id)
        if story.deleted_at is not None:
            raise LibraryError(f"story {story_id} in library {self.root} is in the trash")
        self._check_parent(story_id, version.parent_version_id)
        self._check_image(image_path)
        saved = dataclasses.replace(version, story_id=story_id, image_path=image_path)
        values = rows.version_values(saved)
        marks = ", ".join("?" * len(values))
        cur = db.execute(
            f"INSERT INTO versions ({', '.join(rows.VERSION_COLUMNS)}) VALUES ({marks})", values
        )
        created = values[rows.VERSION_COLUMNS.index("created_at")]
        title = story.title or version.title
        db.execute(
            "UPDATE stories SET updated_at = max(updated_at, ?), title = ? WHERE id = ?",
            (created, title, story_id),
        )
        return cur.lastrowid

    def _check_parent(self, story_id: int, parent_id: int | None) -> None:
        if parent_id is None:
            return
        parent = self.get_version(parent_id)
        if parent.story_id != story_id:
            raise LibraryError(
                f"version {parent_id} belongs to story {parent.story_id}, not story {story_id}"
            )

    def _check_image(self, image_path: str | None) -> None:
        if image_path is None:
            return
        name = Path(image_path)
        if name.parent != Path(IMAGES_DIR) or not (self.root / name).is_file():
            raise LibraryError(f"no image {image_path} in library {self.root}")

    def delete_story(self, story_id: int) -> None:
        """Move a story, with all its versions, to the trash."""
        self._mark("stories", story_id, True)

    def delete_version(self, version_id: int) -> None:
        """Move one version to the trash."""
        self._mark("versions", version_id, True)

    def restore_story(self, story_id: int) -> None:
        self._mark("stories", story_id, False)

    def restore_version(self, version_id: int) -> None:
        """Take a version out of the trash, and its story too if that was trashed."""
        self._mark("versions", version_id, False)
        self._mark("stories", self.get_version(version_id).story_id, False)

    def restore(self, item: TrashItem) -> None:
        """Restore an entry of `trash()`."""
        if item.kind == "story":
            self.restore_story(item.id)
        else:
            self.restore_version(item.id)

    def _mark(self, table: str, item_id: int, deleted: bool) -> None:
        with self._write() as db:
            if table == "stories":
                self.get_story(item_id)
            else:
                self.get_version(item_id)
            _trash.mark(db, table, item_id, deleted)

    def trash(self) -> list[TrashItem]:
        """Trashed stories, and trashed versions of stories not in the trash; newest first."""
        with self._lock:
            return _trash.listing(self._conn)

    def empty_trash(self) -> int:
        """Remove trashed stories and versions for good, with their images; return the count.

        Rows go in one transaction, unused images in the next: a crash between the two leaves
        only orphan files, never a row whose image is gone."""
        with self._write() as db:
            gone, images = _trash.remove_rows(db)
        with self._write() as db:
            _trash.unlink_unused(db, self.root, images)
        return gone

    def clean_orphans(self, older_than_s: float = ORPHAN_AGE_S) -> int:
        """Delete image and temp files that no version refers to; return how many."""
        with self._lock:
            used = {r[0] for r in self._conn.execute("SELECT DISTINCT image_path FROM versions")}
            found = orphans(self.root, used, older_than_s)
            for path in found:
                path.unlink(missing_ok=True)
        return len(found)
