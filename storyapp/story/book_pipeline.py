"""BookPipeline: idea -> premise -> [N scenes + cast sheet, one batch] -> [N scene image prompts,
one batch] -> N pictures; and the jobs that keep a book's pictures in step with its pages
(reroll a page, more pictures for a page, repaint the stale pages).

Each scene prompt is the sd-prompt-writer's visual phrases for its scene, then, word for word,
the cast-sheet look of each character the scene names, then the book's style line: put together
in code (book_text.compose_prompt) so it holds whatever the model wrote. Page i's picture has
seed seeds.page_image_seed(run seed, i): rerolling page i gives it a new seed and touches no
other page. The stages, events, notices and cancelling are StoryPipeline's, shared through one
StoryPipeline kept inside; like it, this saves nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storyapp.backends import TextBackend

from . import book_text, prompts
from .book import MORE_PICTURES, Book, CastMember, Page, check_page, check_pages
from .cleanup import clean_sd_prompt
from .errors import BookCancelled, StoryCancelled
from .events import OnEvent, PageStarted, Row
from .image_options import check_image_options
from .pipeline import StoryPipeline, check_idea, prose
from .result import RowStats, StageStats
from .seeds import fresh_seed, page_image_seed, page_prompt_seed
from .settings import TINY, Settings
from .setup import NO_IMAGE_MODEL

if TYPE_CHECKING:
    from storyapp.illustrate import RenderedImage

NO_CAST = (
    "the cast sheet could not be read; the idea's and premise's characters were given a plain "
    "look each (edit the cast sheet to change it)"
)
SHORT_STORY = (
    "the story came out too short for {pages} pages; the premise fills out the last ones "
    "(raise the token limit or ask for fewer pages)"
)
NO_LOOK = "the cast sheet gave no look for {names}; a plain one was given (edit the cast sheet)"
CROWDED = (
    "page {page} names more characters than SDXL's 77-token prompt holds with the style line; "
    "the last ones may be cut from its picture"
)
HERO = "the hero"  # the one character of a book whose idea and premise name nobody


def book_style(style: str) -> str:
    """The style line of a book painted in named style `style` ('' for the default): the
    style's words around 'picture book illustration'."""
    if not style or style == "none":
        return book_text.DEFAULT_STYLE
    from storyapp.illustrate.styles import styled

    return styled("picture book illustration", style)


