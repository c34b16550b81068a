"""Plain data: a story and the versions generated for it."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .titles import title_from_text

Kind = Literal["full", "story", "image", "premise"]
KINDS: tuple[str, ...] = ("full", "story", "image", "premise")


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
