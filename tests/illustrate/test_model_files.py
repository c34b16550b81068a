"""Loading real model files: a diffusers folder and a single-file checkpoint, both written from
the tiny pipeline, must hold exactly its weights and paint what it paints."""

import numpy as np
import pytest
import torch

from storyapp.illustrate import Illustrator, IllustratorError
from storyapp.illustrate.loader import check_folder
from storyapp.illustrate.tiny import build_tiny_pipeline

from .conftest import pixels
from .single_file import save_configs, save_single_file

MODELS = ("unet", "vae", "text_encoder", "text_encoder_2")


def assert_same_model(loaded: Illustrator, reference: Illustrator, request) -> None:
    for name in MODELS:
        got, want = (
            getattr(loaded.pipe, name).state_dict(),
            getattr(reference.pipe, name).state_dict(),
        )
        assert got.keys() == want.keys(), name
        assert all(torch.equal(got[k], want[k]) for k in want), name
    a = pixels(loaded.render(request).image).astype(int)
    b = pixels(reference.render(request).image).astype(int)
    # Weights read from a file sit at other memory alignments than freshly made ones, so the
    # CPU kernels may add in another order: rounding-level differences, at most one level here.
    assert np.abs(a - b).max() <= 1


@pytest.mark.slow
def test_diffusers_folder(tmp_path, illustrator, request_for):
    build_tiny_pipeline().save_pretrained(tmp_path / "tiny-xl")
    loaded = Illustrator.load(tmp_path / "tiny-xl", device="cpu")
    assert loaded.model == "tiny-xl"
    assert_same_model(loaded, illustrator, request_for(steps=2))


@pytest.mark.slow
def test_fp16_only_folder_loads_as_float32_on_cpu(tmp_path, request_for):
    build_tiny_pipeline().save_pretrained(tmp_path / "half", variant="fp16")
    assert not list((tmp_path / "half" / "unet").glob("diffusion_pytorch_model.safetensors"))
    loaded = Illustrator.load(tmp_path / "half", device="cpu")
    assert loaded.pipe.unet.dtype == loaded.pipe.text_encoder_2.dtype == torch.float32
    assert loaded.render(request_for(steps=1)).image.size == (64, 64)


@pytest.mark.slow
def test_single_file_checkpoint_with_local_configs(tmp_path, illustrator, request_for):
    pipe = build_tiny_pipeline()
    path = save_single_file(pipe, tmp_path / "tiny_xl.safetensors")
    configs = save_configs(pipe, tmp_path / "configs")
    loaded = Illustrator.load(path, device="cpu", config=configs)
    assert loaded.model == "tiny_xl.safetensors"
    assert_same_model(loaded, illustrator, request_for(steps=2))


def test_corrupt_weights_in_a_folder(tmp_path):
    build_tiny_pipeline().save_pretrained(tmp_path / "m")
    unet = tmp_path / "m" / "unet" / "diffusion_pytorch_model.safetensors"
    unet.write_bytes(unet.read_bytes()[: unet.stat().st_size // 2])
    with pytest.raises(IllustratorError, match=f"corrupt weights {unet}: .*incomplete metadata"):
        Illustrator.load(tmp_path / "m", device="cpu")


def test_half_weights_are_preferred_only_for_half_precision(tmp_path):
    pipe = build_tiny_pipeline()
    pipe.save_pretrained(tmp_path / "both")
    pipe.save_pretrained(tmp_path / "both", variant="fp16")
    assert check_folder(tmp_path / "both") is None
    assert check_folder(tmp_path / "both", prefer_half=True) == "fp16"
