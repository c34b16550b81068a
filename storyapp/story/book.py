"""A picture book: a story told in pages, each page its text and its picture, with one cast sheet
(how each main character looks) and one style line shared by every picture.

Plain, frozen data: every change (a page rewritten, a picture rerolled) makes a new Book, as every
change in the library makes a new version. The pipeline that writes and paints a book is
`book_pipeline.py`; the library keeps a book as a version with pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .errors import StoryError
from .result import StageStats

if TYPE_CHECKING:
    from storyapp.illustrate import RenderedImage

MIN_PAGES, MAX_PAGES = 2, 12
MORE_PICTURES = 3  # candidates "More pictures" paints for a page, in one SDXL call


@dataclass(slots=True, frozen=True)
class CastMember:
    name: str
    look: str  # one line: age, build, hair, face, clothes, colours; copied word for word


@dataclass(slots=True, frozen=True)
class Page:
    text: str  # the scene's prose
    prompt: str  # its image prompt: scene, each shown character's look, the book's style line
    seed: int  # the picture's seed (a reroll of this page changes it and no other page's)
    image: RenderedImage | None = None
    stale: bool = False  # the text changed after the picture was painted
    candidates: tuple[RenderedImage, ...] = ()  # other pictures made for this page


@dataclass(slots=True, frozen=True)
class Book:
    idea: str
    premise: str
    title: str
    cast: tuple[CastMember, ...]
    style: str  # the style line every scene prompt ends with
    pages: tuple[Page, ...]
    seed: int  # the run's seed; each page's picture seed is derived from it
    stages: dict[str, StageStats] = field(default_factory=dict)  # what this run ran
    adapters: dict[str, str | None] = field(default_factory=dict)  # row -> adapter that ran
    notices: tuple[str, ...] = ()


# --- Changes: each a pure function giving a new Book; bad input is a StoryError of one line.


def check_pages(n: object) -> int:
    """`n` as a page count, or StoryError unless it is an integer from MIN_PAGES to MAX_PAGES."""
    if isinstance(n, bool) or not isinstance(n, int) or not MIN_PAGES <= n <= MAX_PAGES:
        raise StoryError(
            "story", f"pages must be a whole number from {MIN_PAGES} to {MAX_PAGES}, got {n!r}"
        )
    return n


def check_page(book: Book, i: object) -> int:
    """`i` as a page index (0-based) of `book`, or StoryError naming the range."""
    n = len(book.pages)
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n:
        raise StoryError("story", f"no page {i!r}: this book's pages are 0 to {n - 1}")
    return i


def edit_page(book: Book, i: int, text: str) -> Book:
    """Page `i` with new text; its picture is marked stale (kept until repainted)."""
    check_page(book, i)
    text = _page_text(text)
    page = book.pages[i]
    if text == page.text:
        return book
    return _with_page(book, i, replace(page, text=text, stale=True))


def split_page(book: Book, i: int, at: int) -> Book:
    """Page `i` split at character `at` of its text into two pages: the first keeps the picture
    (stale), the second has none yet (stale, to be painted) and the next free seed."""
    check_page(book, i)
    page = book.pages[i]
    if len(book.pages) >= MAX_PAGES:
        raise StoryError("story", f"a book has at most {MAX_PAGES} pages; delete one first")
    if isinstance(at, bool) or not isinstance(at, int) or not 0 < at < len(page.text):
        raise StoryError(
            "story", f"split page {i} inside its text: a position from 1 to {len(page.text) - 1}"
        )
    head, tail = page.text[:at].strip(), page.text[at:].strip()
    if not head or not tail:
        raise StoryError("story", f"splitting page {i} there leaves an empty page")
    seed = max(p.seed for p in book.pages) + 1
    first = replace(page, text=head, stale=True)
    second = Page(text=tail, prompt=page.prompt, seed=seed, stale=True)
    pages = (*book.pages[:i], first, second, *book.pages[i + 1 :])
    return replace(book, pages=pages)


def delete_page(book: Book, i: int) -> Book:
    """The book without page `i`; a book keeps at least MIN_PAGES pages."""
    check_page(book, i)
    if len(book.pages) <= MIN_PAGES:
        raise StoryError(
            "story", f"a book has at least {MIN_PAGES} pages; this one cannot lose one"
        )
    return replace(book, pages=(*book.pages[:i], *book.pages[i + 1 :]))


def edit_cast(book: Book, cast: Sequence[CastMember]) -> Book:
    """A new cast sheet; each page whose scene shows a character that was added, removed or
    given a new look is marked stale, so repainting it takes the new look."""
    from .book_text import shown

    cast = tuple(_cast_member(c) for c in cast)
    names = [c.name for c in cast]
    if len(set(names)) != len(names):
        raise StoryError("story", "the cast sheet names a character twice")
    before = {c.name: c.look for c in book.cast}
    after = {c.name: c.look for c in cast}
    changed = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    pages = tuple(
        replace(p, stale=True)
        if changed & {c.name for c in (*shown(p.text, book.cast), *shown(p.text, cast))}
        else p
        for p in book.pages
    )
    return replace(book, cast=cast, pages=pages)


def choose_picture(book: Book, i: int, image: RenderedImage) -> Book:
    """`image` becomes page `i`'s picture; the picture it had joins the page's candidates and the
    chosen one leaves them. The page is no longer stale."""
    check_page(book, i)
    page = book.pages[i]
    kept = tuple(c for c in page.candidates if c is not image)
    if page.image is not None and page.image is not image:
        kept = (page.image, *kept)
    chosen = replace(
        page, image=image, seed=_seed_of(image, page.seed), candidates=kept, stale=False
    )
    return _with_page(book, i, chosen)


def page_texts(book: Book) -> list[str]:
    return [p.text for p in book.pages]


def _with_page(book: Book, i: int, page: Page) -> Book:
    return replace(book, pages=(*book.pages[:i], page, *book.pages[i + 1 :]))


def _page_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise StoryError("story", "a page's text is empty: write what happens on the page")
    return text.strip()


def _cast_member(c: object) -> CastMember:
    if not isinstance(c, CastMember) or not c.name.strip() or not c.look.strip():
        raise StoryError("story", f"a cast member needs a name and a look, got {c!r}")
    return CastMember(" ".join(c.name.split()), " ".join(c.look.split()))


def _seed_of(image: RenderedImage, default: int) -> int:
    seed = image.request.seed
    return seed if seed is not None else default
