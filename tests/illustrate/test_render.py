import threading

import numpy as np
import pytest
from PIL import Image

from storyapp.illustrate import (
    SCHEDULERS,
    Illustrator,
    ImageRequest,
    RenderCancelled,
    read_png_meta,
)

from .conftest import pixels


def test_native_size(illustrator):
    assert illustrator.native_size == 64  # the tiny VAE halves a 32-latent sample


@pytest.mark.slow
def test_renders_a_png_with_readable_metadata(illustrator, request_for, tmp_path):
    out = illustrator.render(request_for(negative_prompt="blurry"))
    assert out.image.size == (64, 64) and out.image.mode == "RGB"
    assert pixels(out.image).std() > 1  # a picture, not a blank
    path = out.save(tmp_path / "a.png")
    meta = read_png_meta(path)
    assert meta == {**out.metadata(), "model": "tiny"}
    assert meta["prompt"] == "a lighthouse keeper, a talking whale"
    assert meta["negative_prompt"] == "blurry" and meta["seed"] == 1
    assert (meta["width"], meta["height"], meta["steps"]) == (64, 64, 3)


@pytest.mark.slow
def test_reproduces_from_png_metadata(illustrator, request_for, tmp_path):
    first = illustrator.render(request_for(seed=None, steps=2))
    assert isinstance(first.request.seed, int)  # a random seed, recorded
    path = first.save(tmp_path / "a.png")
    again = illustrator.render(ImageRequest.from_metadata(read_png_meta(path)))
    assert np.array_equal(pixels(again.image), pixels(first.image))
    with Image.open(path) as saved:
        assert np.array_equal(pixels(saved), pixels(first.image))


@pytest.mark.parametrize("scheduler", SCHEDULERS)
@pytest.mark.slow
def test_step_callback_runs_once_per_step(illustrator, request_for, scheduler):
    seen = []
    illustrator.render(
        request_for(steps=4, scheduler=scheduler), on_step=lambda i, n: seen.append((i, n))
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


@pytest.mark.slow
def test_same_seed_same_pixels_other_seed_other_pixels(illustrator, request_for):
    a = pixels(illustrator.render(request_for(seed=11)).image)
    b = pixels(illustrator.render(request_for(seed=11)).image)
    c = pixels(illustrator.render(request_for(seed=12)).image)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.slow
def test_cancel_from_another_thread_then_render_again(illustrator, request_for):
    cancel, started = threading.Event(), threading.Event()
    result: dict[str, BaseException] = {}

    def on_step(i: int, n: int) -> None:
        started.set()
        cancel.wait(10)  # hold step 1 until the main thread has pressed Cancel

    def work() -> None:
        try:
            illustrator.render(request_for(steps=5), on_step=on_step, cancel=cancel)
        except BaseException as e:
            result["error"] = e

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(30)
    cancel.set()
    worker.join(30)
    err = result.get("error")
    assert isinstance(err, RenderCancelled) and (err.step, err.total) == (1, 5)

    # No state survives the cancel: the next render equals one from a fresh Illustrator.
    after = illustrator.render(request_for(seed=5))
    fresh = Illustrator.load("tiny", device="cpu").render(request_for(seed=5))
    assert np.array_equal(pixels(after.image), pixels(fresh.image))


@pytest.mark.slow
def test_cancel_accepts_a_callable_and_an_early_cancel(illustrator, request_for):
    steps = []
    with pytest.raises(RenderCancelled) as err:
        illustrator.render(
            request_for(steps=4),
            on_step=lambda i, n: steps.append(i),
            cancel=lambda: len(steps) >= 2,
        )
    assert err.value.step == 2 and steps == [1, 2]
    done = threading.Event()
    done.set()
    with pytest.raises(RenderCancelled, match="after step 0"):
        illustrator.render(request_for(), on_step=steps.append, cancel=done)


@pytest.mark.slow
def test_long_prompt_is_fitted_and_what_was_dropped_is_reported(illustrator, request_for):
    phrases = [f"phrase number {i} about the sea" for i in range(8)]
    out = illustrator.render(request_for(prompt=", ".join(phrases), steps=1))
    assert out.dropped and out.request.prompt == ", ".join(phrases[: 8 - len(out.dropped)])
    assert len(illustrator.pipe.tokenizer(out.request.prompt)["input_ids"]) <= 77
