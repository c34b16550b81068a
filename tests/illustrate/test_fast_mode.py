import numpy as np
import pytest
import torch
from diffusers import LCMScheduler
from safetensors.torch import save_file

from storyapp.illustrate import Illustrator, IllustratorError, ImageRequest, read_png_meta
from storyapp.illustrate.fast import distilled_kind
from storyapp.illustrate.tiny import build_tiny_lcm_lora, build_tiny_pipeline
from storyapp.story.image_options import image_options
from storyapp.story.settings import ImageSettings

from .conftest import SMALL, pixels


@pytest.fixture(scope="module")
def lcm_lora(tmp_path_factory):
    plain = Illustrator.load("tiny", device="cpu")
    return build_tiny_lcm_lora(plain.pipe, tmp_path_factory.mktemp("lcm") / "lcm-lora-sdxl")


@pytest.fixture(scope="module")
def fast(lcm_lora):
    """Its own pipeline: loading the LoRA changes the pipeline it goes into."""
    return Illustrator.load("tiny", device="cpu", fast_lora=lcm_lora)


def _fast_request(**kw):
    return ImageRequest(
        "a lighthouse keeper", **{**SMALL, "seed": 3, "mode": "fast", "scheduler": "lcm",
                                  "steps": 4, "guidance": 1.0, **kw}
    )  # fmt: skip


@pytest.mark.slow
def test_fast_mode_uses_the_lora_and_lcm_and_remakes_bit_for_bit(fast, tmp_path):
    quality = fast.render(ImageRequest("a lighthouse keeper", **{**SMALL, "seed": 3}))
    steps = []
    first = fast.render(_fast_request(), on_step=lambda i, n: steps.append(i))
    assert isinstance(fast.pipe.scheduler, LCMScheduler) and steps == [1, 2, 3, 4]
    meta = read_png_meta(first.save(tmp_path / "fast.png"))
    assert (meta["mode"], meta["scheduler"], meta["steps"], meta["guidance"]) == (
        "fast", "lcm", 4, 1.0,
    )  # fmt: skip
    assert meta["lora"] == "lcm-lora-sdxl/pytorch_lora_weights.safetensors"
    again = fast.render(ImageRequest.from_metadata(meta))
    assert np.array_equal(pixels(again.image), pixels(first.image))
    # the LoRA changes the picture, and quality afterwards is quality again (LoRA off)
    plain_lcm = Illustrator.load("tiny", device="cpu").render(_fast_request(mode="quality"))
    assert not np.array_equal(pixels(plain_lcm.image), pixels(first.image))
    back = fast.render(ImageRequest("a lighthouse keeper", **{**SMALL, "seed": 3}))
    assert np.array_equal(pixels(back.image), pixels(quality.image))


def test_fast_without_a_lora_is_one_line():
    plain = Illustrator.load("tiny", device="cpu")
    with pytest.raises(IllustratorError, match="storyapp models download lcm-lora-sdxl") as e:
        plain.render(_fast_request())
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("damage", ["missing", "garbage", "not_lora"])
def test_a_bad_lora_is_one_line(tmp_path, damage):
    file = tmp_path / "lcm.safetensors"
    if damage == "garbage":
        file.write_bytes(b"\x00" * 64)
    elif damage == "not_lora":
        save_file({"unet.conv.weight": torch.zeros(2)}, file)
    with pytest.raises(IllustratorError) as e:
        Illustrator.load("tiny", device="cpu", fast_lora=file)
    assert "\n" not in str(e.value) and str(file) in str(e.value)


def test_unknown_mode_is_refused():
    with pytest.raises(IllustratorError, match="image mode"):
        _fast_request(mode="turbo")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("stabilityai/sdxl-turbo", "turbo"),
        ("sd_xl_turbo_1.0_fp16.safetensors", "turbo"),
        ("sdxl_lightning_4step.safetensors", "lightning"),
        ("/models/SDXL-Lightning", "lightning"),
        ("sd_xl_base_1.0.safetensors", None),
        ("tiny", None),
    ],
)
def test_a_model_distilled_for_few_steps_is_known_by_its_name(name, kind):
    assert distilled_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "scheduler", "steps", "spacing"),
    [("sdxl-turbo", "euler_a_trailing", 1, "trailing"),
     ("sdxl_lightning_4step.safetensors", "euler_trailing", 4, "trailing")],
)  # fmt: skip
def test_fast_mode_on_turbo_or_lightning_takes_its_own_recipe_without_a_lora(
    name, scheduler, steps, spacing, tmp_path
):
    distilled = Illustrator(build_tiny_pipeline(), name, "cpu")  # no LCM-LoRA anywhere
    options = image_options(ImageSettings(mode="fast"), distilled)
    assert (options["scheduler"], options["steps"], options["guidance"]) == (scheduler, steps, 0.0)
    done = []
    first = distilled.render(
        ImageRequest("a lighthouse keeper", seed=3, **options), on_step=lambda i, n: done.append(i)
    )
    assert done == list(range(1, steps + 1))
    assert distilled.pipe.scheduler.config.timestep_spacing == spacing
    meta = read_png_meta(first.save(tmp_path / "fast.png"))
    assert "lora" not in meta and (meta["mode"], meta["scheduler"]) == ("fast", scheduler)
    again = distilled.render(ImageRequest.from_metadata(meta))
    assert np.array_equal(pixels(again.image), pixels(first.image))
    # quality mode on the same model is today's settings
    quality = image_options(ImageSettings(), distilled)
    assert (quality["mode"], quality["steps"]) == ("quality", 30)
