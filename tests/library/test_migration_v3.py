"""Schema v3 (books) from a v2 library: every story, version, parent link, trash mark and
picture kept as it was, and a book version can then be added."""

import sqlite3
from pathlib import Path

from storyapp.library import Library, schema

from .book_helpers import book_pictures, book_version
from .helpers import make_png

T = "2024-05-01T10:00:00.000000+00:00"
GONE = "2024-06-01T10:00:00.000000+00:00"


def make_v2_library(root: Path) -> dict[str, bytes]:
    """A library as storyapp with schema v2 wrote it: two stories, a version chain with a
    parent link, a trashed version and a trashed story, three pictures."""
    root.mkdir()
    (root / "images").mkdir()
    pictures = {f"images/s{i}-old.png": make_png(seed=i) for i in (1, 2, 3)}
    for rel, data in pictures.items():
        (root / rel).write_bytes(data)
    conn = sqlite3.connect(root / schema.DB_NAME)
    for statement in (*schema.V1, *schema.V2):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO stories VALUES (1, 'Old tale', ?, ?, NULL)", (T, T))
    conn.execute("INSERT INTO stories VALUES (2, 'Binned tale', ?, ?, ?)", (T, T, GONE))
    insert = (
        "INSERT INTO versions (id, story_id, parent_version_id, kind, idea, story_text, "
        "image_path, settings, adapters, timings, created_at, deleted_at) "
        "VALUES (?, ?, ?, ?, 'idea', ?, ?, ?, '{\"story\": \"story-writer\"}', '{}', ?, ?)"
    )
    conn.execute(insert, (1, 1, None, "full", "Old tale\nOnce.", "images/s1-old.png",
                          '{"seed": 7}', T, None))  # fmt: skip
    conn.execute(insert, (2, 1, 1, "story", "Old tale\nTwice.", "images/s1-old.png",
                          '{"seed": 8}', T, None))  # fmt: skip
    conn.execute(insert, (3, 1, 2, "image", "Old tale\nThrice.", "images/s2-old.png",
                          '{"seed": 9}', T, GONE))  # fmt: skip
    conn.execute(insert, (4, 2, None, "full", "Binned\nGone.", "images/s3-old.png",
                          "{}", T, None))  # fmt: skip
    conn.commit()
    conn.close()
    return pictures


def dump(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_v2_library_migrates_to_v3_with_nothing_lost(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    pictures = make_v2_library(root)
    db = root / schema.DB_NAME
    stories, versions = dump(db, "stories"), dump(db, "versions")
    with Library.open(root) as lib:
        assert [s.title for s in lib.list_stories()] == ["Old tale"]
        live = lib.versions(1)
        assert [(v.id, v.parent_version_id, v.kind) for v in live] == [
            (1, None, "full"),
            (2, 1, "story"),
        ]
        assert [v.settings for v in live] == [{"seed": 7}, {"seed": 8}]
        assert all(v.pages == [] and v.cast == [] and v.style == "" for v in live)
        assert lib.get_version(3).parent_version_id == 2
        assert sorted((t.kind, t.id) for t in lib.trash()) == [("story", 2), ("version", 3)]
        for rel, data in pictures.items():
            assert (root / rel).read_bytes() == data, rel
    # every old row is there unchanged, the new columns at their defaults
    assert dump(db, "stories") == stories
    after = dump(db, "versions")
    assert [row[: len(versions[0])] for row in after] == versions
    assert {row[len(versions[0]) :] for row in after} == {("[]", "")}
    with Library.open(root) as lib:  # a book can now be added to the old story
        vid = lib.add_version(1, book_version(parent_version_id=2), page_pictures=book_pictures())
        assert len(lib.get_version(vid).pages) == 3
        assert [v.id for v in lib.versions(1)] == [1, 2, vid]
        for rel, data in pictures.items():
            assert (root / rel).read_bytes() == data, rel
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION == 3
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"versions_by_story", "versions_in_trash", "pages", "picture_refs"} <= names
    assert "versions_v3" not in names
    # the parent link still cascades: the table was rebuilt with its foreign keys
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM versions WHERE id = 1")
    assert conn.execute("SELECT parent_version_id FROM versions WHERE id = 2").fetchone() == (None,)
    conn.close()


def test_a_v2_library_is_checked_before_it_is_upgraded(tmp_path: Path) -> None:
    """`library check` reads a library not yet opened by this storyapp: no row is 'bad'."""
    from storyapp.library import check

    root = tmp_path / "lib"
    make_v2_library(root)
    report = check(root)
    assert report.ok and report.versions == 4, report
