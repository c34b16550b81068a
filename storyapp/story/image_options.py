"""The ImageRequest fields a pipeline's settings give for a given illustrator, the image files
found for them, and settings taken back from a picture's metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoryError
from .settings import TINY, TINY_STEPS, ImageSettings

if TYPE_CHECKING:
    from storyapp.illustrate import Illustrator

DEFAULT_STEPS = 30


def image_options(s: ImageSettings, illustrator: Illustrator) -> dict[str, Any]:
    """Unset sizes become the model's native size; unset steps 30 (a few for the tiny model).
    Fast mode takes the fast recipe's scheduler and guidance (the LCM-LoRA's, or a Turbo or
    Lightning model's own), and its few steps unless steps are set."""
    from storyapp.illustrate.fast import fast_recipe

    native = illustrator.native_size
    fast = s.mode == "fast"
    recipe = fast_recipe(illustrator.model)
    default_steps = recipe.steps if fast else DEFAULT_STEPS
    steps = TINY_STEPS if illustrator.model == TINY else default_steps
    # `is None`, not `or`: a 0 given is refused by ImageRequest, not swapped for the default
    return {
        "negative_prompt": s.negative_prompt,
        "width": native if s.width is None else s.width,
        "height": native if s.height is None else s.height,
        "steps": steps if s.steps is None else s.steps,
        "guidance": recipe.guidance if fast else s.guidance,
        "scheduler": recipe.scheduler if fast else s.scheduler,
        "mode": s.mode,
        "style": s.style,
    }


def styled_prompt(s: ImageSettings, prompt: str) -> str:
    """The image prompt in the words of the settings' style."""
    from storyapp.illustrate.styles import styled

    return styled(prompt, s.style)


def check_image_options(s: ImageSettings, illustrator: Illustrator | None) -> None:
    """Raises StoryError when the settings make no valid image request for `illustrator`."""
    if illustrator is None:
        return
    from storyapp.illustrate import IllustratorError, ImageRequest

    try:
        ImageRequest(styled_prompt(s, ""), seed=s.seed, **image_options(s, illustrator))
    except IllustratorError as e:
        raise StoryError("image", str(e)) from None


def preview_decoder_source(s: ImageSettings) -> str | None:
    """The TAESD XL folder: the setting, else the catalog's download if it is there."""
    from storyapp.illustrate.preview import TAESD_XL_DIR
    from storyapp.system.paths import models_dir

    if s.preview_decoder:
        return s.preview_decoder
    folder = models_dir() / TAESD_XL_DIR
    return str(folder) if (folder / "config.json").is_file() else None


def fast_lora_source(s: ImageSettings) -> str | None:
    """The LCM-LoRA: the setting, else the catalog's download if it is there."""
    from storyapp.illustrate.fast import LCM_LORA_DIR, LORA_FILE
    from storyapp.system.paths import models_dir

    if s.fast_lora:
        return s.fast_lora
    file = models_dir() / LCM_LORA_DIR / LORA_FILE
    return str(file) if file.is_file() else None


REUSED = ("width", "height", "steps", "guidance", "scheduler", "negative_prompt", "mode", "style")


def reuse_settings(s: ImageSettings, meta: Mapping[str, Any]) -> ImageSettings:
    """`s` with the picture settings recorded in a picture's metadata (see read_png_meta): size,
    steps, guidance, scheduler, negative prompt, mode, style, and its seed, locked."""
    found = {k: meta[k] for k in REUSED if k in meta}
    if "seed" in meta:
        found["seed"] = meta["seed"]
    if not found:
        raise StoryError("image", "the picture carries no settings to reuse (no metadata)")
    return replace(s, **found)


def read_settings_from(path: str | Path, s: ImageSettings) -> ImageSettings:
    """reuse_settings with the metadata of the PNG at `path`."""
    from storyapp.illustrate import IllustratorError, read_png_meta

    try:
        meta = read_png_meta(path)
    except IllustratorError as e:
        raise StoryError("image", str(e)) from None
    return reuse_settings(s, meta)
