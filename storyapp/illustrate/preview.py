"""Live previews: the latents of a running render decoded by the tiny SDXL autoencoder (TAESD XL,
diffusers' AutoencoderTiny, about 10 MB), every k-th step, with k chosen so the previews cost a
small share of the render."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import IllustratorError

# torch, diffusers and PIL load with a decoder, not with this module: the app's model catalog
# reads the names below while its window is still to be painted.
if TYPE_CHECKING:
    import torch
    from diffusers.models.autoencoders.autoencoder_tiny import AutoencoderTiny
    from PIL import Image

TAESD_XL_REPO = "madebyollin/taesdxl"
TAESD_XL_DIR = "taesdxl"  # its folder under the models folder (the catalog entry's name)
TAESD_CLASS = "AutoencoderTiny"
# The previews' share of the render time, at most: k is picked to stay under it.
PREVIEW_BUDGET = 0.05
NO_PREVIEWS = (
    "no live previews: the tiny preview decoder (TAESD XL, 10 MB) is missing; "
    "add it with `storyapp models download taesdxl`"
)


class PreviewDecoder:
    """AutoencoderTiny turning a render's latents into a rough RGB picture."""

    def __init__(self, vae: AutoencoderTiny, name: str = TAESD_XL_DIR) -> None:
        self.vae = vae.eval().requires_grad_(False)
        self.name = name
        self.seconds = 0.0  # the last decode's time, for the cadence

    @classmethod
    def load(cls, folder: str | os.PathLike) -> PreviewDecoder:
        """A diffusers AutoencoderTiny folder (config.json and a .safetensors); anything else is
        one IllustratorError line naming the path."""
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise IllustratorError(
                f"preview decoder not found: {path} (expected a TAESD XL folder with "
                "config.json and diffusion_pytorch_model.safetensors)"
            )
        config = path / "config.json"
        try:
            name = json.loads(config.read_text(encoding="utf-8")).get("_class_name")
        except (OSError, ValueError, AttributeError) as e:
            raise IllustratorError(
                f"not a TAESD XL folder: {path} (config.json unreadable: {e})"
            ) from None
        if name != TAESD_CLASS:
            raise IllustratorError(
                f"not a TAESD XL folder: {path} (config.json names {name}, expected {TAESD_CLASS})"
            )
        weights = sorted(path.glob("*.safetensors"))
        if not weights:
            raise IllustratorError(f"not a TAESD XL folder: {path} (no .safetensors weights)")
        # diffusers' top-level name reads as its placeholder class to a type checker: the module
        from diffusers.models.autoencoders.autoencoder_tiny import AutoencoderTiny
        from safetensors import safe_open

        for file in weights:
            try:
                with safe_open(file, framework="pt") as f:
                    keys = list(f.keys())
            except Exception as e:
                raise IllustratorError(
                    f"corrupt preview decoder {file}: {_first_line(e)}"
                ) from None
            if not any(k.startswith("decoder.") for k in keys):
                raise IllustratorError(f"not a TAESD XL file: {file} (no decoder.* weights)")
        try:
            vae = AutoencoderTiny.from_pretrained(path, local_files_only=True)
        except Exception as e:
            raise IllustratorError(f"cannot load preview decoder {path}: {_first_line(e)}") from e
        return cls(vae, path.name)

    def decode(self, latents: torch.Tensor) -> Image.Image:
        """The first picture of `latents` (the UNet's latents: TAESD takes them unscaled)."""
        import time

        import numpy as np
        import torch
        from PIL import Image

        start = time.perf_counter()
        param = next(self.vae.parameters())
        if param.device != latents.device or param.dtype != latents.dtype:
            vae: Any = self.vae  # diffusers' wrapped .to() confuses the type checker
            vae.to(latents.device, latents.dtype)
        with torch.no_grad():
            sample = self.vae.decode(latents[:1]).sample[0]  # in [-1, 1]
        rgb = ((sample.float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
        image = Image.fromarray(np.ascontiguousarray(rgb.permute(1, 2, 0).cpu().numpy()))
        self.seconds = time.perf_counter() - start
        return image


def preview_every(
    step_seconds: float, decode_seconds: float, budget: float = PREVIEW_BUDGET
) -> int:
    """k: preview every k-th step so that one decode per k steps is at most `budget` of the
    steps' time, k = ceil(decode / (budget * step)), at least 1."""
    if step_seconds <= 0:
        return 1
    return max(1, math.ceil(decode_seconds / (budget * step_seconds) - 1e-9))


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return (lines[0] if lines else type(e).__name__)[:300]
