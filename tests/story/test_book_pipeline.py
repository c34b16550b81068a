"""BookPipeline on the real default model (random adapters) and the tiny SDXL: the two batched
text calls after the premise, the looks in every scene prompt, a reroll that touches one page,
K candidates from one SDXL call, repainting only the stale pages, and bad input."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from storyapp.story import BookCancelled, Notice, PageStarted, StoryError, TextSettings
from storyapp.story.book import edit_page
from storyapp.story.book_pipeline import NO_CAST, BookPipeline
from storyapp.story.book_text import estimated_fit, shown

from .conftest import SMALL

pytestmark = pytest.mark.slow  # a 6-page book on the real model: about a minute

IDEA = "Mia, a girl who bakes bread, befriends Ember, a shy dragon"
BOOK = replace(
    SMALL,
    premise=TextSettings(16, 0.7),
    story=TextSettings(40, 0.8),
    sd_prompt=TextSettings(12, 0.7, 0.9),
)


def counted(backend) -> list[int]:
    """The rows of each backend.chat call from now on."""
    calls: list[int] = []
    chat = backend.chat
    backend.chat = lambda requests, *a, **k: calls.append(len(requests)) or chat(requests, *a, **k)
    return calls


@pytest.fixture(scope="module")
def made(llm, adapter_dirs, illustrator):
    """A 6-page book, the pipeline that made it, its events and the rows of each text call."""
    from storyapp.backends import EmbeddedBackend

    backend = EmbeddedBackend(llm)
    for name, path in adapter_dirs.items():
        if name not in backend.adapters():
            backend.add_adapter(name, path)
    calls = counted(backend)
    events: list = []
    pipe = BookPipeline(backend, illustrator, BOOK, on_event=events.append)
    book = pipe.run(IDEA, 6)
    return pipe, book, events, calls


def test_a_book_is_the_premise_then_two_batched_calls_then_a_picture_per_page(made):
    _, book, _, calls = made
    assert calls == [1, 2, 6]  # premise; scenes + cast sheet; the 6 scene prompts in ONE call
    assert list(book.stages) == ["premise", "story", "prompts", "image"]
    assert list(book.stages["story"].rows) == ["story", "cast"]
    assert list(book.stages["prompts"].rows) == [f"page-{i:02d}" for i in range(1, 7)]
    assert book.adapters["story"] == "story-writer" and book.adapters["cast"] is None
    assert book.adapters["scene_prompt"] == "sd-prompt-writer"
    assert len(book.pages) == 6 and all(p.text.strip() for p in book.pages)
    assert all(p.image is not None for p in book.pages)
    assert len({p.seed for p in book.pages}) == 6
    assert [p.image.request.seed for p in book.pages] == [p.seed for p in book.pages]
    assert book.cast and book.title


def test_every_scene_prompt_carries_the_looks_of_the_characters_its_scene_names(made):
    _, book, _, _ = made
    for page in book.pages:
        for member in shown(page.text, book.cast):
            assert f"{member.name}, {member.look}" in page.prompt
        assert page.prompt.endswith(book.style)
        # within what SDXL's CLIP reads (the tiny model's one-character tokens would not say)
        assert estimated_fit(page.prompt)
        assert page.prompt.startswith(page.image.request.prompt)  # what the tiny model read


def test_a_page_reroll_changes_that_page_and_no_other(made):
    pipe, book, _, _ = made
    before = [p.image.png() for p in book.pages]
    rerolled = pipe.reroll_page(book, 2, seed=123456)
    after = [p.image.png() for p in rerolled.pages]
    assert after[2] != before[2]
    assert after[:2] == before[:2] and after[3:] == before[3:]
    assert (
        rerolled.pages[2].seed == 123456 and rerolled.pages[2].candidates[0] is book.pages[2].image
    )
    assert [p.seed for p in rerolled.pages[3:]] == [p.seed for p in book.pages[3:]]


def test_more_pictures_come_from_one_sdxl_call(made, monkeypatch):
    from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
        StableDiffusionXLPipeline,
    )

    pipe, book, _, _ = made
    calls: list[int] = []
    original = StableDiffusionXLPipeline.__call__

    def call(self, *a, **k):
        calls.append(k.get("num_images_per_prompt", 1))
        return original(self, *a, **k)

    monkeypatch.setattr(StableDiffusionXLPipeline, "__call__", call)
    images = pipe.more_pictures(book, 1, 3, seed=40)
    assert calls == [3]
    assert [im.request.seed for im in images] == [40, 41, 42]
    assert len({im.png() for im in images}) == 3
    assert all(book.pages[1].prompt.startswith(im.request.prompt) for im in images)


def test_an_edited_page_is_stale_and_only_it_is_repainted_from_one_batched_call(made):
    pipe, book, _, _ = made
    calls = counted(pipe.backend)
    edited = edit_page(book, 4, "Ember carries Mia over the snowy mountains at night.")
    assert [p.stale for p in edited.pages] == [False] * 4 + [True, False]
    repainted = pipe.repaint_stale(edited)
    assert calls == [1]
    before = [p.image.png() for p in book.pages]
    after = [p.image.png() for p in repainted.pages]
    assert after[4] != before[4] and after[:4] == before[:4] and after[5] == before[5]
    assert not any(p.stale for p in repainted.pages)
    page = repainted.pages[4]
    assert page.seed == book.pages[4].seed and page.prompt.startswith(page.image.request.prompt)
    for member in shown(page.text, book.cast):
        assert f"{member.name}, {member.look}" in page.prompt
    assert pipe.repaint_stale(repainted) is repainted  # nothing stale: no call
    assert calls == [1]


def test_a_book_cancelled_while_painting_keeps_its_text_and_painted_pages(made, tmp_path):
    from storyapp.library import Library
    from storyapp.service.book_saving import save_book

    pipe, book, _, _ = made
    blank = replace(book, pages=tuple(replace(p, image=None) for p in book.pages[:3]))
    cancel = threading.Event()

    def cancel_on_page_two(ev) -> None:
        if isinstance(ev, PageStarted) and ev.i == 2:
            cancel.set()

    painter = BookPipeline(pipe.backend, pipe.illustrator, BOOK, on_event=cancel_on_page_two)
    with pytest.raises(BookCancelled) as caught:
        painter.paint_pages(blank, range(3), cancel)
    kept = caught.value.book
    assert kept.pages[0].image is not None and not kept.pages[0].stale
    assert [p.image for p in kept.pages[1:]] == [None, None]
    assert all(p.stale for p in kept.pages[1:])
    assert [(p.text, p.prompt) for p in kept.pages] == [(p.text, p.prompt) for p in blank.pages]

    _, version_id = save_book(kept, BOOK, "embedded", "m", library=tmp_path, partial="image")
    with Library.open(tmp_path) as lib:
        saved = lib.get_version(version_id)
    assert saved.partial == "image" and [p.stale for p in saved.pages] == [False, True, True]
    finished = pipe.repaint_stale(kept)  # what "Repaint stale pages" does next
    assert all(p.image is not None and not p.stale for p in finished.pages)
    assert finished.pages[0].image is kept.pages[0].image


def test_an_unreadable_cast_sheet_falls_back_to_the_premise_names_and_says_so(backend, illustrator):
    events: list = []
    settings = replace(BOOK, image=False, story=TextSettings(16), sd_prompt=TextSettings(1))
    book = BookPipeline(backend, illustrator, settings, on_event=events.append).run(IDEA, 2)
    assert NO_CAST in [e.message for e in events if isinstance(e, Notice)]
    assert NO_CAST in book.notices
    assert [c.name for c in book.cast][:2] == ["Mia", "Ember"]
    for page in book.pages:
        assert page.image is None
        for member in shown(page.text, book.cast):
            assert f"{member.name}, {member.look}" in page.prompt


@pytest.mark.parametrize("pages", [1, 13])
def test_a_page_count_out_of_range_fails_before_any_text_is_written(backend, pages):
    calls = counted(backend)
    with pytest.raises(StoryError, match="pages must be a whole number from 2 to 12"):
        BookPipeline(backend, None, BOOK).run(IDEA, pages)
    assert calls == []


def test_a_page_index_out_of_range_is_one_clear_line(made):
    pipe, book, _, _ = made
    for job in (pipe.reroll_page, pipe.more_pictures):
        with pytest.raises(StoryError) as e:
            job(book, 6)
        assert str(e.value) == "no page 6: this book's pages are 0 to 5"
