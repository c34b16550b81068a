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
    parent: StoryVersion | None = None,
) -> tuple[int, int, Path]:
    """Save `result`; (story id, version id, library folder). Without `parent`: the first version
    of a new story. With it: a new version of parent's story. `library`: default
    $STORYAPP_HOME/library."""
    version = version_of(result, settings, backend, model, parent)
    with Library.open(library) as lib:
        if parent is None:  # the story, its version and picture: all saved, or none
            story_id, version_id = lib.add_story(version, image_bytes)
        else:
            story_id = parent.story_id
            version_id = lib.add_version(story_id, version, image_bytes)
        return story_id, version_id, lib.root


def version_of(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
) -> StoryVersion:
    """The library record of a run. A story-only rerun keeps (refers to) parent's picture."""
    image = result.image
    kept = (
        parent is not None
        and image is None
        and result.kind == "story"
        and parent.image_path is not None
    )
    image_meta = image.metadata() if image else parent.settings.get("image") if kept else None
    return StoryVersion(
        parent_version_id=parent.id if parent else None,
        kind=result.kind,
        idea=result.idea,
        premise=result.premise,
        story_text=result.story,
        image_prompt=result.sd_prompt,
        negative_prompt=(
            image.request.negative_prompt if image else settings.illustration.negative_prompt
        ),
        image_path=parent.image_path if kept else None,
        settings={**settings.as_dict(), "seeds": result.seeds, "image": image_meta},
        model=model,
        adapters={row: name or "base" for row, name in result.adapters.items()},
        backend=backend,
        timings={
            stage: {k: v for k, v in stats.as_dict().items() if k != "rows"}
            for stage, stats in result.stages.items()
        },
    )
