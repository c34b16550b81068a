import json

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from storyapp.illustrate import Illustrator, IllustratorError, RenderCancelled
from storyapp.illustrate.preview import PreviewDecoder, preview_every
from storyapp.illustrate.tiny import build_tiny_preview_vae

from .conftest import pixels


@pytest.fixture
def previewing(illustrator):
    """The session's tiny illustrator with a tiny random preview decoder, for one test."""
    illustrator.preview = PreviewDecoder(build_tiny_preview_vae())
    yield illustrator
    illustrator.preview = None


@pytest.mark.slow
def test_previews_on_the_chosen_steps_never_the_last(previewing, request_for):
    seen = []
    out = previewing.render(
        request_for(steps=5), on_preview=lambda i, n, p: seen.append((i, n, p)), every=2
    )
    assert [(i, n) for i, n, _ in seen] == [(1, 5), (2, 5), (4, 5)]
    for _, _, picture in seen:
        assert picture.size == (64, 64) and picture.mode == "RGB"
    # the latents sharpen step by step: each preview is another picture
    assert not np.array_equal(pixels(seen[0][2]), pixels(seen[-1][2]))
    assert out.image.size == (64, 64)


@pytest.mark.slow
def test_previews_do_not_change_the_picture(previewing, request_for):
    plain = previewing.render(request_for())
    watched = previewing.render(request_for(), on_preview=lambda *a: None, every=1)
    assert np.array_equal(pixels(plain.image), pixels(watched.image))


@pytest.mark.slow
def test_without_a_decoder_only_steps(illustrator, request_for):
    assert illustrator.preview is None
    seen, steps = [], []
    illustrator.render(
        request_for(), on_step=lambda i, n: steps.append(i), on_preview=lambda *a: seen.append(a)
    )
    assert seen == [] and steps == [1, 2, 3]


@pytest.mark.slow
def test_cancel_after_a_preview(previewing, request_for):
    seen = []
    with pytest.raises(RenderCancelled) as e:
        previewing.render(
            request_for(steps=6),
            on_preview=lambda i, n, p: seen.append(i),
            cancel=lambda: bool(seen),
            every=1,
        )
    assert seen == [1] and e.value.step == 1


def test_cadence_rule():
    # one decode per k steps stays under 5 % of the k steps' time
    assert preview_every(1.0, 0.01) == 1
    assert preview_every(1.0, 0.05) == 1
    assert preview_every(1.0, 0.06) == 2
    assert preview_every(0.1, 0.02) == 4
    assert preview_every(0.0, 0.02) == 1
    for step, decode in ((0.3, 0.011), (0.05, 0.04), (2.0, 0.5)):
        k = preview_every(step, decode)
        assert decode <= 0.05 * k * step + 1e-12 and (k == 1 or decode > 0.05 * (k - 1) * step)


@pytest.mark.slow
def test_auto_cadence_previews_step_one_then_every_k(previewing, request_for):
    seen = []
    previewing.render(request_for(steps=8), on_preview=lambda i, n, p: seen.append(i))
    assert seen[0] == 1 and 8 not in seen
    if len(seen) > 2:
        gaps = {b - a for a, b in zip(seen[1:], seen[2:], strict=False)}
        assert len(gaps) == 1  # one k for the render


def _taesd_folder(tmp_path, vae=None):
    folder = tmp_path / "taesdxl"
    (vae or build_tiny_preview_vae()).save_pretrained(folder)
    return folder


def test_loads_a_taesd_folder(tmp_path, request_for):
    decoder = PreviewDecoder.load(_taesd_folder(tmp_path))
    picture = decoder.decode(torch.zeros(1, 4, 8, 8))
    assert picture.size == (16, 16)


@pytest.mark.parametrize("damage", ["missing", "no_config", "other_class", "garbage", "not_taesd"])
def test_a_bad_taesd_is_one_line(tmp_path, damage):
    folder = _taesd_folder(tmp_path)
    weights = folder / "diffusion_pytorch_model.safetensors"
    if damage == "missing":
        folder = tmp_path / "nowhere"
    elif damage == "no_config":
        (folder / "config.json").unlink()
    elif damage == "other_class":
        (folder / "config.json").write_text(json.dumps({"_class_name": "AutoencoderKL"}))
    elif damage == "garbage":
        weights.write_bytes(b"this is not a safetensors file")
    else:
        save_file({"unet.conv.weight": torch.zeros(2)}, weights)
    with pytest.raises(IllustratorError) as e:
        Illustrator.load("tiny", device="cpu", preview=folder)
    message = str(e.value)
    assert "\n" not in message and str(folder) in message
