"""'Reuse settings from this picture': the app's settings with the picture settings recorded in
a picture's metadata (size, steps, guidance, scheduler, negative prompt, mode, style, seed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from storyapp.story.image_options import read_settings_from

from .app_settings import AppSettings


def reuse_picture_settings(s: AppSettings, png: str | Path) -> AppSettings:
    """`s` with the picture's settings, its seed locked; StoryError (one line) for a file
    without them."""
    image = read_settings_from(png, s.pipeline().illustration)
    return replace(
        s,
        width=image.width or 0,
        height=image.height or 0,
        steps=image.steps or 0,
        guidance=image.guidance,
        scheduler=image.scheduler,
        negative_prompt=image.negative_prompt,
        image_mode=image.mode,
        style=image.style,
        image_seed=image.seed,
    )
