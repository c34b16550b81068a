import dataclasses
from pathlib import Path

import pytest

from storyapp.library import Library, LibraryError, StoryVersion

from .helpers import full_version, make_png


def test_version_reloads_exactly_after_reopen(tmp_path: Path, png: bytes) -> None:
    original = full_version()
    with Library.open(tmp_path / "lib") as lib:
        story = lib.new_story()
        vid = lib.add_version(story.id, original, png)
    with Library.open(tmp_path / "lib") as lib:
        got = lib.get_version(vid)
        image = lib.image_file(got).read_bytes()
    expected = dataclasses.replace(original, id=vid, story_id=story.id, image_path=got.image_path)
    assert got == expected
    for field in dataclasses.fields(StoryVersion):
        assert getattr(got, field.name) == getattr(expected, field.name), field.name
    assert type(got.settings["max_tokens"]) is int
    assert got.image_path.startswith("images/") and got.image_path.endswith(".png")
    assert image == png


def test_versions_accumulate_and_never_overwrite(tmp_path: Path) -> None:
    pictures = [make_png(seed=i) for i in range(3)]
    with Library.open(tmp_path / "lib") as lib:
        story = lib.new_story()
        other = lib.new_story("Another")
        first = lib.add_version(story.id, full_version(created_at=None), pictures[0])
        second = lib.add_version(
            story.id,
            full_version(kind="story", parent_version_id=first, story_text="Two"),
            pictures[1],
        )
        third = lib.add_version(
            story.id,
            full_version(kind="image", parent_version_id=second, created_at=None),
            pictures[2],
        )
        lib.add_version(other.id, full_version(), None)
    with Library.open(tmp_path / "lib") as lib:
        got = lib.versions(story.id)
        assert [v.id for v in got] == [first, second, third]
        assert [v.kind for v in got] == ["full", "story", "image"]
        assert [v.parent_version_id for v in got] == [None, first, second]
        assert [lib.image_file(v).read_bytes() for v in got] == pictures
        assert len({v.image_path for v in got}) == 3
        assert got[1].story_text == "Two"
        assert len(lib.versions(other.id)) == 1


def test_story_title_and_order(lib: Library, png: bytes) -> None:
    older = lib.new_story()
    newer = lib.new_story()
    assert older.title == "" and older.created_at == older.updated_at
    lib.add_version(older.id, full_version(created_at=None), png)
    stories = lib.list_stories()
    assert [s.id for s in stories] == [older.id, newer.id]
    assert stories[0].title == "The Lighthouse Keeper’s Whale"
    assert stories[0].updated_at > older.updated_at
    lib.add_version(older.id, full_version(story_text="# Another title\n\nText."), None)
    assert lib.get_story(older.id).title == "Another title"  # the newest version's


def test_a_renamed_story_keeps_its_name(lib: Library) -> None:
    story = lib.new_story()
    lib.add_version(story.id, full_version(), None)
    lib.rename_story(story.id, "  My whale  ")
    lib.add_version(story.id, full_version(story_text="# Another title\n\nText."), None)
    assert lib.get_story(story.id).title == "My whale"
    lib.rename_story(story.id, "")  # back to following the newest version
    assert lib.get_story(story.id).title == "Another title"
    [card] = lib.story_cards()
    assert card.story.id == story.id and card.versions == 2 and card.picture is None
    assert card.newest.story_text.startswith("# Another")


def test_rerun_keeps_the_parent_picture(lib: Library, png: bytes) -> None:
    story = lib.new_story()
    first = lib.get_version(lib.add_version(story.id, full_version(), png))
    rerun = full_version(kind="story", parent_version_id=first.id, image_path=first.image_path)
    second = lib.get_version(lib.add_version(story.id, rerun, None))
    assert second.image_path == first.image_path
    assert lib.image_file(second).read_bytes() == png


def test_version_without_picture(lib: Library) -> None:
    story = lib.new_story()
    got = lib.get_version(lib.add_version(story.id, full_version(kind="premise"), None))
    assert got.image_path is None and lib.image_file(got) is None


def test_unknown_ids_name_the_id_and_library(lib: Library) -> None:
    for call in (
        lambda: lib.get_version(42),
        lambda: lib.delete_version(42),
        lambda: lib.restore_version(42),
    ):
        with pytest.raises(LibraryError, match=rf"no version 42 in library {lib.root}"):
            call()
    for call in (
        lambda: lib.get_story(7),
        lambda: lib.versions(7),
        lambda: lib.add_version(7, full_version()),
        lambda: lib.delete_story(7),
    ):
        with pytest.raises(LibraryError, match=rf"no story 7 in library {lib.root}"):
            call()


def test_rejects_bad_versions(lib: Library, png: bytes) -> None:
    story = lib.new_story()
    other = lib.new_story()
    foreign = lib.add_version(other.id, full_version(), None)
    with pytest.raises(LibraryError, match="kind 'poem'"):
        lib.add_version(story.id, full_version(kind="poem"), None)
    with pytest.raises(LibraryError, match=f"version {foreign} belongs to story {other.id}"):
        lib.add_version(story.id, full_version(parent_version_id=foreign), png)
    with pytest.raises(LibraryError, match="neither PNG nor JPEG"):
        lib.add_version(story.id, full_version(), b"GIF89a...")
    with pytest.raises(LibraryError, match="no image images/x.png"):
        lib.add_version(story.id, full_version(image_path="images/x.png"), None)
    with pytest.raises(LibraryError, match="no image"):
        lib.add_version(story.id, full_version(image_path="../../etc/passwd"), None)
    assert lib.versions(story.id) == []
    assert len(list((lib.root / "images").iterdir())) == 0, "a rejected save left its image"


def test_naive_datetime_is_refused(lib: Library) -> None:
    story = lib.new_story()
    naive = full_version().created_at.replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive datetime"):
        lib.add_version(story.id, full_version(created_at=naive), None)


def test_database_settings(lib: Library) -> None:
    import sqlite3

    conn = sqlite3.connect(lib.db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        conn.close()


def test_threads_share_one_library(lib: Library) -> None:
    from concurrent.futures import ThreadPoolExecutor

    story = lib.new_story()

    def save(i: int) -> int:
        return lib.add_version(story.id, full_version(settings={"i": i}), make_png(32, 24, seed=i))

    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(save, range(20)))
    assert len(set(ids)) == 20
    assert sorted(v.settings["i"] for v in lib.versions(story.id)) == list(range(20))


def test_a_version_takes_a_name(lib: Library) -> None:
    story = lib.new_story()
    vid = lib.add_version(story.id, full_version(), None)
    lib.rename_version(vid, "  The keeper's cut ")
    named = lib.get_version(vid)
    assert named.label == "The keeper's cut" and named.settings["temperature"] == 0.8
    lib.rename_version(vid, "")
    assert lib.get_version(vid).label == "" and "label" not in lib.get_version(vid).settings
