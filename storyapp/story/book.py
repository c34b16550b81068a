"""A picture book: a story told in pages, each page its text and its picture, with one cast sheet
(how each main character looks) and one style line shared by every picture.

Plain, frozen data: every change (a page rewritten, a picture rerolled) makes a new Book, as every
change in the library makes a new version. The pipeline that writes and paints a book is
`book_pipeline.py`; the library keeps a book as a version with pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
