"""The story library: stories, their versions and illustrations in one folder on disk."""

import contextlib
import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from storyapp.system.atomic import write_atomic

from . import book_pages as _book
from . import orphan_pictures as _orphans
from . import rows
from . import trash as _trash
from .causes import ADVICE, describe
from .connect import connect
from .errors import LibraryError
from .images import new_image_path
from .models import KINDS, PagePictures, Story, StoryCard, StoryVersion, TrashItem
from .paths import default_library_dir
from .schema import DB_NAME, IMAGES_DIR

ORPHAN_AGE_S = 3600.0


class Library:
    """A library folder: `library.sqlite3` plus `images/`. Safe to share between threads."""

    def __init__(self, root: Path, conn: sqlite3.Connection, read_only: bool = False):
        self.root = root
        self.read_only = read_only
        self._conn = conn
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Library":
        """Open (creating if needed) the library at `path`, default `$STORYAPP_HOME/library`.
        A library that cannot be written opens read-only: it can be listed and exported."""
        root = Path(path).expanduser().absolute() if path else default_library_dir()
        lib = cls(root, *connect(root))
        if not lib.read_only:
            try:
                lib.trash_orphans(ORPHAN_AGE_S)
            except (LibraryError, OSError):
                pass  # tidying is optional; the library itself opened fine
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
        if self.read_only:
            why = "the library is read-only"
            raise LibraryError(f"cannot write to library {self.root}: {why}{ADVICE[why]}")
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
            except sqlite3.Error as e:
                raise LibraryError(describe(e, self.root, "write to")) from e

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Reads and row decoding; a damaged database or row becomes LibraryError."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as e:
                raise LibraryError(describe(e, self.root, "read")) from e
            except (ValueError, TypeError) as e:  # a row that SQLite reads but we cannot decode
                raise LibraryError(
                    f"cannot read library {self.root}: a damaged row ({e}); run "
                    f"`storyapp library check --library {self.root}` to see which"
                ) from e

    def _one(self, sql: str, args: tuple, what: str, decode):
        with self._read() as db:
            row = db.execute(sql, args).fetchone()
            if row is None:
                raise LibraryError(f"no {what} {args[0]} in library {self.root}")
            return decode(row)

    def new_story(self, title: str = "") -> Story:
        t = rows.encode_time(rows.now())
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO stories (title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, t, t),
            )
            return self.get_story(_row_id(cur))

    def get_story(self, story_id: int) -> Story:
        return self._one("SELECT * FROM stories WHERE id = ?", (story_id,), "story", rows.to_story)

    def list_stories(self) -> list[Story]:
        """Stories not in the trash, most recently changed first."""
        with self._read() as db:
            found = db.execute(
                "SELECT * FROM stories WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC"
            ).fetchall()
            return [rows.to_story(r) for r in found]

    def get_version(self, version_id: int) -> StoryVersion:
        """The version with its pages (none for a one-picture story)."""
        return self._one(
            "SELECT * FROM versions WHERE id = ?", (version_id,), "version", self._with_pages
        )

    def _with_pages(self, row: sqlite3.Row) -> StoryVersion:
        return rows.to_version(row, rows.read_pages(self._conn, [row["id"]]).get(row["id"]))

    def versions(self, story_id: int) -> list[StoryVersion]:
        """The story's versions not in the trash, oldest first."""
        self.get_story(story_id)
        with self._read() as db:
            found = db.execute(
                "SELECT * FROM versions WHERE story_id = ? AND deleted_at IS NULL ORDER BY id",
                (story_id,),
            ).fetchall()
            pages = rows.read_pages(db, [r["id"] for r in found])
            return [rows.to_version(r, pages.get(r["id"])) for r in found]

    def image_file(self, version: StoryVersion) -> Path | None:
        """The absolute path of a version's illustration, or None when it has none."""
        return self.root / version.image_path if version.image_path else None

    def add_version(
        self,
        story_id: int,
        version: StoryVersion,
        image_bytes: bytes | None = None,
        *,
        page_pictures: Mapping[int, PagePictures] | None = None,
    ) -> int:
        """Save `version` as a new version of the story and return its id.

        With `image_bytes`, the image is written (atomically) inside the transaction, before the
        commit, and removed if the row is not committed. Without, `version.image_path` may name
        an image already in the library (a rerun that kept the picture).

        A book (a version with pages) takes its pictures per page instead: `page_pictures`
        maps a page's index (from 0) to the PNG bytes of its new picture and new candidates;
        pages not in it keep the pictures their PageRecords name. The version's image_path
        becomes page 1's picture and an empty story_text the pages' texts joined. The rows and
        every picture file are saved as one: all of them, or none."""
        return self._save(story_id, version, image_bytes, page_pictures=page_pictures)[1]

    def add_story(
        self,
        version: StoryVersion,
        image_bytes: bytes | None = None,
        title: str = "",
        *,
        page_pictures: Mapping[int, PagePictures] | None = None,
    ) -> tuple[int, int]:
        """Save `version` as the first version of a new story: (story id, version id). The story,
        its version and its pictures are saved as one: all of them, or none. `page_pictures`:
        as for add_version."""
        return self._save(None, version, image_bytes, title, page_pictures)

    def _save(
        self,
        story_id: int | None,
        version: StoryVersion,
        image_bytes: bytes | None,
        title: str = "",
        page_pictures: Mapping[int, PagePictures] | None = None,
    ) -> tuple[int, int]:
        if version.kind not in KINDS:
            raise LibraryError(f"version kind {version.kind!r} is not one of {', '.join(KINDS)}")
        _book.check_pictures(version, image_bytes, page_pictures or {})
        written: list[Path] = []
        try:
            with self._write() as db:
                if story_id is None:
                    t = rows.encode_time(rows.now())
                    story_id = _row_id(
                        db.execute(
                            "INSERT INTO stories (title, created_at, updated_at) VALUES (?, ?, ?)",
                            (title, t, t),
                        )
                    )

                def store(data: bytes) -> str:
                    assert story_id is not None
                    path = new_image_path(story_id, data)
                    written.append(self.root / path)
                    self._write_image(written[-1], data)
                    return path

                if version.pages:
                    version = _book.placed(version, page_pictures or {}, store)
                    for page in version.pages:
                        for path in (page.image_path, *page.candidates):
                            self._check_image(path)
                image_path = version.image_path
                if image_bytes is not None:
                    image_path = store(image_bytes)
                version_id = self._insert(db, story_id, version, image_path)
                rows.insert_pages(db, version_id, version.pages)
                return story_id, version_id
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise

    def _write_image(self, target: Path, data: bytes) -> None:
        try:
            write_atomic(target, data, error=LibraryError)
        except LibraryError as e:
            if isinstance(e.__cause__, OSError):
                raise LibraryError(describe(e.__cause__, self.root, "save a picture in")) from e
            raise

    def _insert(
        self, db: sqlite3.Connection, story_id: int, version: StoryVersion, image_path: str | None
    ) -> int:
        story = self.get_story(story_id)
        if story.deleted_at is not None:
            raise LibraryError(f"story {story_id} in library {self.root} is in the trash")
        self._check_parent(story_id, version.parent_version_id)
        self._check_image(image_path)
        # The title follows the newest version, unless the user named the story otherwise.
        named = story.title and story.title != self._latest_title(db, story_id)
        saved = dataclasses.replace(version, story_id=story_id, image_path=image_path)
        values = rows.version_values(saved)
        marks = ", ".join("?" * len(values))
        cur = db.execute(
            f"INSERT INTO versions ({', '.join(rows.VERSION_COLUMNS)}) VALUES ({marks})", values
        )
        created = values[rows.VERSION_COLUMNS.index("created_at")]
        title = story.title if named else version.title or story.title
        db.execute(
            "UPDATE stories SET updated_at = max(updated_at, ?), title = ? WHERE id = ?",
            (created, title, story_id),
        )
        return _row_id(cur)

    @staticmethod
    def _latest_title(db: sqlite3.Connection, story_id: int) -> str:
        """The title the story's newest version implies ('' without versions)."""
        row = db.execute(
            "SELECT story_text, idea FROM versions WHERE story_id = ? AND deleted_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (story_id,),
        ).fetchone()
        return StoryVersion(story_text=row[0], idea=row[1]).title if row else ""

    def rename_story(self, story_id: int, title: str) -> None:
        """Name the story `title`; an empty title goes back to its newest version's."""
        with self._write() as db:
            self.get_story(story_id)
            title = title.strip() or self._latest_title(db, story_id)
            db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))

    def rename_version(self, version_id: int, name: str) -> None:
        """Give a version a name of the user's (kept in its settings as 'label'); an empty
        name takes it away."""
        with self._write() as db:
            version = self.get_version(version_id)
            settings = {k: v for k, v in version.settings.items() if k != "label"}
            if name.strip():
                settings["label"] = name.strip()
            db.execute(
                "UPDATE versions SET settings = ? WHERE id = ?",
                (json.dumps(settings, ensure_ascii=False), version_id),
            )

    def story_cards(self) -> list[StoryCard]:
        """The stories not in the trash that have versions, most recently changed first."""
        cards = []
        for story in self.list_stories():
            versions = self.versions(story.id)
            if versions:
                pictures = [v.image_path for v in versions if v.image_path]
                picture = pictures[-1] if pictures else None
                cards.append(
                    StoryCard(
                        story=story, newest=versions[-1], versions=len(versions), picture=picture
                    )
                )
        return cards

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
        with self._read() as db:
            return _trash.listing(db)

    def trashed_pictures(self) -> list[Path]:
        """Pictures no version referred to, moved to the trash folder; oldest first."""
        return _orphans.trashed(self.root)

    def empty_trash(self) -> int:
        """Remove trashed stories and versions for good, with their images, and the pictures in
        the trash folder; return the count.

        Rows go in one transaction, unused images in the next: a crash between the two leaves
        only orphan files, never a row whose image is gone."""
        with self._write() as db:
            gone, images = _trash.remove_rows(db)
        with self._write() as db:
            _trash.unlink_unused(db, self.root, images)
        pictures = self.trashed_pictures()
        for path in pictures:
            path.unlink(missing_ok=True)
        return gone + len(pictures)

    def trash_orphans(self, older_than_s: float = ORPHAN_AGE_S) -> int:
        """Move pictures no version refers to into the trash folder, and bring back from there
        those a version refers to again (a restored database); return how many moved out."""
        with self._read() as db:
            used = _orphans.referenced(db)
            _orphans.bring_back(self.root, used)
            return _orphans.sweep(self.root, used, older_than_s)


def _row_id(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT through `cur` just added."""
    assert cur.lastrowid is not None  # None only before a statement
    return cur.lastrowid
