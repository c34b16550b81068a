"""What a run made: the texts, the picture, the seeds and adapters used, each stage's timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from storyapp.illustrate import RenderedImage

Kind = Literal["full", "story", "image", "premise"]  # which stages were (re)run: as the library


@dataclass(slots=True, frozen=True)
class RowStats:
    tokens: int
    seconds: float
    finish_reason: str
    adapter: str | None  # the adapter that ran; None: the base model


@dataclass(slots=True, frozen=True)
class StageStats:
    seconds: float
    tokens: int  # image: denoising steps
    rows: dict[str, RowStats] = field(default_factory=dict)

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seconds": round(self.seconds, 3),
            "tokens": self.tokens,
            "tokens_per_s": round(self.tokens_per_s, 2),
        }
        if self.rows:
            out["rows"] = {
                name: {
                    "tokens": r.tokens,
                    "seconds": round(r.seconds, 3),
                    "finish_reason": r.finish_reason,
                    "adapter": r.adapter,
                }
                for name, r in self.rows.items()
            }
        return out


@dataclass(slots=True, frozen=True)
class StoryResult:
    idea: str
    kind: Kind
    premise: str
    story: str
    sd_prompt: str
    image: RenderedImage | None
    seeds: dict[str, int]  # per row and for the image
    stages: dict[str, StageStats]  # only the stages this run ran
    adapters: dict[str, str | None] = field(default_factory=dict)  # row -> adapter that ran
    notices: tuple[str, ...] = ()
