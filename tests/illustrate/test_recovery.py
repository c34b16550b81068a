"""After any error in a render the pipeline is put back as it was, so the next render works."""

import pytest
import torch

from storyapp.illustrate import Illustrator, IllustratorError
from storyapp.illustrate.device import MODES, mode_for_free, place


def failing_decode(pipe, error: BaseException):
    """A VAE decode that first changes the VAE's dtype (as diffusers' float32 upcast does) and
    then fails, once."""
    real = pipe.vae.decode
    calls = []

    def decode(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            pipe.vae.to(dtype=torch.float64)
            raise error
        return real(*args, **kwargs)

    return decode, calls


@pytest.fixture
def fresh() -> Illustrator:
    return Illustrator.load("tiny", device="cpu")


@pytest.mark.slow
def test_out_of_memory_in_the_vae_decode_then_the_next_render_works(
    fresh, request_for, monkeypatch
):
    decode, calls = failing_decode(fresh.pipe, torch.OutOfMemoryError("CUDA out of memory"))
    monkeypatch.setattr(fresh.pipe.vae, "decode", decode)
    with pytest.raises(IllustratorError, match="out of memory rendering 64x64"):
        fresh.render(request_for())
    assert fresh.pipe.vae.dtype == torch.float32  # back from the half-done upcast
    image = fresh.render(request_for())
    assert len(calls) == 2 and image.image.size == (64, 64)


@pytest.mark.slow
def test_any_error_restores_and_empties_the_cuda_cache(fresh, request_for, monkeypatch):
    emptied = []
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: emptied.append(1))
    fresh.device = "cuda:0"  # what a CUDA illustrator says; the pipeline itself stays on CPU
    decode, _ = failing_decode(fresh.pipe, ValueError("boom"))
    monkeypatch.setattr(fresh.pipe.vae, "decode", decode)
    with pytest.raises(ValueError, match="boom"):
        fresh.render(request_for())
    assert emptied == [1]
    assert {m.dtype for m in (fresh.pipe.unet, fresh.pipe.vae)} == {torch.float32}
    assert fresh.render(request_for()).image.size == (64, 64)


def test_sdxl_mode_from_free_memory():
    assert mode_for_free(24 * 2**30) == "resident"
    assert mode_for_free(8 * 2**30) == "model offload"
    assert mode_for_free(4 * 2**30) == "sequential offload"
    assert set(MODES) == {"resident", "model offload", "sequential offload"}


def test_place_rejects_an_unknown_mode(fresh):
    with pytest.raises(IllustratorError, match="memory mode"):
        place(fresh.pipe, torch.device("cpu"), "everything")
