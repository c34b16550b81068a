"""SDXL illustrations: requests, rendering with step progress and cancel, prompt fitting, PNG
metadata. Qt-free. The diffusers-backed parts import on first use, so importing this package
stays cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import IllustratorError, RenderCancelled
from .png_meta import read_png_meta, write_png
from .prompt_fit import FittedPrompt, fit_prompt
from .request import SCHEDULERS, ImageRequest, RenderedImage

if TYPE_CHECKING:
    from .download import default_model_dir, download_sdxl
    from .illustrator import Illustrator

_LAZY = {
    "Illustrator": "illustrator",
    "download_sdxl": "download",
    "default_model_dir": "download",
}

__all__ = [
    "SCHEDULERS",
    "FittedPrompt",
    "IllustratorError",
    "ImageRequest",
    "Illustrator",
    "RenderCancelled",
    "RenderedImage",
    "default_model_dir",
    "download_sdxl",
    "fit_prompt",
    "read_png_meta",
    "write_png",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
