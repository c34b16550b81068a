"""What the user asked for (a Generate or a rerun) as plain data, and running it: the
pipeline stage(s), then saving the result. The desktop app's worker runs this in its thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Literal

from storyapp.library import Library, StoryVersion
from storyapp.story import OnEvent, Settings, StoryError, StoryPipeline, VersionSaved

from .engines import Engines
from .saving import result_of, save_result

JobKind = Literal["full", "premise", "story", "image"]
NO_PICTURE = "no image model: choose an SDXL model (Settings, Image model) to paint pictures"


@dataclass(slots=True)
class Job:
    kind: JobKind
    settings: Settings
    idea: str = ""
    premise: str = ""  # 'premise': the edited premise
    prompt: str | None = None  # 'image': the edited image prompt (None: the parent's)
    parent: StoryVersion | None = None  # the version a rerun starts from
    cancel: threading.Event = field(default_factory=threading.Event)


def run_job(job: Job, engines: Engines, on_event: OnEvent) -> StoryVersion:
    """Run `job` and save what it made; the saved version. Raises StoryError (the pipeline has
    sent Failed), StoryCancelled (it has sent Cancelled), or LibraryError when saving fails."""
    backend = engines.text(job.settings)
    illustrator = engines.illustrator if engines.image_loaded(job.settings) else None
    # Without a usable image model the text is written alone; the image panel says why.
    settings = job.settings if illustrator else replace(job.settings, image=False)
    pipe = StoryPipeline(backend, illustrator, settings, on_event)
    parent = job.parent
    if job.kind == "full":
        result = pipe.run(job.idea, job.cancel)
    elif parent is None:
        raise StoryError("story", "there is no story to rerun yet: generate one first")
    elif job.kind == "premise":
        result = pipe.from_premise(parent.idea, job.premise, None, job.cancel)
    elif job.kind == "story":
        result = pipe.rerun_story(result_of(parent), None, job.cancel)
    else:
        if illustrator is None:
            raise StoryError("image", engines.image_error or NO_PICTURE)
        result = pipe.rerun_image(result_of(parent), None, job.prompt, job.cancel)
    story_id, version_id = save_result(result, settings, backend.name, backend.model, parent)
    on_event(VersionSaved(story_id, version_id))
    with Library.open() as lib:
        return lib.get_version(version_id)
