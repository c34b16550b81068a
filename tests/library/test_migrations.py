import sqlite3
from pathlib import Path

import pytest

from storyapp.library import Library, LibraryError, schema
from storyapp.library import migrations as migrations_module

from .helpers import make_png


def make_v1_library(root: Path) -> bytes:
    """A library as storyapp with schema v1 wrote it: no trash columns, rollback journal."""
    root.mkdir()
    (root / "images").mkdir()
    picture = make_png()
    (root / "images" / "s1-old.png").write_bytes(picture)
    conn = sqlite3.connect(root / schema.DB_NAME)
    for statement in schema.V1:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    t = "2024-05-01T10:00:00.000000+00:00"
    conn.execute("INSERT INTO stories VALUES (1, 'Old tale', ?, ?)", (t, t))
    conn.execute(
        "INSERT INTO versions (story_id, kind, idea, story_text, image_path, settings, "
        "adapters, timings, created_at) VALUES (1, 'full', 'idea', 'Old tale\nOnce.', "
        "'images/s1-old.png', '{\"seed\": 7}', '{\"story\": \"story-writer\"}', '{}', ?)",
        (t,),
    )
    conn.commit()
    conn.close()
    return picture


def columns(db: Path, table: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def test_v1_library_migrates_and_keeps_its_data(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    picture = make_v1_library(root)
    assert "deleted_at" not in columns(root / schema.DB_NAME, "versions")
    with Library.open(root) as lib:
        [story] = lib.list_stories()
        assert (story.id, story.title, story.deleted_at) == (1, "Old tale", None)
        [version] = lib.versions(1)
        assert version.story_text == "Old tale\nOnce."
        assert version.settings == {"seed": 7}
        assert version.adapters == {"story": "story-writer"}
        assert lib.image_file(version).read_bytes() == picture
        lib.delete_version(version.id)  # the v2 feature works on migrated data
        assert [t.id for t in lib.trash()] == [version.id]
    conn = sqlite3.connect(root / schema.DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION == 3
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"versions_by_story", "stories_in_trash", "versions_in_trash"} <= names
    conn.close()


def test_a_failing_migration_leaves_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    make_v1_library(root)
    broken_v2 = (schema.V2[0], "ALTER TABLE no_such_table ADD COLUMN x TEXT")
    monkeypatch.setattr(migrations_module, "MIGRATIONS", (schema.V1, broken_v2))
    with pytest.raises(LibraryError, match="no such table"):
        Library.open(root)
    db = root / schema.DB_NAME
    assert "deleted_at" not in columns(db, "stories")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    monkeypatch.undo()
    with Library.open(root) as lib:
        assert [s.title for s in lib.list_stories()] == ["Old tale"]
