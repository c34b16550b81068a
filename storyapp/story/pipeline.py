"""StoryPipeline: idea -> premise -> [story + image prompt, one batch] -> illustration.

Every stage streams typed events to `on_event` and stops when its `cancel` Event is set, leaving
the backend and illustrator ready for the next call. Any stage can be rerun alone. The pipeline
saves nothing: the caller decides where results go.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from .cleanup import clean_sd_prompt
from .errors import StoryError
from .image_options import check_image_options
from .result import Kind, StoryResult
from .seeds import spread
from .stages import Stages


class StoryPipeline(Stages):
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
        return replace(result, stages={"premise": stats, **result.stages})

    def from_premise(
        self,
        idea: str,
        premise: str,
        seed: int | None = None,
        cancel: threading.Event | None = None,
    ) -> StoryResult:
        """Story, image prompt and picture from an edited premise (kind 'premise')."""
        if not premise.strip():
            self._fail("story", "the premise is empty: write a few sentences about the story")
        return self._from_premise(idea, premise, self.seeds_for(seed), cancel, "premise")

    def rerun_story(
        self, previous: StoryResult, seed: int | None = None, cancel: threading.Event | None = None
    ) -> StoryResult:
        """A new story text from the same premise (kind 'story'); image prompt and picture
        are kept."""
        seeds = self.seeds_for(seed)
        rows, stats = self.write_texts(previous.premise, ("story",), seeds, cancel)
        return replace(
            previous,
            kind="story",
            story=rows["story"],
            seeds={**previous.seeds, "seed": seeds["seed"], "story": seeds["story"]},
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
            self._fail("image", "the image prompt is empty: describe what the picture shows")
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
        rows, text_stats = self.write_texts(premise, ("story", "sd_prompt"), seeds, cancel)
        sd_prompt = rows["sd_prompt"] or clean_sd_prompt(premise)
        image, image_stats = self.paint(sd_prompt, seeds["image"], cancel)
        return StoryResult(
            idea=idea.strip(),
            kind=kind,
            premise=premise.strip(),
            story=rows["story"],
            sd_prompt=sd_prompt,
            image=image,
            seeds=seeds,
            stages={"story": text_stats, **({"image": image_stats} if image_stats else {})},
            adapters={row: s.adapter for row, s in text_stats.rows.items()},
            notices=tuple(self.notices),
        )

    def seeds_for(self, seed: int | None) -> dict[str, int]:
        """The seed of each row and of the image for a run seeded `seed` (None: random)."""
        try:
            return spread(seed)
        except ValueError as e:
            self._fail("premise", str(e))


def check_idea(idea: str) -> None:
    """Raises StoryError for an idea there is nothing to write from."""
    if not isinstance(idea, str) or not idea.strip():
        raise StoryError("premise", "the idea is empty: write a few words about the story you want")
