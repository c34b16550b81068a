"""Where the pipeline runs: CUDA in float16 (offloading idle parts on small cards), else CPU in
float32."""

from __future__ import annotations

import torch

# diffusers' top-level name reads as its placeholder class to a type checker: the real module
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)

from .errors import IllustratorError

# SDXL in float16 is about 7 GB of weights plus working memory; with less FREE memory than this,
# keep on the GPU only the component that is running (diffusers' model offload: slower, but it
# fits 6-8 GB cards). The story pipeline passes the card-wide memory plan's choice instead.
OFFLOAD_BELOW_BYTES = 10 * 2**30
SEQUENTIAL_BELOW_BYTES = 6 * 2**30
MODES = ("resident", "model offload", "sequential offload")


def mode_for_free(free_bytes: int) -> str:
    """SDXL's placement from the card's free memory alone (no plan given)."""
    if free_bytes < SEQUENTIAL_BELOW_BYTES:
        return "sequential offload"
    return "model offload" if free_bytes < OFFLOAD_BELOW_BYTES else "resident"


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


def place(
    pipe: StableDiffusionXLPipeline,
    device: torch.device,
    memory: str | None = None,
    vae_tiling: bool = False,
) -> str:
    """Move `pipe` onto `device`; returns a short description such as 'cuda:0 (model offload)'.
    `memory`: one of MODES (from the card's memory plan); None decides from the card's free
    memory now. Sequential offload also slices and tiles the VAE."""
    if memory is not None and memory not in MODES:
        raise IllustratorError(f"unknown memory mode {memory!r} (expected one of {MODES})")
    if device.type != "cuda":
        pipe.to(device)
        return str(device)
    index = device.index if device.index is not None else torch.cuda.current_device()
    mode = memory or mode_for_free(torch.cuda.mem_get_info(index)[0])
    if vae_tiling or mode == "sequential offload":
        pipe.vae.enable_tiling()
    if mode == "sequential offload":
        pipe.vae.enable_slicing()
        pipe.enable_sequential_cpu_offload(gpu_id=index)
    elif mode == "model offload":
        pipe.enable_model_cpu_offload(gpu_id=index)
    else:
        pipe.to(f"cuda:{index}")
        return f"cuda:{index}" + (" (VAE tiling)" if vae_tiling else "")
    return f"cuda:{index} ({mode}{', VAE tiling' if vae_tiling else ''})"
