"""Saving a run into the library: a new story for a fresh Generate (the CLI's save_run), a new
version of the same story for a rerun. Qt-free."""

from __future__ import annotations

import tempfile
from pathlib import Path

from storyapp.cli.save import save_run
from storyapp.library import Library, StoryVersion
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
    image_bytes = _png(result)
    if parent is None:
        story_id, version_id, _ = save_run(result, settings, backend, model, image_bytes)
        return story_id, version_id
    version = _version(result, settings, backend, model, parent)
    with Library.open() as lib:
        return parent.story_id, lib.add_version(parent.story_id, version, image_bytes)


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


def _version(
    result: StoryResult, settings: Settings, backend: str, model: str, parent: StoryVersion
) -> StoryVersion:
    # The same record as storyapp.cli.save.save_run builds, plus the parent link.
    image = result.image
    kept = image is None and result.kind == "story" and parent.image_path is not None
    return StoryVersion(
        parent_version_id=parent.id,
        kind=result.kind,
        idea=result.idea,
        premise=result.premise,
        story_text=result.story,
        image_prompt=result.sd_prompt,
        negative_prompt=(
            image.request.negative_prompt if image else settings.illustration.negative_prompt
        ),
        image_path=parent.image_path if kept else None,
        settings={
            **settings.as_dict(),
            "seeds": result.seeds,
            "image": image.metadata() if image else parent.settings.get("image") if kept else None,
        },
        model=model,
        adapters={row: name or "base" for row, name in result.adapters.items()},
        backend=backend,
        timings={
            stage: {k: v for k, v in stats.as_dict().items() if k != "rows"}
            for stage, stats in result.stages.items()
        },
    )
