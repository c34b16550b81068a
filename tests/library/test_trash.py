import sqlite3

from storyapp.library import Library

from .helpers import full_version, make_png


def _files(lib: Library) -> set[str]:
    return {f"images/{p.name}" for p in (lib.root / "images").iterdir()}


def test_delete_version_and_restore(lib: Library, png: bytes) -> None:
    story = lib.new_story()
    keep = lib.add_version(story.id, full_version(), png)
    gone = lib.add_version(story.id, full_version(), make_png(seed=1))
    lib.delete_version(gone)
    assert [v.id for v in lib.versions(story.id)] == [keep]
    first_deleted = lib.get_version(gone).deleted_at
    assert first_deleted is not None
    lib.delete_version(gone)
    assert lib.get_version(gone).deleted_at == first_deleted
    [item] = lib.trash()
    assert (item.kind, item.id, item.title) == ("version", gone, "The Lighthouse Keeper’s Whale")
    lib.restore(item)
    assert [v.id for v in lib.versions(story.id)] == [keep, gone]
    assert lib.trash() == []


def test_delete_story_hides_it_and_restores_with_versions(lib: Library, png: bytes) -> None:
    story = lib.new_story("Kept title")
    vid = lib.add_version(story.id, full_version(), png)
    lib.delete_story(story.id)
    assert lib.list_stories() == []
    assert [(t.kind, t.id, t.title) for t in lib.trash()] == [("story", story.id, "Kept title")]
    lib.restore_story(story.id)
    assert [s.id for s in lib.list_stories()] == [story.id]
    assert [v.id for v in lib.versions(story.id)] == [vid]


def test_restoring_a_version_restores_its_story(lib: Library) -> None:
    story = lib.new_story()
    vid = lib.add_version(story.id, full_version(), None)
    lib.delete_version(vid)
    lib.delete_story(story.id)
    lib.restore_version(vid)
    assert [s.id for s in lib.list_stories()] == [story.id]
    assert [v.id for v in lib.versions(story.id)] == [vid]


def test_empty_trash_removes_rows_and_images(lib: Library, png: bytes) -> None:
    kept_story = lib.new_story()
    first = lib.add_version(kept_story.id, full_version(), png)
    shared = lib.get_version(first).image_path
    rerun = lib.add_version(
        kept_story.id, full_version(image_path=shared, parent_version_id=first), None
    )
    lone = lib.add_version(kept_story.id, full_version(parent_version_id=first), make_png(seed=2))
    doomed_story = lib.new_story()
    doomed = lib.add_version(doomed_story.id, full_version(), make_png(seed=3))
    doomed_image = lib.get_version(doomed).image_path
    lone_image = lib.get_version(lone).image_path

    lib.delete_version(first)  # its picture is still used by `rerun`
    lib.delete_version(lone)
    lib.delete_story(doomed_story.id)
    assert lib.empty_trash() == 4  # 3 versions + 1 story
    assert lib.trash() == []
    assert [v.id for v in lib.versions(kept_story.id)] == [rerun]
    assert lib.get_version(rerun).parent_version_id is None  # ON DELETE SET NULL
    assert _files(lib) == {shared}
    assert lone_image not in _files(lib) and doomed_image not in _files(lib)
    conn = sqlite3.connect(lib.db_path)
    assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_orphan_pictures_go_to_the_trash_folder_not_away(lib: Library, png: bytes) -> None:
    story = lib.new_story()
    vid = lib.add_version(story.id, full_version(), png)
    images = lib.root / "images"
    (images / "s1-deadbeef.png").write_bytes(png)  # an image whose row was never committed
    (images / ".s1-x.png.0123.tmp").write_bytes(b"half")  # a temp file of a killed write
    (images / "notes.txt").write_text("not ours")
    assert lib.trash_orphans() == 0  # too new: another process may be about to commit it
    assert lib.trash_orphans(older_than_s=0) == 1
    assert _files(lib) == {lib.get_version(vid).image_path, "images/notes.txt"}
    assert [p.name for p in lib.trashed_pictures()] == ["s1-deadbeef.png"]
    assert lib.trashed_pictures()[0].read_bytes() == png
    assert lib.empty_trash() == 1
    assert lib.trashed_pictures() == []
