import sqlite3
from pathlib import Path

import pytest

from storyapp.library import Library, LibraryError, default_library_dir


def test_creates_a_missing_folder(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a" / "b") as lib:
        assert lib.db_path.is_file()
        assert (lib.root / "images").is_dir()


def test_default_folder_follows_storyapp_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    assert default_library_dir() == tmp_path / "home" / "library"
    with Library.open() as lib:
        assert lib.root == tmp_path / "home" / "library"
        assert lib.db_path.is_file()


def test_opens_an_empty_existing_folder(tmp_path: Path) -> None:
    (tmp_path / ".hidden").write_text("desktop metadata")
    with Library.open(tmp_path) as lib:
        assert lib.list_stories() == []


def test_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("mine")
    (tmp_path / "photos").mkdir()
    with pytest.raises(
        LibraryError, match=rf"{tmp_path} is not a storyapp library.*photos, thesis"
    ):
        Library.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos", "thesis.docx"]


def test_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(LibraryError, match=rf"{path} is a file, not a library folder"):
        Library.open(path)


def test_refuses_a_database_file_that_is_not_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    db.write_bytes(b"this is not a database, just text that is long enough to fool no one" * 20)
    with pytest.raises(LibraryError, match=rf"{db} is not a storyapp library: not a SQLite"):
        Library.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3"]


def test_refuses_another_programs_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE books (isbn TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match=rf"{db} is a SQLite database of another program"):
        Library.open(tmp_path)


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(LibraryError, match="schema version 99, newer than this storyapp"):
        Library.open(tmp_path)


def test_two_handles_see_each_others_writes(tmp_path: Path) -> None:
    with Library.open(tmp_path) as a, Library.open(tmp_path) as b:
        story = a.new_story("Shared")
        assert [s.title for s in b.list_stories()] == ["Shared"]
        assert b.get_story(story.id).title == "Shared"
