"""A book version's pages on their way into the library: the pictures checked before anything is
written, then each page given its position and the paths of the pictures just saved."""

import dataclasses
from collections.abc import Callable, Mapping

from .errors import LibraryError
from .images import PNG_MAGIC
from .models import PagePictures, PageRecord, StoryVersion, book_text


def _page_name(index: int) -> str:
    return f"page {index + 1}"


def check_pictures(
    version: StoryVersion, image_bytes: bytes | None, pictures: Mapping[int, PagePictures]
) -> None:
    """Refuse, before anything is written, pictures that do not fit the version: one line that
    names the page and what was expected."""
    count = len(version.pages)
    if pictures and not count:
        raise LibraryError("page pictures were given for a version without pages")
    if count and image_bytes is not None:
        raise LibraryError(
            "a version with pages takes its pictures per page, not one picture for the whole"
        )
    for index, given in pictures.items():
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise LibraryError(
                f"page index {index!r} is out of range: the book has {count} page(s), "
                f"indexed 0 to {count - 1}"
            )
        if given.image is not None and not given.image.startswith(PNG_MAGIC):
            raise LibraryError(f"the picture of {_page_name(index)} is not PNG data")
        for n, data in enumerate(given.candidates or (), 1):
            if isinstance(data, bytes) and not data.startswith(PNG_MAGIC):
                raise LibraryError(f"candidate {n} of {_page_name(index)} is not PNG data")
    for member in version.cast:
        if not (
            isinstance(member, dict)
            and isinstance(member.get("name"), str)
            and isinstance(member.get("look"), str)
        ):
            raise LibraryError(f"cast sheet entry {member!r} is not {{'name': text, 'look': text}}")


def placed(
    version: StoryVersion, pictures: Mapping[int, PagePictures], store: Callable[[bytes], str]
) -> StoryVersion:
    """`version` with its pages numbered in order, each new picture saved by `store` (which
    returns its library path), page 1's picture as the version's, and the pages' texts as its
    story_text when it has none."""
    pages: list[PageRecord] = []
    for index, page in enumerate(version.pages):
        given = pictures.get(index, PagePictures())
        image_path = store(given.image) if given.image is not None else page.image_path
        candidates = page.candidates
        if given.candidates is not None:
            candidates = tuple(c if isinstance(c, str) else store(c) for c in given.candidates)
        pages.append(
            dataclasses.replace(page, position=index, image_path=image_path, candidates=candidates)
        )
    text = version.story_text or book_text("", [p.text for p in pages])
    return dataclasses.replace(
        version, pages=pages, image_path=pages[0].image_path, story_text=text
    )
