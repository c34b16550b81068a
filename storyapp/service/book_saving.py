"""A picture book saved into the story library as a version with pages, and a saved version back
as a Book. The story package does not know the library, so both front ends save books here.

A page picture the parent version already holds (the same PNG bytes) is referred to, not written
again: a reroll of one page adds one picture file, not one per page."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyapp.library import (
    Library,
    LibraryError,
    PagePictures,
    PageRecord,
    StoryVersion,
    book_text,
)
from storyapp.story import Settings
from storyapp.story.book import Book, CastMember, Page

if TYPE_CHECKING:
    from storyapp.illustrate import RenderedImage


def save_book(
    book: Book,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
    library: Library | str | Path | None = None,
    partial: str | None = None,
) -> tuple[int, int]:
    """Save `book` with every page's picture and candidates: (story id, version id). Without
    `parent`: the first version (kind 'book') of a new story; with it, a new version (kind
    'page') of parent's story. `library`: an open Library or its folder (default
    $STORYAPP_HOME/library). The rows and every picture are saved as one: all, or none
    (LibraryError, one line). `partial`: the stage that was cancelled, for a book saved with
    only what was done (see StoryVersion.partial)."""
    with _opened(library) as lib:
        version, pictures = book_version(book, settings, backend, model, parent, lib, partial)
        if parent is None:
            return lib.add_story(version, page_pictures=pictures)
        return parent.story_id, lib.add_version(parent.story_id, version, page_pictures=pictures)


def book_version(
    book: Book,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
    library: Library | None = None,
    partial: str | None = None,
) -> tuple[StoryVersion, dict[int, PagePictures]]:
    """The library record of `book` and the pictures to save with it, page by page. With
    `parent` and `library`, pictures parent already holds are referred to by path."""
    known = _known_pictures(parent, library)
    records: list[PageRecord] = []
    pictures: dict[int, PagePictures] = {}
    for index, page in enumerate(book.pages):
        image, image_path = _picture(page.image, known)
        candidates = tuple(_candidate(c, known) for c in page.candidates)
        records.append(
            PageRecord(
                position=index,
                text=page.text,
                image_prompt=page.prompt,
                seed=page.seed,
                image_path=image_path,
                stale=page.stale,
            )
        )
        pictures[index] = PagePictures(image=image, candidates=candidates)
    first = book.pages[0].image if book.pages else None
    version = StoryVersion(
        parent_version_id=parent.id if parent else None,
        kind="page" if parent else "book",
        idea=book.idea,
        premise=book.premise,
        story_text=book_text(book.title, [p.text for p in book.pages]),
        image_prompt=book.pages[0].prompt if book.pages else "",
        negative_prompt=(
            first.request.negative_prompt if first else settings.illustration.negative_prompt
        ),
        settings={
            **settings.as_dict(),
            "seeds": {"book": book.seed},
            "image": first.metadata() if first else None,
            "book": {"title": book.title, "seed": book.seed, "notices": list(book.notices)},
            **({"partial": partial} if partial else {}),
        },
        model=model,
        adapters={row: name or "base" for row, name in book.adapters.items()},
        backend=backend,
        timings={
            stage: {k: v for k, v in stats.as_dict().items() if k != "rows"}
            for stage, stats in book.stages.items()
        },
        pages=records,
        cast=[{"name": m.name, "look": m.look} for m in book.cast],
        style=book.style,
    )
    return version, pictures


def book_of(version: StoryVersion, library: Library | str | Path | None = None) -> Book:
    """A saved book version as a Book, every page's picture and candidates read back as
    RenderedImage from their PNG metadata (LibraryError, naming the file, for one that cannot
    be read)."""
    if not version.pages:
        raise LibraryError(f"version {version.id} is not a picture book: it has no pages")
    with _opened(library) as lib:
        pages = tuple(
            Page(
                text=p.text,
                prompt=p.image_prompt,
                seed=p.seed if p.seed is not None else 0,
                image=_rendered(lib, p.image_path, p) if p.image_path else None,
                stale=p.stale,
                candidates=tuple(_rendered(lib, c, p) for c in p.candidates),
            )
            for p in version.pages
        )
    about: dict[str, Any] = version.settings.get("book") or {}
    return Book(
        idea=version.idea,
        premise=version.premise,
        title=str(about.get("title") or version.title),
        cast=tuple(CastMember(name=m["name"], look=m["look"]) for m in version.cast),
        style=version.style,
        pages=pages,
        seed=int(about.get("seed") or 0),
        stages={},
        adapters={row: None if a == "base" else a for row, a in version.adapters.items()},
        notices=tuple(about.get("notices") or ()),
    )


@contextlib.contextmanager
def _opened(library: Library | str | Path | None) -> Iterator[Library]:
    if isinstance(library, Library):
        yield library
        return
    with Library.open(library) as lib:
        yield lib


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _known_pictures(parent: StoryVersion | None, library: Library | None) -> dict[str, str]:
    """{sha256 of the PNG bytes: library path} of the pictures `parent` refers to."""
    if parent is None or library is None:
        return {}
    known: dict[str, str] = {}
    for page in parent.pages:
        for path in (page.image_path, *page.candidates):
            if path:
                with contextlib.suppress(OSError):
                    known[_digest((library.root / path).read_bytes())] = path
    return known


def _picture(image: RenderedImage | None, known: dict[str, str]) -> tuple[bytes | None, str | None]:
    """(PNG bytes to save, None) for a new picture, (None, path) for one already saved,
    (None, None) for none."""
    if image is None:
        return None, None
    data = image.png()
    path = known.get(_digest(data))
    return (None, path) if path else (data, None)


def _candidate(image: RenderedImage, known: dict[str, str]) -> bytes | str:
    data, path = _picture(image, known)
    return path or data or b""


def _rendered(lib: Library, rel: str, page: PageRecord) -> RenderedImage:
    from PIL import Image, UnidentifiedImageError

    from storyapp.illustrate import IllustratorError, ImageRequest, RenderedImage, read_png_meta

    path = lib.root / rel
    where = f"page {page.position + 1}'s picture {path}"
    try:
        meta = read_png_meta(path)
        with Image.open(path) as im:
            image = im.convert("RGB") if im.mode not in ("RGB", "RGBA") else im.copy()
    except IllustratorError as e:
        raise LibraryError(f"cannot read {where}: {e}") from e
    except (OSError, UnidentifiedImageError) as e:
        raise LibraryError(f"cannot read {where}: {e}") from e
    try:
        request = ImageRequest.from_metadata(meta)
    except (IllustratorError, TypeError):
        # a picture without our metadata (or with values SDXL would refuse): what the page says
        try:
            request = ImageRequest(page.image_prompt, width=image.width, height=image.height)
        except IllustratorError:
            request = ImageRequest(page.image_prompt)
        request = dataclasses.replace(request, seed=page.seed)
    return RenderedImage(
        image=image,
        request=request,
        model=str(meta.get("model") or ""),
        lora=str(meta.get("lora") or ""),
    )
