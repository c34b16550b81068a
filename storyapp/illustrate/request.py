"""What to paint (ImageRequest) and what came out (RenderedImage)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from PIL import Image

from .errors import IllustratorError
from .png_meta import png_bytes, write_png

SCHEDULERS = ("euler_a", "dpmpp_2m_karras", "lcm", "euler_a_trailing", "euler_trailing")
MODES = ("quality", "fast")  # fast: the LCM-LoRA is applied (see fast.py)
SIZE_STEP = 64  # SDXL was trained on 64-pixel buckets; the VAE alone would accept multiples of 8
MAX_SIDE = 2048
MAX_STEPS = 150
MAX_SEED = 2**63 - 1  # fits a signed 64-bit integer, so a library can store it in SQLite


@dataclass(slots=True, frozen=True)
class ImageRequest:
    prompt: str
    negative_prompt: str = ""
    width: int = 1024
    height: int = 1024
    steps: int = 30
    guidance: float = 6.0
    scheduler: str = "dpmpp_2m_karras"
    seed: int | None = None
    mode: str = "quality"
    style: str = ""  # the named style whose words the prompt already carries; a label only

    def __post_init__(self) -> None:
        for name in ("width", "height"):
            side = getattr(self, name)
            if not _is_int(side) or side % SIZE_STEP or not SIZE_STEP <= side <= MAX_SIDE:
                raise IllustratorError(
                    f"{name} must be a multiple of {SIZE_STEP} from {SIZE_STEP} to {MAX_SIDE} "
                    f"(SDXL works in 64-pixel steps), got {side!r}"
                )
        if not _is_int(self.steps) or not 1 <= self.steps <= MAX_STEPS:
            raise IllustratorError(
                f"steps must be an integer from 1 to {MAX_STEPS}, got {self.steps!r}"
            )
        if isinstance(self.guidance, bool) or not isinstance(self.guidance, int | float):
            raise IllustratorError(f"guidance must be a number, got {self.guidance!r}")
        if not (math.isfinite(self.guidance) and self.guidance >= 0):
            raise IllustratorError(f"guidance must be 0 or more, got {self.guidance!r}")
        if self.scheduler not in SCHEDULERS:
            raise IllustratorError(
                f"unknown scheduler {self.scheduler!r}; expected one of {SCHEDULERS}"
            )
        if self.mode not in MODES:
            raise IllustratorError(f"unknown image mode {self.mode!r}; expected one of {MODES}")
        if not isinstance(self.style, str):
            raise IllustratorError(f"style must be a string, got {self.style!r}")
        if self.seed is not None and (not _is_int(self.seed) or not 0 <= self.seed <= MAX_SEED):
            raise IllustratorError(f"seed must be an integer from 0 to 2**63-1, got {self.seed!r}")
        if not isinstance(self.prompt, str) or not isinstance(self.negative_prompt, str):
            raise IllustratorError("prompt and negative_prompt must be strings")

    @classmethod
    def from_metadata(cls, meta: Mapping[str, Any]) -> ImageRequest:
        """The request recorded in an image's metadata (see RenderedImage.metadata)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in meta.items() if k in names})


@dataclass(slots=True, frozen=True)
class RenderedImage:
    """`request` is what was actually rendered: the fitted prompts and the seed that was used,
    so rendering it again gives the same pixels."""

    image: Image.Image
    request: ImageRequest
    model: str
    dropped: tuple[str, ...] = ()
    negative_dropped: tuple[str, ...] = ()
    seconds: float = 0.0
    lora: str = ""  # fast mode: the LCM-LoRA file's name

    def metadata(self) -> dict[str, Any]:
        return {
            **asdict(self.request),
            "model": self.model,
            **({"lora": self.lora} if self.lora else {}),
        }

    def png(self) -> bytes:
        """The image as PNG bytes with its metadata chunks, as save() writes them."""
        return png_bytes(self.image, self.metadata())

    def save(self, path: str | Path) -> Path:
        return write_png(path, self.image, self.metadata())


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
