"""A page's K candidate pictures on the tiny SDXL: one pipeline call, each picture the one its
seed gives alone, and a count out of range refused in one line."""

from __future__ import annotations

import numpy as np
import pytest
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)

from storyapp.illustrate import IllustratorError, ImageRequest

REQUEST = ImageRequest("Mia, small, red braids, picture book", width=64, height=64, steps=2, seed=7)


def test_k_candidates_come_from_one_call_each_the_picture_of_its_seed(illustrator, monkeypatch):
    calls: list[int] = []
    original = StableDiffusionXLPipeline.__call__

    def call(self, *a, **k):
        calls.append(k.get("num_images_per_prompt", 1))
        return original(self, *a, **k)

    monkeypatch.setattr(StableDiffusionXLPipeline, "__call__", call)
    steps: list[tuple[int, int]] = []
    images = illustrator.render_many(REQUEST, 3, on_step=lambda i, n: steps.append((i, n)))
    assert calls == [3] and steps == [(1, 2), (2, 2)]
    assert [im.request.seed for im in images] == [7, 8, 9]
    assert len({im.png() for im in images}) == 3
    alone = illustrator.render(ImageRequest(**{**_fields(REQUEST), "seed": 8}))
    a, b = (np.asarray(im.image, dtype=np.int16) for im in (images[1], alone))
    assert np.abs(a - b).max() <= 2  # the same picture, up to batched arithmetic


@pytest.mark.parametrize("k", [0, 9, True, "3"])
def test_a_candidate_count_out_of_range_is_one_line(illustrator, k):
    with pytest.raises(IllustratorError, match=f"pictures at once must be from 1 to 8, got {k!r}"):
        illustrator.render_many(REQUEST, k)


def _fields(request: ImageRequest) -> dict:
    return {f: getattr(request, f) for f in request.__dataclass_fields__}


@pytest.mark.slow  # loads the default model for the backend
def test_a_locked_picture_seed_still_gives_each_page_its_own_and_a_reroll_a_new_one(
    backend, illustrator
):
    from storyapp.story import Book, BookPipeline, Page, Settings
    from storyapp.story.settings import ImageSettings

    locked = ImageSettings(width=64, height=64, steps=2, seed=5)
    pipe = BookPipeline(backend, illustrator, Settings(illustration=locked))
    pages = (Page("Mia runs.", REQUEST.prompt, 11), Page("Mia sleeps.", REQUEST.prompt, 12))
    book = Book("an idea", "a premise", "A title", (), "picture book", pages, seed=1)
    painted = pipe.paint_pages(book, [0, 1])
    assert [p.image.request.seed for p in painted.pages] == [11, 12]
    rerolled = pipe.reroll_page(painted, 0, seed=99)
    assert rerolled.pages[0].image.request.seed == 99
    assert rerolled.pages[0].image.png() != painted.pages[0].image.png()
