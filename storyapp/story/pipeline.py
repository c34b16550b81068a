"""StoryPipeline: idea -> premise -> [story + image prompt, one batch] -> illustration.

Every stage streams typed events to `on_event` and stops when its `cancel` Event is set, leaving
the backend and illustrator ready for the next call. Any stage can be rerun alone. The pipeline
saves nothing: the caller decides where results go.

The class reads top-down: the four jobs a caller runs (a whole run, from an edited premise, a new
story, a new picture), then the three stages they are made of, then the plumbing shared by the
stages (requests, events, notices).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from storyapp.backends import (
    BackendCancelled,
    BackendError,
    ChatRequest,
    Message,
    PromptTooLong,
    RowResult,
    TextBackend,
    backend_idle,
)

from . import prompts, quality
from .cleanup import clean_sd_prompt, clean_text, trim_unfinished
from .errors import StoryCancelled, StoryError
from .events import (
    Cancelled,
    Event,
    Failed,
    ImageStep,
    Notice,
    OnEvent,
    Preview,
    Row,
    Stage,
    StageDone,
    StageStarted,
    Token,
)
from .image_options import check_image_options, image_options, styled_prompt
from .result import Kind, RowStats, StageStats, StoryResult
from .seeds import rewrite_seed, spread
from .settings import PREMISE_WRITER, PROMPT_WRITER, STORY_WRITER, Settings, TextSettings
from .setup import NO_IMAGE_MODEL, missing_adapter_notice

if TYPE_CHECKING:
    from storyapp.illustrate import Illustrator, RenderedImage

ADAPTER: dict[str, str] = {"story": STORY_WRITER, "sd_prompt": PROMPT_WRITER}
TEXT_SEEDS = ("premise", "story", "sd_prompt")
WHAT = {"story": "story", "sd_prompt": "image prompt"}


class StoryPipeline:
    def __init__(
        self,
        backend: TextBackend,
        illustrator: Illustrator | None = None,
        settings: Settings | None = None,
        on_event: OnEvent | None = None,
    ) -> None:
        self.backend, self.illustrator = backend, illustrator
        self.settings = settings or Settings()
        self.on_event = on_event
        self.notices: list[str] = []  # each said once per pipeline

    # --- The jobs: each returns a StoryResult

    def check(self, idea: str) -> None:
        """Raises StoryError for an empty idea or image settings the illustrator cannot take,
        before anything runs."""
        check_idea(idea)
        if self.settings.image:
            check_image_options(self.settings.illustration, self.illustrator)

    def run(self, idea: str, cancel: threading.Event | None = None) -> StoryResult:
        """All three stages from an idea (kind 'full'), seeded by settings.seed."""
        self.check(idea)
        seeds = self.seeds_for(self.settings.seed)
        premise, stats = self.write_premise(idea, seeds["premise"], cancel)
        result = self._from_premise(idea, premise, seeds, cancel, "full")
        premise_adapter = stats.rows["premise"].adapter
        adapters = {"premise": premise_adapter} if premise_adapter else {}
        return replace(
            result,
            stages={"premise": stats, **result.stages},
            adapters={**adapters, **result.adapters},
        )

    def from_premise(
        self,
        idea: str,
        premise: str,
        seed: int | None = None,
        cancel: threading.Event | None = None,
    ) -> StoryResult:
        """Story, image prompt and picture from an edited premise (kind 'premise')."""
        if not premise.strip():
            self.fail("story", "the premise is empty: write a few sentences about the story")
        return self._from_premise(idea, premise, self.seeds_for(seed), cancel, "premise")

    def rerun_story(
        self, previous: StoryResult, seed: int | None = None, cancel: threading.Event | None = None
    ) -> StoryResult:
        """A new story text from the same premise (kind 'story'); image prompt and picture
        are kept."""
        seeds = self.seeds_for(seed)
        rows, stats = self.write_texts(previous.idea, previous.premise, ("story",), seeds, cancel)
        return replace(
            previous,
            kind="story",
            story=rows["story"],
            seeds=self._recorded(
                {**previous.seeds, "seed": seeds["seed"], "story": seeds["story"]}
            ),
            stages={"story": stats},
            adapters={**previous.adapters, "story": stats.rows["story"].adapter},
            notices=tuple(self.notices),
        )

    def rerun_image(
        self,
        previous: StoryResult,
        seed: int | None = None,
        prompt: str | None = None,
        cancel: threading.Event | None = None,
    ) -> StoryResult:
        """A new picture from a new seed, an edited prompt, or both (kind 'image')."""
        sd_prompt = previous.sd_prompt if prompt is None else prompt.strip()
        if not sd_prompt:
            self.fail("image", "the image prompt is empty: describe what the picture shows")
        seeds = self.seeds_for(seed)
        image, stats = self.paint(sd_prompt, seeds["image"], cancel)
        return replace(
            previous,
            kind="image",
            sd_prompt=sd_prompt,
            image=image,
            seeds={**previous.seeds, "seed": seeds["seed"], "image": seeds["image"]},
            stages={"image": stats} if stats else {},
            notices=tuple(self.notices),
        )

    def _from_premise(
        self, idea: str, premise: str, seeds: dict[str, int], cancel, kind: Kind
    ) -> StoryResult:
        rows, text_stats = self.write_texts(idea, premise, ("story", "sd_prompt"), seeds, cancel)
        sd_prompt = rows["sd_prompt"] or clean_sd_prompt(premise)
        image, image_stats = self.paint(sd_prompt, seeds["image"], cancel)
        return StoryResult(
            idea=idea.strip(),
            kind=kind,
            premise=premise.strip(),
            story=rows["story"],
            sd_prompt=sd_prompt,
            image=image,
            seeds=self._recorded(seeds),
            stages={"story": text_stats, **({"image": image_stats} if image_stats else {})},
            adapters={row: s.adapter for row, s in text_stats.rows.items()},
            notices=tuple(self.notices),
        )

    def seeds_for(self, seed: int | None) -> dict[str, int]:
        """The seed of each row and of the image for a run seeded `seed` (None: random)."""
        try:
            return spread(seed)
        except ValueError as e:
            self.fail("premise", str(e))

    # --- The three stages

    def write_premise(
        self, idea: str, seed: int, cancel: threading.Event | None = None
    ) -> tuple[str, StageStats]:
        """Stage 1: the idea expanded into a premise, by the premise-writer adapter where the
        base has one, else by the base model."""
        adapter = PREMISE_WRITER if PREMISE_WRITER in self.backend.adapters() else None
        messages = prompts.premise_messages(idea)
        request = self.request(messages, adapter, self.settings.premise, seed)
        results, stats = self.chat("premise", ("premise",), [request], cancel)
        return self.unlooped("premise", prose(results[0])), stats

    def write_texts(
        self,
        idea: str,
        premise: str,
        rows: Sequence[Row],
        seeds: dict[str, int],
        cancel: threading.Event | None = None,
    ) -> tuple[dict[str, str], StageStats]:
        """Stage 2: the story (story-writer) and the image prompt (sd-prompt-writer) from the
        premise, in ONE batched backend call; `rows` may name just one of them for a rerun."""
        make = {
            "story": (prompts.story_messages(idea, premise), self.settings.story),
            "sd_prompt": (prompts.image_prompt_messages(premise), self.settings.sd_prompt),
        }
        requests = []
        for row in rows:
            messages, text = make[row]
            requests.append(self.request(messages, self.adapter_for(row), text, seeds[row]))
        results, stats = self.chat("story", tuple(rows), requests, cancel)
        texts: dict[str, str] = {}
        for row, r in zip(rows, results, strict=True):
            texts[row] = (
                clean_sd_prompt(r.text) if row == "sd_prompt" else self.unlooped(row, prose(r))
            )
        # a story cut short by its length may be yet to name someone: only one that ended on
        # its own is held to the premise's cast
        ended = "story" in texts and results[rows.index("story")].finish_reason == "stop"
        lost = quality.cast_lost(premise, texts["story"]) if ended else None
        if lost:
            texts["story"], stats = self.rewrite_story(idea, premise, lost, seeds, stats, cancel)
        return texts, stats

    def rewrite_story(
        self,
        idea: str,
        premise: str,
        lost: str,
        seeds: dict[str, int],
        stats: StageStats,
        cancel: threading.Event | None,
    ) -> tuple[str, StageStats]:
        """A story that ended on its own but lost the premise's cast (`lost` says how) written
        once more, with a seed derived from its own (the run's seed still gives one text); the
        rewrite stands. The stage's stats count both."""
        self.notice(f"the first draft of the story {lost}; it was written once more")
        seed = rewrite_seed(seeds["story"])
        messages = prompts.story_messages(idea, premise)
        request = self.request(messages, self.adapter_for("story"), self.settings.story, seed)
        results, again = self.chat("story", ("story",), [request], cancel)
        both = StageStats(
            stats.seconds + again.seconds, stats.tokens + again.tokens, stats.rows | again.rows
        )
        return self.unlooped("story", prose(results[0])), both

    def paint(
        self, prompt: str, seed: int, cancel: threading.Event | None = None
    ) -> tuple[RenderedImage | None, StageStats | None]:
        """Stage 3: the illustrator paints `prompt`; (None, None) when images are off or there
        is no image model (the user is told how to add one)."""
        if not self.settings.image:
            return None, None
        if self.illustrator is None:
            self.notice(NO_IMAGE_MODEL)
            return None, None
        images, stats = self.paint_many(prompt, seed, 1, cancel)
        return images[0], stats

    def paint_many(
        self, prompt: str, seed: int, k: int, cancel: threading.Event | None = None
    ) -> tuple[tuple[RenderedImage, ...], StageStats]:
        """`k` pictures of `prompt` from ONE SDXL call, seeded `seed`, `seed`+1, ... (a locked
        seed wins); previews only for one. The caller has made sure there is an image model."""
        from storyapp.illustrate import IllustratorError, ImageRequest, RenderCancelled

        assert self.illustrator is not None
        self.emit(StageStarted("image"))
        wanted = self.settings.illustration
        previews = wanted.previews and k == 1
        if previews and self.illustrator.preview is None:
            from storyapp.illustrate.preview import NO_PREVIEWS

            self.notice(NO_PREVIEWS)

        def on_step(i: int, n: int) -> None:
            self.emit(ImageStep(i, n))

        def on_preview(i: int, n: int, picture) -> None:
            self.emit(Preview(i, n, picture))

        start = time.perf_counter()
        try:
            request = ImageRequest(
                styled_prompt(wanted, prompt),
                seed=seed if wanted.seed is None else wanted.seed,
                **image_options(wanted, self.illustrator),
            )
            with backend_idle(self.backend):  # the card's memory plan may free the LLM's cache
                if k == 1:
                    images: tuple[RenderedImage, ...] = (
                        self.illustrator.render(
                            request, on_step, cancel, on_preview if previews else None
                        ),
                    )
                else:
                    images = self.illustrator.render_many(request, k, on_step, cancel)
        except RenderCancelled:
            self.emit(Cancelled("image"))
            raise StoryCancelled("image") from None
        except IllustratorError as e:
            self.fail("image", str(e))
        stats = StageStats(time.perf_counter() - start, request.steps * k)
        self.done("image", stats)
        return images, stats

    # --- The stage plumbing: StoryPipeline's stages and a picture book's share it

    def chat(
        self,
        stage: Stage,
        rows: tuple[Row, ...],
        requests: list[ChatRequest],
        cancel: threading.Event | None,
    ) -> tuple[list[RowResult], StageStats]:
        self.emit(StageStarted(stage, rows))
        seed_notice = getattr(self.backend, "seed_notice", None)
        if seed_notice and any(r.sampling.temperature > 0 for r in requests):
            self.notice(seed_notice)
        start = time.perf_counter()
        try:
            results = self.backend.chat(
                requests, lambda i, text: self.emit(Token(stage, rows[i], text)), cancel
            )
        except BackendCancelled:
            self.emit(Cancelled(stage))
            raise StoryCancelled(stage) from None
        except PromptTooLong as e:
            what = "the idea is too long" if stage == "premise" else "the premise is too long"
            self.fail(stage, f"{what}: {e}")
        except BackendError as e:
            self.fail(stage, str(e))
        per_row: dict[str, RowStats] = {
            row: RowStats(r.tokens, r.seconds, r.finish_reason, r.adapter)
            for row, r in zip(rows, results, strict=True)
        }
        stats = StageStats(time.perf_counter() - start, sum(r.tokens for r in results), per_row)
        self.done(stage, stats)
        return results, stats

    def request(
        self, messages: tuple[Message, ...], adapter: str | None, text: TextSettings, seed: int
    ) -> ChatRequest:
        return ChatRequest(messages, adapter, text.sampling(seed, self.settings.ignore_eos))

    def _recorded(self, seeds: dict[str, int]) -> dict[str, int]:
        """The seeds worth recording: where the backend's text does not follow its seeds (its
        seed_notice says why), only the run's seed and the picture's."""
        if getattr(self.backend, "seed_notice", None) is None:
            return seeds
        return {k: v for k, v in seeds.items() if k not in TEXT_SEEDS}

    def adapter_for(self, row: Row) -> str:
        """The adapter for `row`. When the backend does not have it the request still names it
        and the backend runs the base model; the user is told once."""
        name = ADAPTER[row]
        if name not in self.backend.adapters():
            self.notice(missing_adapter_notice(self.settings, name, WHAT[row]))
        return name

    def unlooped(self, what: str, text: str) -> str:
        """`text` without a degenerate loop: cut at the sentence where it began, and said."""
        start = quality.loop_start(text)
        if start is None:
            return text
        self.notice(
            f"the {what} began repeating itself; it was cut where the repetition started "
            "(Generate again or rerun the stage for a new one)"
        )
        return text[:start].rstrip()

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)
            self.emit(Notice(message))

    def done(self, stage: Stage, stats: StageStats) -> None:
        self.emit(StageDone(stage, stats.seconds, stats.tokens, stats.tokens_per_s))

    def fail(self, stage: Stage, message: str) -> NoReturn:
        self.emit(Failed(stage, message))
        raise StoryError(stage, message)

    def emit(self, event: Event) -> None:
        if self.on_event is not None:
            self.on_event(event)


def check_idea(idea: str) -> None:
    """Raises StoryError for an idea there is nothing to write from."""
    if not isinstance(idea, str) or not idea.strip():
        raise StoryError("premise", "the idea is empty: write a few words about the story you want")


def prose(r: RowResult) -> str:
    text = trim_unfinished(r.text) if r.finish_reason == "length" else r.text
    return clean_text(text)
