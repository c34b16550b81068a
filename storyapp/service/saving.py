"""A generated run saved into the story library as a version, and a saved version back as the
pipeline's previous result for a rerun. The story package does not know the library, so both
front ends save through here."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import cast

from storyapp.library import Library, StoryVersion
from storyapp.story import Settings, StoryResult
from storyapp.story.result import Kind as StoryKind


def save_run(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    image_bytes: bytes | None,
    library: str | Path | None = None,
    parent: StoryVersion | None = None,
    partial: str | None = None,
) -> tuple[int, int, Path]:
    """Save `result`; (story id, version id, library folder). Without `parent`: the first version
    of a new story. With it: a new version of parent's story. `library`: default
    $STORYAPP_HOME/library. `partial`: the stage that was cancelled, when the result holds only
    the stages before it."""
    version = version_of(result, settings, backend, model, parent, partial)
    with Library.open(library) as lib:
        if parent is None:  # the story, its version and picture: all saved, or none
            story_id, version_id = lib.add_story(version, image_bytes)
        else:
            story_id = parent.story_id
            version_id = lib.add_version(story_id, version, image_bytes)
        return story_id, version_id, lib.root


def save_result(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
    partial: str | None = None,
) -> tuple[int, int]:
    """(story id, version id), the picture taken from `result` itself: as save_run into the
    default library. A rerun that kept the picture refers to parent's image."""
    story_id, version_id, _ = save_run(
        result, settings, backend, model, _png(result), parent=parent, partial=partial
    )
    return story_id, version_id


def version_of(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    parent: StoryVersion | None = None,
    partial: str | None = None,
) -> StoryVersion:
    """The library record of a run. A story-only rerun keeps (refers to) parent's picture.
    `partial`: the cancelled stage, recorded in the settings (see StoryVersion.partial)."""
    image = result.image
    # the version whose picture this one keeps, if any
    kept = (
        parent
        if parent is not None
        and image is None
        and result.kind == "story"
        and parent.image_path is not None
        else None
    )
    image_meta = image.metadata() if image else kept.settings.get("image") if kept else None
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
        image_path=kept.image_path if kept else None,
        settings={
            **settings.as_dict(),
            "seeds": result.seeds,
            "image": image_meta,
            **({"partial": partial} if partial else {}),
        },
        model=model,
        adapters={row: name or "base" for row, name in result.adapters.items()},
        backend=backend,
        timings={
            stage: {k: v for k, v in stats.as_dict().items() if k != "rows"}
            for stage, stats in result.stages.items()
        },
    )


def result_of(v: StoryVersion) -> StoryResult:
    """A saved version as the pipeline's previous result, for a rerun (the picture stays in the
    library: a rerun that keeps it refers to the parent's image file). A picture book's version
    is rerun as a whole story ('full'): book changes go through service/book_saving."""
    return StoryResult(
        idea=v.idea,
        kind="full" if v.kind in ("book", "page") else cast(StoryKind, v.kind),
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
    return result.image.png() if result.image is not None else None


def save_edit(parent: StoryVersion, story_text: str) -> StoryVersion:
    """The user's own edit of `parent`'s story, saved as a new version (kind 'story', marked
    'edited' in its settings) that keeps parent's premise, prompt and picture."""
    version = dataclasses.replace(
        parent,
        id=0,
        story_id=0,
        parent_version_id=parent.id,
        kind="story",
        story_text=story_text.strip(),
        settings={**parent.settings, "edited": True},
        timings={},
        created_at=None,
        deleted_at=None,
    )
    version.settings.pop("partial", None)
    with Library.open() as lib:
        return lib.get_version(lib.add_version(parent.story_id, version))
