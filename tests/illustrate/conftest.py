from collections.abc import Callable

import numpy as np
import pytest

from storyapp.illustrate import Illustrator, ImageRequest

# The tiny VAE halves, so 64 px is 32x32 latents: a render takes a fraction of a second.
SMALL = {"width": 64, "height": 64, "steps": 3}


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: the code passes local_files_only everywhere; this makes any Hub call
    that slipped through fail instead of downloading."""
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


@pytest.fixture(scope="session")
def illustrator() -> Illustrator:
    return Illustrator.load("tiny", device="cpu")


@pytest.fixture
def request_for() -> Callable[..., ImageRequest]:
    def make(prompt: str = "a lighthouse keeper, a talking whale", **kw) -> ImageRequest:
        return ImageRequest(prompt, **{**SMALL, "seed": 1, **kw})

    return make


def pixels(image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))
