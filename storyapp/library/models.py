"""Plain data: a story and the versions generated for it."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .titles import title_from_text

Kind = Literal["full", "story", "image", "premise", "book", "page"]
# 'book': a picture book made whole; 'page': a book with some pages changed (rewritten, split,
# deleted, repainted, another picture chosen)
KINDS: tuple[str, ...] = ("full", "story", "image", "premise", "book", "page")


@dataclass(slots=True, kw_only=True, frozen=True)
class PageRecord:
    """One page of a book version: its text, the prompt and seed of its picture, the picture
    and the other pictures painted for it (library-relative paths). `position` counts from 0
    and is set by the library from the page's place in the version's list."""

    position: int = 0
    text: str = ""
    image_prompt: str = ""
    seed: int | None = None
    image_path: str | None = None
    stale: bool = False  # the text changed after the picture was painted
    candidates: tuple[str, ...] = ()


@dataclass(slots=True, kw_only=True, frozen=True)
class PagePictures:
    """New pictures for one page of a version being saved. `image`: PNG bytes of its picture
    (None: the PageRecord's image_path stays). `candidates`: None keeps the PageRecord's; given,
    they are the page's candidates in order, each the PNG bytes of a new picture or the library
    path of one already saved."""

    image: bytes | None = None
    candidates: tuple[bytes | str, ...] | None = None


def book_text(title: str, texts: list[str] | tuple[str, ...]) -> str:
    """A book version's story_text: the title as a heading, then the pages' texts with a blank
    line between, so every list, title and search that reads story_text reads the book."""
    body = "\n\n".join(t.strip() for t in texts if t.strip())
    return f"# {title.strip()}\n\n{body}" if title.strip() else body


@dataclass(slots=True, kw_only=True)
class Story:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None


@dataclass(slots=True, kw_only=True)
class StoryVersion:
    """One generation result. `kind` says which stages were rerun to make it; id, story_id,
    image_path and (if left None) created_at are filled in by the library when it is saved."""

    id: int = 0
    story_id: int = 0
    parent_version_id: int | None = None
    kind: Kind = "full"
    idea: str = ""
    premise: str = ""
    story_text: str = ""
    image_prompt: str = ""
    negative_prompt: str = ""
    image_path: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    model: str = ""
    adapters: dict[str, str] = field(default_factory=dict)
    backend: str = ""
    timings: dict[str, dict[str, float]] = field(default_factory=dict)
    created_at: datetime | None = None
    deleted_at: datetime | None = None
    # A picture book's: its pages (empty for a one-picture story), its cast sheet
    # ([{"name": ..., "look": ...}]) and the style line every picture shares.
    pages: list[PageRecord] = field(default_factory=list)
    cast: list[dict[str, str]] = field(default_factory=list)
    style: str = ""

    @property
    def is_book(self) -> bool:
        return bool(self.pages)

    @property
    def title(self) -> str:
        return title_from_text(self.story_text) or title_from_text(self.idea)

    @property
    def label(self) -> str:
        """The name the user gave this version, or ''."""
        label = self.settings.get("label")
        return label if isinstance(label, str) else ""

    @property
    def partial(self) -> str | None:
        """The stage that was cancelled when this version was saved with only the stages
        before it (e.g. a premise without a story); None for a finished run."""
        stage = self.settings.get("partial")
        return stage if isinstance(stage, str) else None


@dataclass(slots=True, kw_only=True, frozen=True)
class TrashItem:
    kind: Literal["story", "version"]
    id: int
    title: str
    deleted_at: datetime


@dataclass(slots=True, kw_only=True, frozen=True)
class StoryCard:
    """A story as a list shows it: its newest version, how many versions, and the newest
    picture (a library-relative path; None when no version has one)."""

    story: Story
    newest: StoryVersion
    versions: int
    picture: str | None
