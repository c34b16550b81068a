"""Picture sizes by aspect ratio, at the resolutions SDXL was trained on (about a megapixel each,
both sides multiples of 64): other sizes work, these look best."""

from __future__ import annotations

from .errors import IllustratorError

SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "4:3": (1152, 896),
    "3:4": (896, 1152),
    "3:2": (1216, 832),
    "2:3": (832, 1216),
    "16:9": (1344, 768),
    "9:16": (768, 1344),
}


def size_for(aspect: str) -> tuple[int, int]:
    """(width, height) for an aspect name in SIZES; one IllustratorError line for others."""
    found = SIZES.get(aspect.strip())
    if found is None:
        raise IllustratorError(
            f"unknown aspect ratio {aspect!r}; expected one of {', '.join(SIZES)}"
        )
    return found
