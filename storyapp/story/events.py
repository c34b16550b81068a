"""What a running pipeline reports, as plain typed events. The GUI turns them into Qt signals,
the CLI into a progress line; neither looks inside the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL.Image import Image

Stage = Literal["premise", "story", "image", "prompts"]
# 'cast': a picture book's cast sheet (beside its scenes, the 'story' row); 'scene_prompt': one
# page's image prompt, a row per page in the 'prompts' stage (books only)
Row = Literal["premise", "story", "sd_prompt", "cast", "scene_prompt"]
STAGES: tuple[Stage, ...] = ("premise", "story", "image")


@dataclass(slots=True, frozen=True)
class StageStarted:
    stage: Stage
    rows: tuple[Row, ...] = ()  # the text rows the stage writes; () for the image


@dataclass(slots=True, frozen=True)
class Token:
    stage: Stage
    row: Row
    text: str  # the newly visible text


@dataclass(slots=True, frozen=True)
class ImageStep:
    i: int  # steps done, 1..n
    n: int


@dataclass(slots=True, frozen=True)
class Preview:
    """The picture so far, after step i of n (decoded roughly; the finished one follows)."""

    i: int
    n: int
    image: Image


@dataclass(slots=True, frozen=True)
class StageDone:
    stage: Stage
    seconds: float
    tokens: int  # for the image: denoising steps
    tokens_per_s: float  # for the image: steps per second


@dataclass(slots=True, frozen=True)
class Notice:
    """Something the user should know that does not stop the run, in one line."""

    message: str


@dataclass(slots=True, frozen=True)
class Failed:
    stage: Stage
    message: str


@dataclass(slots=True, frozen=True)
class Cancelled:
    stage: Stage


@dataclass(slots=True, frozen=True)
class PageStarted:
    """A picture book's page `i` (1-based) of `n` starts painting; its image events follow."""

    i: int
    n: int


@dataclass(slots=True, frozen=True)
class VersionSaved:
    """Sent by whoever saves the result (the pipeline itself does not know the library)."""

    story_id: int
    version_id: int


Event = (
    StageStarted
    | Token
    | ImageStep
    | Preview
    | StageDone
    | Notice
    | Failed
    | Cancelled
    | VersionSaved
    | PageStarted
)
OnEvent = Callable[[Event], None]
