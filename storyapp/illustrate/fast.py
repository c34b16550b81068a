"""Fast mode: the LCM-LoRA for SDXL (latent-consistency/lcm-lora-sdxl) with the LCM scheduler
paints in 4 to 8 steps at guidance 1 what SDXL alone paints in 25 to 30. A model distilled for
few steps (SDXL-Turbo, SDXL-Lightning) needs no LoRA: fast mode takes its own recipe."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from safetensors import safe_open

from .errors import IllustratorError

LCM_LORA_REPO = "latent-consistency/lcm-lora-sdxl"
LCM_LORA_DIR = "lcm-lora-sdxl"  # its folder under the models folder (the catalog entry's name)
LORA_FILE = "pytorch_lora_weights.safetensors"
ADAPTER = "lcm"
NO_FAST_LORA = (
    "fast mode needs the LCM-LoRA for SDXL: add it with `storyapp models download lcm-lora-sdxl` "
    "(or pass --fast-lora FILE)"
)


@dataclass(slots=True, frozen=True)
class FastRecipe:
    scheduler: str
    steps: int
    guidance: float
    lora: bool  # whether it needs the LCM-LoRA


# guidance 1: LCM distils guidance into the weights; more than ~2 burns the picture
LCM = FastRecipe("lcm", 4, 1.0, lora=True)
# Each as its authors publish it: SDXL-Turbo one step of its Euler ancestral sampler without
# guidance; SDXL-Lightning's 4-step model with Euler on "trailing" timesteps, without guidance.
DISTILLED = {
    "turbo": FastRecipe("euler_a_trailing", 1, 0.0, lora=False),
    "lightning": FastRecipe("euler_trailing", 4, 0.0, lora=False),
}


def distilled_kind(model: str) -> str | None:
    """'turbo' or 'lightning' for a model distilled for few steps, known by its file or folder
    name as published (sdxl-turbo, sd_xl_turbo_1.0_fp16.safetensors, sdxl_lightning_4step...);
    None for any other SDXL."""
    name = Path(model).name.lower()
    return next((kind for kind in DISTILLED if kind in name), None)


def fast_recipe(model: str) -> FastRecipe:
    """Fast mode's scheduler, steps and guidance for `model`: its own when it is distilled, else
    the LCM-LoRA's."""
    kind = distilled_kind(model)
    return DISTILLED[kind] if kind else LCM


def lora_file(source: str | os.PathLike) -> Path:
    """The LoRA .safetensors at `source` (the file, or a folder holding pytorch_lora_weights
    .safetensors), checked to be a LoRA; one IllustratorError line otherwise."""
    path = Path(source).expanduser()
    if path.is_dir():
        found = path / LORA_FILE
        if not found.is_file():
            candidates = sorted(path.glob("*.safetensors"))
            if len(candidates) != 1:
                raise IllustratorError(f"no LoRA in {path} (expected {LORA_FILE})")
            found = candidates[0]
        path = found
    if not path.is_file():
        raise IllustratorError(f"LoRA not found: {path} (expected a .safetensors LoRA file)")
    try:
        with safe_open(path, framework="pt") as f:
            keys = list(f.keys())
    except Exception as e:
        lines = str(e).strip().splitlines()
        why = lines[0][:300] if lines else type(e).__name__
        raise IllustratorError(f"not a LoRA file: {path} ({why})") from None
    if not any("lora" in k.lower() for k in keys):
        raise IllustratorError(f"not a LoRA file: {path} (no lora_* weights among its tensors)")
    return path
