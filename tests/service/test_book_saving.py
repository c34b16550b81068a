"""Saving a picture book as a library version and reading it back as a Book: every page's
picture and candidates, the cast sheet and style line; unchanged pictures shared, not copied."""

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from storyapp.illustrate import ImageRequest, RenderedImage
from storyapp.library import Library, LibraryError, export_files
from storyapp.service.book_saving import book_of, save_book
from storyapp.story import Settings
from storyapp.story.book import Book, CastMember, Page

CAST = (
    CastMember("Mira", "a girl of eight, red braids, yellow raincoat"),
    CastMember("Tam", "a tall grey heron, blue scarf"),
)
STYLE = "soft watercolour"


def picture(seed: int, colour: tuple[int, int, int]) -> RenderedImage:
    image = Image.new("RGB", (64, 64), colour)
    image.putpixel((seed % 64, 3), (255, 255, 255))
    request = ImageRequest(f"scene {seed}, {STYLE}", "blurry", 64, 64, steps=2, seed=seed)
    return RenderedImage(image=image, request=request, model="tiny-sdxl")


def make_book(candidates: int = 1) -> Book:
    colours = [(200, 40, 40), (40, 200, 40), (40, 40, 200)]
    pages = tuple(
        Page(
            text=f"Page {i + 1}: Mira and Tam walk on.",
            prompt=f"scene {i}, {CAST[0].look}, {STYLE}",
            seed=100 + i,
            image=picture(100 + i, colours[i]),
            stale=i == 2,
            candidates=tuple(
                picture(200 + 10 * i + c, (i * 50, c * 60, 90)) for c in range(candidates)
            ),
        )
        for i in range(3)
    )
    return Book(
        idea="a girl and a heron",
        premise="Mira and a heron follow a map.",
        title="The Paper Boat",
        cast=CAST,
        style=STYLE,
        pages=pages,
        seed=42,
        adapters={"story": "story-writer", "cast": None},
        notices=("the cast sheet came from the premise",),
    )


def same_picture(a: RenderedImage | None, b: RenderedImage | None) -> bool:
    assert a is not None and b is not None
    return a.image.tobytes() == b.image.tobytes() and (a.request, a.model) == (b.request, b.model)


def pictures(root: Path) -> int:
    return len(list((root / "images").iterdir()))


def test_a_book_saves_and_reads_back_whole(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    book = make_book(candidates=2)
    story_id, version_id = save_book(book, Settings(), "embedded", "tiny", library=root)
    assert pictures(root) == 9
    with Library.open(root) as lib:
        version = lib.get_version(version_id)
        assert version.kind == "book" and version.story_id == story_id
        assert version.title == "The Paper Boat" == lib.get_story(story_id).title
        assert version.story_text.endswith("Page 3: Mira and Tam walk on.")
        back = book_of(version, lib)
    assert (back.idea, back.premise, back.title, back.seed) == (
        book.idea,
        book.premise,
        book.title,
        42,
    )
    assert back.cast == CAST and back.style == STYLE and back.notices == book.notices
    assert back.adapters == book.adapters
    for old, new in zip(book.pages, back.pages, strict=True):
        assert (new.text, new.prompt, new.seed, new.stale) == (
            old.text,
            old.prompt,
            old.seed,
            old.stale,
        )
        assert same_picture(old.image, new.image)
        assert len(new.candidates) == 2
        assert all(same_picture(a, b) for a, b in zip(old.candidates, new.candidates, strict=True))


def test_a_rerolled_page_adds_one_picture_and_keeps_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _, first_id = save_book(make_book(), Settings(), "embedded", "tiny", library=root)
    assert pictures(root) == 6
    with Library.open(root) as lib:
        first = lib.get_version(first_id)
        book = book_of(first, lib)
        page = book.pages[1]
        rerolled = dataclasses.replace(
            page, seed=999, image=picture(999, (9, 9, 9)), candidates=(page.image, *page.candidates)
        )
        changed = dataclasses.replace(book, pages=(book.pages[0], rerolled, book.pages[2]))
        story_id, second_id = save_book(changed, Settings(), "embedded", "tiny", first, lib)
        second = lib.get_version(second_id)
        assert pictures(root) == 7, "an unchanged picture was written again"
        assert (second.kind, second.parent_version_id, story_id) == (
            "page",
            first_id,
            first.story_id,
        )
        assert second.pages[0].image_path == first.pages[0].image_path
        assert second.pages[2].image_path == first.pages[2].image_path
        assert second.pages[1].candidates == (first.pages[1].image_path, *first.pages[1].candidates)
        again = book_of(second, lib)
        assert same_picture(again.pages[1].image, rerolled.image)
        assert lib.get_version(first_id) == first  # the older version as it was
        # every page's picture in the export of the new version
        md = export_files(lib, second_id, "md", tmp_path / "book.md")
        assert len(md) == 4


def test_book_of_a_one_picture_story_is_refused(tmp_path: Path) -> None:
    from storyapp.library import StoryVersion

    with Library.open(tmp_path / "lib") as lib:
        _, vid = lib.add_story(StoryVersion(story_text="# One\n\nA story."))
        with pytest.raises(LibraryError, match=f"version {vid} is not a picture book"):
            book_of(lib.get_version(vid), lib)


def test_a_picture_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _, vid = save_book(make_book(), Settings(), "embedded", "tiny", library=root)
    with Library.open(root) as lib:
        version = lib.get_version(vid)
        (root / version.pages[1].image_path).write_bytes(b"\x89PNG\r\n\x1a\n broken")
        with pytest.raises(LibraryError) as e:
            book_of(version, lib)
    message = str(e.value)
    assert "page 2's picture" in message and version.pages[1].image_path in message
    assert "\n" not in message


def test_a_page_picture_without_metadata_reads_back_with_the_page_prompt(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _, vid = save_book(make_book(), Settings(), "embedded", "tiny", library=root)
    with Library.open(root) as lib:
        version = lib.get_version(vid)
        Image.new("RGB", (128, 64), "green").save(root / version.pages[0].image_path, "PNG")
        page = book_of(version, lib).pages[0]
    assert page.image is not None and page.image.image.size == (128, 64)
    assert page.image.request.prompt == version.pages[0].image_prompt
    assert (page.image.request.width, page.image.request.height) == (128, 64)
    assert page.image.request.seed == 100
