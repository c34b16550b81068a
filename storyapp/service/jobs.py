"""What the user asked for (a Generate or a rerun) as plain data, and running it: the
pipeline stage(s), then saving the result. The desktop app's worker runs this in its thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Literal

from storyapp.backends import BackendCancelled, BackendError, ChatRequest, Sampling, TextBackend
from storyapp.library import Library, StoryVersion
from storyapp.story import (
    Cancelled,
    Event,
    Failed,
    OnEvent,
    Settings,
    StageDone,
    StageStarted,
    StoryCancelled,
    StoryError,
    StoryPipeline,
    StoryResult,
    Token,
    VersionSaved,
    prompts,
)
from storyapp.story.cleanup import clean_sd_prompt, clean_text, trim_unfinished
from storyapp.story.result import StageStats
from storyapp.story.seeds import spread
from storyapp.story.settings import STORY_WRITER

from .engines import Engines
from .saving import result_of, save_result

JobKind = Literal["full", "premise", "story", "image", "continue"]
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
    sent Failed), StoryCancelled (it has sent Cancelled) when nothing had finished, or
    LibraryError when saving fails. A run cancelled after a stage finished saves what the
    finished stages wrote as a partial version (`StoryVersion.partial`) and returns it."""
    backend = engines.text(job.settings)
    illustrator = engines.illustrator if engines.image_loaded(job.settings) else None
    # Without a usable image model the text is written alone; the image panel says why.
    settings = job.settings if illustrator else replace(job.settings, image=False)
    finished = FinishedStages(on_event)
    pipe = StoryPipeline(backend, illustrator, settings, finished)
    partial: str | None = None
    try:
        if job.kind == "continue":
            result = continue_story(job, backend, finished)
        else:
            result = _run(job, pipe, illustrator is not None, engines.image_error)
    except StoryCancelled as e:
        kept = finished.partial(job)
        if kept is None:
            raise
        result, partial = kept, e.stage
    story_id, version_id = save_result(
        result, settings, backend.name, backend.model, job.parent, partial=partial
    )
    on_event(VersionSaved(story_id, version_id))
    with Library.open() as lib:
        return lib.get_version(version_id)


def _run(job: Job, pipe: StoryPipeline, painting: bool, image_error: str | None) -> StoryResult:
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
        if not painting:
            raise StoryError("image", image_error or NO_PICTURE)
        result = pipe.rerun_image(result_of(parent), None, job.prompt, job.cancel)
    return result


def continue_story(job: Job, backend: TextBackend, on_event: OnEvent) -> StoryResult:
    """The story-writer goes on with the parent's story: a new version (kind 'story', marked
    'continued' in its settings) whose text is the old one and what was written after it."""
    parent = job.parent
    if parent is None or not parent.story_text.strip():
        raise StoryError("story", "there is no story to continue yet: write one first")
    text = job.settings.story
    seed = spread(job.settings.seed)["story"]
    sampling = Sampling(text.max_tokens, text.temperature, text.top_p, seed)
    request = ChatRequest(
        prompts.continue_messages(parent.premise, parent.story_text), STORY_WRITER, sampling
    )
    on_event(StageStarted("story", ("story",)))
    on_event(Token("story", "story", "\n\n"))
    try:
        [row] = backend.chat(
            [request], lambda _i, t: on_event(Token("story", "story", t)), job.cancel
        )
    except BackendCancelled:
        on_event(Cancelled("story"))
        raise StoryCancelled("story") from None
    except BackendError as e:
        on_event(Failed("story", str(e)))
        raise StoryError("story", str(e)) from None
    stats = StageStats(row.seconds, row.tokens)
    on_event(StageDone("story", stats.seconds, stats.tokens, stats.tokens_per_s))
    more = trim_unfinished(row.text) if row.finish_reason == "length" else row.text
    previous = result_of(parent)
    return replace(
        previous,
        kind="story",
        story=clean_text(parent.story_text.rstrip() + "\n\n" + clean_text(more)),
        seeds={**previous.seeds, "story": seed},
        stages={"story": stats},
    )


class FinishedStages:
    """Passes each event on, and keeps the text of the text stages that finished, so that a
    cancel in a later stage loses only that stage."""

    def __init__(self, on_event: OnEvent) -> None:
        self.on_event = on_event
        self.texts: dict[str, str] = {}
        self.done: set[str] = set()

    def __call__(self, ev: Event) -> None:
        if isinstance(ev, Token):
            self.texts[ev.row] = self.texts.get(ev.row, "") + ev.text
        elif isinstance(ev, StageDone):
            self.done.add(ev.stage)
        self.on_event(ev)

    def partial(self, job: Job) -> StoryResult | None:
        """What a cancelled full run or rewrite had finished, or None when it had nothing."""
        if job.kind == "full" and "premise" in self.done:
            premise = clean_text(self.texts.get("premise", ""))
        elif job.kind == "premise" and "story" in self.done:
            premise = job.premise
        else:
            return None
        wrote = "story" in self.done
        return StoryResult(
            idea=job.idea.strip(),
            kind=job.kind,
            premise=premise.strip(),
            story=clean_text(self.texts.get("story", "")) if wrote else "",
            sd_prompt=clean_sd_prompt(self.texts.get("sd_prompt", "")) if wrote else "",
            image=None,
            seeds={},
            stages={},
        )