class BookPipeline:
    def __init__(
        self,
        backend: TextBackend,
        illustrator=None,
        settings: Settings | None = None,
        on_event: OnEvent | None = None,
    ) -> None:
        self.backend, self.illustrator = backend, illustrator
        self.settings = settings or Settings()
        self.on_event = on_event
        self.style = book_style(self.settings.illustration.style)
        # the named style is already in every prompt as the book's style line: the painter must
        # not put its words around the prompt a second time; and every page paints from its own
        # seed, which a locked picture seed would override (every page one seed, rerolls no-ops)
        plain = replace(self.settings.illustration, style="", seed=None)
        self.story = StoryPipeline(
            backend, illustrator, replace(self.settings, illustration=plain), on_event
        )

    @property
    def notices(self) -> list[str]:
        return self.story.notices

    # --- The jobs

    def check(self, idea: str, pages: int) -> None:
        """Raises StoryError for an empty idea, a page count out of range or image settings the
        illustrator cannot take, before anything runs."""
        check_idea(idea)
        check_pages(pages)
        if self.settings.image:
            check_image_options(self.settings.illustration, self.illustrator)

    def run(self, idea: str, pages: int, cancel: threading.Event | None = None) -> Book:
        """A whole book of `pages` pages from `idea`, seeded by settings.seed."""
        self.check(idea, pages)
        seeds = self.story.seeds_for(self.settings.seed)
        premise, premise_stats = self.story.write_premise(idea, seeds["premise"], cancel)
        title, scenes, cast, text_stats = self.write_scenes_and_cast(
            idea, premise, pages, seeds, cancel
        )
        prompt_seeds = [page_prompt_seed(seeds["seed"], i) for i in range(pages)]
        scene_prompts, prompt_stats = self.write_scene_prompts(scenes, cast, prompt_seeds, cancel)
        book = Book(
            idea=idea.strip(),
            premise=premise,
            title=title,
            cast=tuple(cast),
            style=self.style,
            pages=tuple(
                Page(text, prompt, page_image_seed(seeds["seed"], i))
                for i, (text, prompt) in enumerate(zip(scenes, scene_prompts, strict=True))
            ),
            seed=seeds["seed"],
            stages={"premise": premise_stats, "story": text_stats, "prompts": prompt_stats},
            adapters={
                "premise": premise_stats.rows["premise"].adapter,
                **{row: s.adapter for row, s in text_stats.rows.items()},
                "scene_prompt": next(iter(prompt_stats.rows.values())).adapter,
            },
        )
        return self.paint_pages(book, range(pages), cancel)

    def reroll_page(
        self, book: Book, i: int, seed: int | None = None, cancel: threading.Event | None = None
    ) -> Book:
        """Page `i` (0-based) painted again from its prompt with a new seed (`seed`, else a
        random one); its old picture joins its candidates. No other page changes."""
        check_page(book, i)
        self._can_paint()
        page = book.pages[i]
        new_seed = seed if seed is not None else _other_seed(page.seed)
        painted = self.paint_pages(book, [i], cancel, {i: new_seed})
        image = painted.pages[i].image
        old = (page.image,) if page.image is not None else ()
        pages = list(book.pages)
        pages[i] = replace(page, image=image, seed=new_seed, candidates=(*old, *page.candidates))
        return replace(book, pages=tuple(pages), stages=painted.stages, notices=painted.notices)

    def more_pictures(
        self,
        book: Book,
        i: int,
        k: int = MORE_PICTURES,
        cancel: threading.Event | None = None,
        seed: int | None = None,
    ) -> tuple[RenderedImage, ...]:
        """`k` new pictures of page `i`'s prompt from ONE SDXL call, seeded `seed`, `seed`+1, ...
        (random when None). The book is not changed: choose one with book.choose_picture."""
        check_page(book, i)
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 8:
            self.story.fail("image", f"more pictures: from 1 to 8 at once, got {k!r}")
        self._can_paint()
        first = seed if seed is not None else fresh_seed()
        images, _ = self.story.paint_many(book.pages[i].prompt, first, k, cancel)
        return images

    def repaint_stale(self, book: Book, cancel: threading.Event | None = None) -> Book:
        """The stale pages' prompts written again from their text and the cast sheet as it is
        now, in ONE batched call, then their pictures painted with their own seeds; the other
        pages are left as they are. A book with no stale page comes back unchanged."""
        stale = [i for i, p in enumerate(book.pages) if p.stale]
        if not stale:
            return book
        scenes = [book.pages[i].text for i in stale]
        seeds = [page_prompt_seed(book.seed, i) for i in stale]
        new_prompts, prompt_stats = self.write_scene_prompts(scenes, book.cast, seeds, cancel)
        pages = list(book.pages)
        for i, prompt in zip(stale, new_prompts, strict=True):
            pages[i] = replace(pages[i], prompt=prompt)
        rewritten = replace(book, pages=tuple(pages), stages={"prompts": prompt_stats})
        painted = self.paint_pages(rewritten, stale, cancel)
        pages = list(painted.pages)
        for i in stale:
            if pages[i].image is not book.pages[i].image:  # painted (not with pictures off)
                # the old picture showed the old text; the book's earlier version keeps it
                pages[i] = replace(pages[i], stale=False, candidates=())
        return replace(painted, pages=tuple(pages))

    # --- The stages

    def write_scenes_and_cast(
        self,
        idea: str,
        premise: str,
        pages: int,
        seeds: dict[str, int],
        cancel: threading.Event | None = None,
    ) -> tuple[str, list[str], list[CastMember], StageStats]:
        """The story in `pages` scenes (story-writer) and the cast sheet (base model) in ONE
        batched call: (title, scenes, cast, stats)."""
        s = self.story
        requests = [
            s.request(
                prompts.scenes_messages(idea, premise, pages),
                s.adapter_for("story"),
                self.settings.story,
                seeds["story"],
            ),
            s.request(
                prompts.cast_sheet_messages(premise),
                None,
                self.settings.sd_prompt,
                seeds["sd_prompt"],
            ),
        ]
        results, stats = s.chat("story", ("story", "cast"), requests, cancel)
        story = s.unlooped("story", prose(results[0]))
        title, body = book_text.title_and_body(story)
        if len(body.split()) < pages:
            s.notice(SHORT_STORY.format(pages=pages))
            body = f"{body}\n\n{premise}".strip()
        scenes = book_text.split_scenes(body, pages)
        scenes = [text or premise for text in scenes]
        cast = self._cast(idea, premise, body, results[1].text)
        return title or _title_from(idea), scenes, cast, stats

    def write_scene_prompts(
        self,
        scenes: Sequence[str],
        cast: Sequence[CastMember],
        seeds: Sequence[int],
        cancel: threading.Event | None = None,
    ) -> tuple[list[str], StageStats]:
        """One image prompt per scene, ONE batched call of len(scenes) rows (sd-prompt-writer),
        each row given its scene and the cast sheet; each prompt then carries the looks of the
        characters its scene names and the style line (book_text.compose_prompt)."""
        s = self.story
        sheet = book_text.cast_lines(cast)
        adapter = s.adapter_for("sd_prompt")
        text = replace(
            self.settings.sd_prompt, max_tokens=min(self.settings.sd_prompt.max_tokens, 48)
        )
        requests = [
            s.request(prompts.scene_prompt_messages(scene, sheet), adapter, text, seed)
            for scene, seed in zip(scenes, seeds, strict=True)
        ]
        row: Row = "scene_prompt"
        rows = (row,) * len(requests)
        results, stats = s.chat("prompts", rows, requests, cancel)
        stats = replace(
            stats,
            rows={
                f"page-{n:02d}": RowStats(r.tokens, r.seconds, r.finish_reason, r.adapter)
                for n, r in enumerate(results, 1)
            },
        )
        out = []
        for n, (scene, r) in enumerate(zip(scenes, results, strict=True), 1):
            visual = clean_sd_prompt(r.text, prompts.MAX_SCENE_WORDS) or clean_sd_prompt(scene, 12)
            members = book_text.shown(scene, cast)
            fixed = book_text.compose_prompt("", members, self.style)
            if not self._fits(fixed):
                s.notice(CROWDED.format(page=n))
            out.append(book_text.compose_prompt(visual, members, self.style, self._fits))
        return out, stats

    def paint_pages(
        self,
        book: Book,
        which: Sequence[int],
        cancel: threading.Event | None = None,
        seeds: dict[int, int] | None = None,
    ) -> Book:
        """Pages `which` painted from their prompts (with `seeds[i]` where given, else their
        own seed); the book's 'image' stage gives each page's steps and seconds."""
        pages = list(book.pages)
        per_page: dict[str, RowStats] = {}
        seconds = steps = 0.0

        def painted() -> Book:
            stages = dict(book.stages)
            if per_page:
                stages["image"] = StageStats(seconds, int(steps), per_page)
            return replace(book, pages=tuple(pages), stages=stages, notices=tuple(self.notices))

        for i in which:
            self.story.emit(PageStarted(i + 1, len(pages)))
            seed = (seeds or {}).get(i, pages[i].seed)
            try:
                image, stats = self.story.paint(pages[i].prompt, seed, cancel)
            except StoryCancelled as e:
                for j in which:
                    if pages[j].image is None:
                        pages[j] = replace(pages[j], stale=True)
                raise BookCancelled(e.stage, painted()) from None
            if image is None or stats is None:
                break  # images off, or no image model: said once by paint
            pages[i] = replace(pages[i], image=image)
            per_page[f"page-{i + 1:02d}"] = RowStats(int(stats.tokens), stats.seconds, "done", None)
            seconds, steps = seconds + stats.seconds, steps + stats.tokens
        return painted()

    # --- Helpers

    def _can_paint(self) -> None:
        """StoryError unless a picture can be painted now (an image model, pictures on)."""
        if self.illustrator is None:
            self.story.fail("image", NO_IMAGE_MODEL)
        if not self.settings.image:
            self.story.fail("image", "pictures are off in the settings: turn them on first")

    def _cast(self, idea: str, premise: str, story: str, sheet: str) -> list[CastMember]:
        """The cast sheet as written, filled out with the idea's and premise's names it lacks;
        the premise's names with plain looks when none of it can be read."""
        parsed = book_text.parse_cast(sheet)
        if not parsed:
            self.story.notice(NO_CAST)
            cast = book_text.fallback_cast(idea, premise)
            return cast or [CastMember(HERO, book_text.GENERIC_LOOKS[0])]
        cast = book_text.fallback_cast(idea, premise, parsed)
        added = [c.name for c in cast[len(parsed) :]]
        if added:
            self.story.notice(NO_LOOK.format(names=", ".join(added)))
        return cast

    def _fits(self, text: str) -> bool:
        """Whether `text` reaches SDXL's text encoders whole. The tiny test model's tokenizer
        reads one character a token, so for it (and with no illustrator) the estimate of what
        SDXL's own CLIP tokenizers read is used: the prompt a tiny book records is the one the
        real model would take whole."""
        if self.illustrator is None or self.illustrator.model == TINY:
            return book_text.estimated_fit(text)
        return not self.illustrator.fit(text).dropped


def _title_from(idea: str) -> str:
    words = idea.split()
    return " ".join(words[:8]).strip(" .,;:").capitalize() if words else "A picture book"


def _other_seed(old: int) -> int:
    seed = fresh_seed()
    return seed if seed != old else seed + 1


def check_book_request(idea: str, pages: object) -> None:
    """The idea and the page count checked before any model loads (StoryError)."""
    check_idea(idea)
    check_pages(pages)
