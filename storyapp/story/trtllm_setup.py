"""What the app core decides for the TensorRT-LLM backend, which cannot see the memory plan (it
sits below the app core): its KV cache's budget on this card, and the way around an INT4
checkpoint the GPU cannot run.

TensorRT-LLM cannot release its KV cache while SDXL paints, so its cache gets what the card's
free memory leaves after the model's weights, SDXL's share in the plan's placement, the plan's
margin and the LLM's working memory; never a fixed fraction of what TensorRT-LLM itself sees."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from .memory_plan import (
    LLM_RESIDENT,
    LLM_WORK_BYTES,
    MARGIN_BYTES,
    MARGIN_FRACTION,
    SDXL_BASE_FP16,
    LLMSize,
    SDXLSize,
    plan,
)
from .settings import Settings, sdxl_source

if TYPE_CHECKING:
    from storyapp.backends import TensorRTLLMBackend, TextBackend
    from storyapp.backends.trtllm_probe import Gpu

log = logging.getLogger(__name__)
GiB = 2**30


def fit_kv_cache(settings: Settings, backend: TextBackend) -> None:
    """Give a TensorRT-LLM backend its KV budget for this card (nothing for other backends, or
    where there is no CUDA card); CardTooSmall when no placement of the model and SDXL fits."""
    from storyapp.backends import TensorRTLLMBackend

    if isinstance(backend, TensorRTLLMBackend):
        backend.set_kv_budget(kv_budget(settings, backend))


def kv_budget(settings: Settings, backend: TensorRTLLMBackend) -> int | None:
    """Bytes for the KV cache: free memory less margin, weights, working memory and SDXL's
    share; None without a CUDA card (simulated or real)."""
    from .setup import free_card

    card = free_card(settings)
    if card is None:
        return None
    name, free = card
    model = backend.trt_model
    llm = LLMSize(model.folder.name, model.weight_bytes(), model.kv_bytes_per_token())
    images = settings.image and sdxl_source(settings) is not None
    sdxl = SDXL_BASE_FP16 if images else SDXLSize("no image model", 0, 0, 0)
    width = settings.illustration.width or 1024
    height = settings.illustration.height or 1024
    found = plan(name, free, llm, backend.rows, backend.context, width, height, sdxl)
    kv_need = llm.kv_bytes(backend.rows, backend.context)
    held = llm.weight_bytes + (kv_need if found.llm_while_painting == LLM_RESIDENT else 0)
    sdxl_share = max(
        found.paint_peak - held,  # SDXL painting in the plan's placement
        found.text_peak - (llm.weight_bytes + kv_need + LLM_WORK_BYTES),  # SDXL resident
    )
    usable = free - max(MARGIN_BYTES, int(MARGIN_FRACTION * free))
    budget = usable - llm.weight_bytes - LLM_WORK_BYTES - sdxl_share
    log.info(
        "TensorRT-LLM KV cache: %.2f GiB of %.1f GiB free on %s (weights %.2f GiB, SDXL %.2f GiB); "
        "plan: %s",
        budget / GiB,
        free / GiB,
        name,
        llm.weight_bytes / GiB,
        sdxl_share / GiB,
        found.describe(),
    )
    return max(0, budget)


def int4_fallback(settings: Settings, gpu: Gpu | None) -> tuple[Settings, str] | None:
    """Where the GPU cannot run the INT4 checkpoint in TensorRT-LLM: the embedded engine with
    its default model (it does not read ModelOpt's INT4 files) and the reason, for the app's
    notice. None where TensorRT-LLM can run the model."""
    from storyapp.backends.trtllm_model import int4_refusal_for

    why = int4_refusal_for(settings.model, gpu)
    if why is None:
        return None
    notice = f"{why}: writing with the embedded engine and its default model"
    return replace(settings, backend="embedded", model="default"), notice
