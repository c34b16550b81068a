"""Picture settings people know: fast mode, sizes by aspect, styles, a locked seed, settings
reused from a picture, live previews through the pipeline."""

from dataclasses import replace

import pytest

from storyapp.illustrate import IllustratorError
from storyapp.illustrate.sizes import SIZES, size_for
from storyapp.illustrate.styles import STYLES, styled
from storyapp.story import ImageSettings, Notice, Preview, StageDone, StoryCancelled, StoryError
from storyapp.story.image_options import (
    check_image_options,
    image_options,
    read_settings_from,
    reuse_settings,
)


def test_fast_mode_takes_the_lcm_settings(illustrator):
    quality = image_options(ImageSettings(width=64, height=64), illustrator)
    fast = image_options(ImageSettings(width=64, height=64, mode="fast"), illustrator)
    assert (quality["mode"], quality["scheduler"], quality["guidance"]) == (
        "quality", "dpmpp_2m_karras", 6.0,
    )  # fmt: skip
    assert (fast["mode"], fast["scheduler"], fast["guidance"]) == ("fast", "lcm", 1.0)


def test_sizes_are_sdxl_buckets():
    assert SIZES["1:1"] == (1024, 1024) and size_for("16:9") == (1344, 768)
    for w, h in SIZES.values():
        assert w % 64 == 0 and h % 64 == 0 and abs(w * h - 1024**2) / 1024**2 < 0.07
    with pytest.raises(IllustratorError, match="unknown aspect ratio '5:4'"):
        size_for("5:4")


def test_styles_add_words_around_the_prompt():
    assert styled("a fox", "") == "a fox" and styled("a fox", "none") == "a fox"
    for name in STYLES:
        words = styled("a fox in the snow", name)
        assert "a fox in the snow" in words and len(words) > len("a fox in the snow")
    with pytest.raises(IllustratorError, match="unknown style 'vaporwave'"):
        styled("a fox", "vaporwave")


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"steps": 0}, "steps must be an integer from 1"),
        ({"width": 100}, "width must be a multiple of 64"),
        ({"height": 1028}, "height must be a multiple of 64"),
        ({"style": "vaporwave"}, "unknown style"),
        ({"mode": "turbo"}, "unknown image mode"),
        ({"seed": -1}, "seed must be an integer"),
    ],
)
def test_bad_picture_settings_are_one_line(illustrator, changes, says):
    with pytest.raises(StoryError, match=says) as e:
        check_image_options(replace(ImageSettings(width=64, height=64), **changes), illustrator)
    assert "\n" not in str(e.value)


def test_reuse_settings_from_metadata_locks_the_seed():
    meta = {
        "prompt": "watercolor painting of a fox",
        "negative_prompt": "blurry",
        "width": 832,
        "height": 1216,
        "steps": 4,
        "guidance": 1.0,
        "scheduler": "lcm",
        "seed": 1234,
        "mode": "fast",
        "style": "watercolor",
        "model": "tiny",
    }
    s = reuse_settings(ImageSettings(), meta)
    assert (s.width, s.height, s.steps, s.guidance, s.scheduler) == (832, 1216, 4, 1.0, "lcm")
    assert (s.mode, s.style, s.seed, s.negative_prompt) == ("fast", "watercolor", 1234, "blurry")
    with pytest.raises(StoryError, match="no settings to reuse"):
        reuse_settings(ImageSettings(), {"model": "x"})


def test_reuse_from_a_file_that_is_not_a_picture(tmp_path):
    bad = tmp_path / "notes.png"
    bad.write_text("not a png")
    with pytest.raises(StoryError, match="not a readable image") as e:
        read_settings_from(bad, ImageSettings())
    assert str(bad) in str(e.value)


@pytest.fixture
def previewing(illustrator):
    from storyapp.illustrate.preview import PreviewDecoder
    from storyapp.illustrate.tiny import build_tiny_preview_vae

    illustrator.preview = PreviewDecoder(build_tiny_preview_vae())
    yield illustrator
    illustrator.preview = None


def _image_settings(**kw):
    return ImageSettings(width=64, height=64, steps=4, previews=True, **kw)


@pytest.mark.slow
def test_paint_sends_previews_before_the_picture(make_pipeline, previewing):
    events = []
    pipe = make_pipeline(events, illustration=_image_settings(style="comic", seed=77))
    image, _ = pipe.paint("a fox", seed=5)
    previews = [e for e in events if isinstance(e, Preview)]
    assert [(p.i, p.n) for p in previews][:1] == [(1, 4)] and previews
    assert all(p.image.size == (64, 64) for p in previews)
    done = next(i for i, e in enumerate(events) if isinstance(e, StageDone))
    assert events.index(previews[-1]) < done
    # the style's words are in the prompt, the seed is the locked one, both recorded
    assert image.request.prompt == styled("a fox", "comic") and image.request.seed == 77
    assert image.metadata()["style"] == "comic"


@pytest.mark.slow
def test_previews_without_a_decoder_say_how_to_add_one(make_pipeline, illustrator):
    events = []
    make_pipeline(events, illustration=_image_settings()).paint("a fox", seed=5)
    assert not any(isinstance(e, Preview) for e in events)
    [notice] = [e.message for e in events if isinstance(e, Notice)]
    assert "storyapp models download taesdxl" in notice and "\n" not in notice


@pytest.mark.slow
def test_cancel_after_a_preview_keeps_the_previous_picture(make_pipeline, previewing):
    import threading

    first = make_pipeline(illustration=replace(_image_settings(), previews=False)).run("a fox")
    cancel = threading.Event()
    events = []

    def on_event(ev):
        events.append(ev)
        if isinstance(ev, Preview):
            cancel.set()

    pipe = make_pipeline(illustration=_image_settings())
    pipe.on_event = on_event
    with pytest.raises(StoryCancelled):
        pipe.rerun_image(first, seed=9, cancel=cancel)
    assert [e.i for e in events if isinstance(e, Preview)] == [1]
    assert first.image is not None and first.image.request.seed != 9  # the old picture stands
