"""The ImageRequest fields a pipeline's settings give for a given illustrator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StoryError
from .settings import TINY, TINY_STEPS, ImageSettings

if TYPE_CHECKING:
    from storyapp.illustrate import Illustrator

DEFAULT_STEPS = 30


def image_options(s: ImageSettings, illustrator: Illustrator) -> dict[str, Any]:
    """Unset sizes become the model's native size; unset steps 30 (a few for the tiny model)."""
    native = illustrator.native_size
    return {
        "negative_prompt": s.negative_prompt,
        "width": s.width or native,
        "height": s.height or native,
        "steps": s.steps or (TINY_STEPS if illustrator.model == TINY else DEFAULT_STEPS),
        "guidance": s.guidance,
        "scheduler": s.scheduler,
    }


def check_image_options(s: ImageSettings, illustrator: Illustrator | None) -> None:
    """Raises StoryError when the settings make no valid image request for `illustrator`."""
    if illustrator is None:
        return
    from storyapp.illustrate import IllustratorError, ImageRequest

    try:
        ImageRequest("", **image_options(s, illustrator))
    except IllustratorError as e:
        raise StoryError("image", str(e)) from None
