"""Where the pipeline runs: CUDA in float16 (offloading idle parts on small cards), else CPU in
float32."""

from __future__ import annotations

import torch

# diffusers' top-level name reads as its placeholder class to a type checker: the real module
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)

from .errors import IllustratorError

# SDXL in float16 is about 7 GB of weights plus working memory; below this, keep on the GPU only
# the component that is running (diffusers' model offload: slower, but it fits 6-8 GB cards).
OFFLOAD_BELOW_BYTES = 12 * 2**30


def pick_device(device: str = "auto") -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        picked = torch.device(device)
    except (RuntimeError, TypeError):
        raise IllustratorError(
            f"unknown device {device!r} (expected 'auto', 'cpu' or 'cuda[:N]')"
        ) from None
    if picked.type not in ("cpu", "cuda"):
        raise IllustratorError(
            f"unsupported device {device!r} (expected 'auto', 'cpu' or 'cuda[:N]')"
        )
    if picked.type == "cuda" and not torch.cuda.is_available():
        raise IllustratorError(
            f"device {device!r} asked for, but this torch ({torch.__version__}) sees no CUDA GPU"
        )
    return picked


def dtype_for(device: torch.device) -> torch.dtype:
    return torch.float16 if device.type == "cuda" else torch.float32


def place(pipe: StableDiffusionXLPipeline, device: torch.device) -> str:
    """Move `pipe` onto `device`; returns a short description such as 'cuda:0 (model offload)'."""
    if device.type != "cuda":
        pipe.to(device)
        return str(device)
    index = device.index if device.index is not None else torch.cuda.current_device()
    if torch.cuda.get_device_properties(index).total_memory < OFFLOAD_BELOW_BYTES:
        pipe.enable_model_cpu_offload(gpu_id=index)
        return f"cuda:{index} (model offload)"
    pipe.to(f"cuda:{index}")
    return f"cuda:{index}"
