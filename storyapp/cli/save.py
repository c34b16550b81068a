"""Glue between a generated run and the story library: the story package does not know the
library, so the CLI (and the GUI) save its results."""

from __future__ import annotations

from pathlib import Path

from storyapp.library import Library, StoryVersion
from storyapp.story import Settings, StoryResult


def save_run(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    image_bytes: bytes | None,
    library: str | Path | None = None,
) -> tuple[int, int, Path]:
    """Save `result` as the first version of a new story; (story id, version id, library
    folder). `library`: default $STORYAPP_HOME/library."""
    image = result.image
    version = StoryVersion(
        kind=result.kind,
        idea=result.idea,
        premise=result.premise,
        story_text=result.story,
        image_prompt=result.sd_prompt,
        negative_prompt=(
            image.request.negative_prompt if image else settings.illustration.negative_prompt
        ),
        settings={
            **settings.as_dict(),
            "seeds": result.seeds,
            "image": image.metadata() if image else None,
        },
        model=model,
        adapters={row: name or "base" for row, name in result.adapters.items()},
        backend=backend,
        timings={
            stage: {k: v for k, v in stats.as_dict().items() if k != "rows"}
            for stage, stats in result.stages.items()
        },
    )
    with Library.open(library) as lib:
        story = lib.new_story()
        version_id = lib.add_version(story.id, version, image_bytes)
        return story.id, version_id, lib.root
