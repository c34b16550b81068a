"""Books in the library: a version with pages, each with its picture and candidates, saved all
or nothing, read back whole; trash, orphans, check and repair know every page picture."""

import dataclasses
import os
import sqlite3
from pathlib import Path

import pytest

from storyapp.library import Library, LibraryError, PagePictures, check, repair

from .book_helpers import TEXTS, book_pictures, book_version, page_png
from .faults import age, fill, rows, small_disk
from .helpers import big_image, full_version, make_png


def files(lib: Library) -> set[str]:
    return {p.name for p in (lib.root / "images").iterdir()}


def save_book(lib: Library, candidates: int = 2) -> int:
    _, vid = lib.add_story(book_version(), page_pictures=book_pictures(candidates=candidates))
    return vid


def test_a_book_is_saved_and_read_back_whole(lib: Library) -> None:
    vid = save_book(lib)
    v = lib.get_version(vid)
    assert v.kind == "book" and v.is_book and len(v.pages) == 3
    assert [p.position for p in v.pages] == [0, 1, 2]
    assert [p.text for p in v.pages] == list(TEXTS)
    assert [p.seed for p in v.pages] == [1000, 1001, 1002]
    assert v.cast[1]["name"] == "Old Tam" and v.style.startswith("soft watercolour")
    for i, page in enumerate(v.pages):
        assert (lib.root / page.image_path).read_bytes() == page_png(i)
        assert [(lib.root / c).read_bytes() for c in page.candidates] == [
            page_png(i, 1),
            page_png(i, 2),
        ]
    # the old one-picture fields keep lists, titles and exports working
    assert v.image_path == v.pages[0].image_path
    assert v.title == "The Paper Boat" and TEXTS[2] in v.story_text
    [card] = lib.story_cards()
    assert card.picture == v.pages[0].image_path and card.story.title == "The Paper Boat"
    assert lib.versions(card.story.id)[0].pages == v.pages
    assert len(files(lib)) == 9


def test_story_text_is_the_pages_joined_when_not_given(lib: Library) -> None:
    _, vid = lib.add_story(book_version(story_text=""), page_pictures=book_pictures())
    assert lib.get_version(vid).story_text == "\n\n".join(TEXTS)


def test_a_new_version_keeps_the_pictures_of_unchanged_pages(lib: Library) -> None:
    first = lib.get_version(save_book(lib, candidates=0))
    # page 2 rerolled: the old picture becomes a candidate, one new picture is written
    pages = list(first.pages)
    pages[1] = dataclasses.replace(
        pages[1], seed=77, candidates=(pages[1].image_path,), image_path=None
    )
    new = dataclasses.replace(
        first, id=0, kind="page", parent_version_id=first.id, pages=pages, created_at=None
    )
    before = files(lib)
    vid = lib.add_version(
        first.story_id, new, page_pictures={1: PagePictures(image=make_png(seed=99))}
    )
    second = lib.get_version(vid)
    assert len(files(lib) - before) == 1
    assert second.pages[0].image_path == first.pages[0].image_path
    assert second.pages[2].image_path == first.pages[2].image_path
    assert second.pages[1].candidates == (first.pages[1].image_path,)
    assert (lib.root / second.pages[1].image_path).read_bytes() == make_png(seed=99)
    assert lib.get_version(first.id).pages == first.pages  # the older version is untouched


def test_candidates_given_in_order_mix_kept_and_new_pictures(lib: Library) -> None:
    first = lib.get_version(save_book(lib, candidates=1))
    old = first.pages[0].candidates[0]
    new = dataclasses.replace(first, id=0, kind="page", parent_version_id=first.id)
    pictures = {0: PagePictures(candidates=(make_png(seed=40), old, make_png(seed=41)))}
    second = lib.get_version(lib.add_version(first.story_id, new, page_pictures=pictures))
    got = second.pages[0].candidates
    assert got[1] == old and len(got) == 3
    assert [(lib.root / c).read_bytes() for c in got] == [
        make_png(seed=40),
        page_png(0, 1),
        make_png(seed=41),
    ]
    assert second.pages[0].image_path == first.pages[0].image_path


