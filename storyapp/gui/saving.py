"""Saving a run into the library: a new story for a fresh Generate (the CLI's save_run), a new
version of the same story for a rerun. Qt-free."""

from __future__ import annotations

import tempfile
from pathlib import Path

from storyapp.cli.save import save_run
from storyapp.library import StoryVersion
from storyapp.story import Settings, StoryResult


def save_result(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
) -> tuple[int, int]:
    """(story id, version id). Without `parent`: the first version of a new story. With it: a
    child version of parent's story; a rerun that kept the picture refers to parent's image."""
    story_id, version_id, _ = save_run(
        result, settings, backend, model, _png(result), parent=parent
    )
    return story_id, version_id


def result_of(v: StoryVersion) -> StoryResult:
    """A saved version as the pipeline's previous result, for a rerun (the picture stays in the
    library: a rerun that keeps it refers to the parent's image file)."""
    return StoryResult(
        idea=v.idea,
        kind=v.kind,
        premise=v.premise,
        story=v.story_text,
        sd_prompt=v.image_prompt,
        image=None,
        seeds=dict(v.settings.get("seeds") or {}),
        stages={},
        adapters={row: None if a == "base" else a for row, a in v.adapters.items()},
    )


def _png(result: StoryResult) -> bytes | None:
    """The picture as PNG bytes with its metadata chunks, as the CLI's illustration.png."""
    if result.image is None:
        return None
    with tempfile.TemporaryDirectory(prefix="storyapp-") as tmp:
        return result.image.save(Path(tmp) / "illustration.png").read_bytes()