def test_no_page_picture_is_ever_swept_as_an_orphan(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        kept = save_book(lib)
        trashed = save_book(lib)
        lib.delete_version(trashed)  # in the trash, not emptied: its pictures stay
        story = lib.new_story()
        loose = lib.add_version(story.id, full_version(), make_png(seed=5))
        lib.delete_story(story.id)
        before = files(lib)
        (root / "images" / "stray.png").write_bytes(make_png(seed=6))
    age(root / "images")
    with Library.open(root) as lib:
        assert files(lib) == before, "a referenced picture was trashed"
        assert [p.name for p in lib.trashed_pictures()] == ["stray.png"]
        assert lib.get_version(loose).image_path
        for vid in (kept, trashed):
            for page in lib.get_version(vid).pages:
                for path in (page.image_path, *page.candidates):
                    assert (root / path).is_file()


def test_emptying_the_trash_removes_only_the_pictures_no_version_uses(lib: Library) -> None:
    first = lib.get_version(save_book(lib, candidates=1))
    child = dataclasses.replace(
        first, id=0, kind="page", parent_version_id=first.id, created_at=None
    )
    vid = lib.add_version(first.story_id, child, page_pictures={2: PagePictures(image=page_png(7))})
    lib.delete_version(first.id)
    own = {first.pages[2].image_path}  # the one picture only the trashed version has
    lib.empty_trash()
    kept = lib.get_version(vid)
    for page in kept.pages:
        for path in (page.image_path, *page.candidates):
            assert (lib.root / path).is_file(), path
    assert all(not (lib.root / p).exists() for p in own)
    conn = sqlite3.connect(lib.db_path)
    gone = conn.execute("SELECT count(*) FROM pages WHERE version_id = ?", (first.id,))
    assert gone.fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM page_candidates").fetchone()[0] == 3
    conn.close()


@pytest.mark.parametrize(
    ("pictures", "message"),
    [
        ({3: PagePictures(image=page_png(0))}, "page index 3 is out of range: the book has 3"),
        ({-1: PagePictures(image=page_png(0))}, "page index -1 is out of range"),
        ({1: PagePictures(image=b"\xff\xd8\xff jpeg")}, "the picture of page 2 is not PNG data"),
        ({0: PagePictures(candidates=(page_png(0), b"GIF89a"))}, "candidate 2 of page 1 is not"),
    ],
)
def test_bad_page_pictures_are_refused_before_anything_is_written(
    lib: Library, pictures: dict[int, PagePictures], message: str
) -> None:
    good = book_pictures()
    with pytest.raises(LibraryError, match=message) as e:
        lib.add_story(book_version(), page_pictures={**good, **pictures})
    assert "\n" not in str(e.value)
    assert files(lib) == set() and lib.list_stories() == []


def test_a_picture_that_is_not_in_the_library_is_refused(lib: Library) -> None:
    v = book_version()
    v.pages[2] = dataclasses.replace(v.pages[2], candidates=("images/nowhere.png",))
    with pytest.raises(LibraryError, match="no image images/nowhere.png"):
        lib.add_story(v, page_pictures=book_pictures())
    assert files(lib) == set() and lib.list_stories() == []


def test_a_book_takes_no_single_picture(lib: Library, png: bytes) -> None:
    with pytest.raises(LibraryError, match="per page"):
        lib.add_story(book_version(), png)
    with pytest.raises(LibraryError, match="without pages"):
        lib.add_story(full_version(), page_pictures={0: PagePictures(image=png)})
    assert files(lib) == set()


def test_a_full_disk_mid_book_leaves_nothing_half_written(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 1024) as disk:
        root = disk / "L"
        with Library.open(root) as lib:
            lib.add_story(full_version(), make_png())
        fill(disk, leave=160 * 1024)
        # the first pictures fit, a later one does not
        pictures = {i: PagePictures(image=big_image(i, 100 * 1024)) for i in range(3)}
        with Library.open(root) as lib, pytest.raises(LibraryError) as e:
            lib.add_story(book_version(), page_pictures=pictures)
        assert "the disk is full" in str(e.value) and str(root) in str(e.value)
        assert "\n" not in str(e.value)
        assert rows(root / "library.sqlite3", "stories") == 1
        assert rows(root / "library.sqlite3", "versions") == 1
        assert rows(root / "library.sqlite3", "pages") == 0
        assert len(os.listdir(root / "images")) == 1


def test_check_names_a_missing_page_picture_and_candidate(lib: Library) -> None:
    v = lib.get_version(save_book(lib, candidates=1))
    (lib.root / v.pages[1].image_path).unlink()
    (lib.root / v.pages[2].candidates[0]).unlink()
    report = check(lib.root)
    assert not report.ok
    assert report.missing_pictures == [
        f"version {v.id}, page 2: {v.pages[1].image_path}",
        f"version {v.id}, page 3 candidate 1: {v.pages[2].candidates[0]}",
    ]


def test_repair_keeps_the_pages_and_recovers_no_page_picture_as_a_stray(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        vid = save_book(lib, candidates=1)
        before = lib.get_version(vid)
    # a damaged row elsewhere makes repair rebuild the database from what it can read
    conn = sqlite3.connect(root / "library.sqlite3")
    conn.execute("UPDATE stories SET created_at = 'not a time'")
    conn.commit()
    conn.close()
    report = repair(root)
    assert report.kept_aside is not None and report.recovered_pictures == []
    with Library.open(root) as lib:
        after = lib.get_version(vid)
        assert after.pages == before.pages and after.cast == before.cast
        assert after.image_path == before.image_path
        assert check(root).ok
