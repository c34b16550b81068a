"""Building what a pipeline runs on from Settings: the text backend with its adapters, and the
illustrator (or none)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from storyapp.backends import ALIASES, TextBackend, open_backend
from storyapp.system.paths import SDXL_ENV

from .memory_plan import LLM_RESIDENT, LLMSize, MemoryPlan, plan
from .settings import Settings, adapter_paths, sdxl_source

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from storyapp.illustrate import Illustrator

NO_IMAGE_MODEL = (
    f"no image model: set {SDXL_ENV}=<SDXL folder or .safetensors>, pass --sdxl PATH, or "
    "download SDXL base with `storyapp download-sdxl`; wrote the text only"
)


def open_text_backend(settings: Settings) -> TextBackend:
    """The backend with the two adapters registered. A default adapter folder that is not there
    is skipped (the pipeline then says so and uses the base model); a path the user gave that
    is missing, or an adapter that does not fit the model, raises AdapterUnavailable."""
    backend = open_backend(
        settings.backend, settings.model, settings.device, settings.base_url, settings.flavor
    )
    try:
        for name, (path, given) in adapter_paths(settings).items():
            if given or path.exists():
                backend.add_adapter(name, path)
    except BaseException:
        backend.close()
        raise
    return backend


def backend_choice(settings: Settings) -> tuple[Settings, str | None]:
    """What the desktop app runs for `settings`, and a notice when that is not what was asked
    for: TensorRT-LLM where it cannot run falls back to the embedded engine (same model)."""
    if ALIASES.get(settings.backend, settings.backend) != "tensorrt_llm":
        return settings, None
    from storyapp.backends.trtllm_probe import probe

    status = probe()
    if status.usable:
        return settings, None
    return replace(settings, backend="embedded"), f"{status.why}: using the embedded engine"


def open_illustrator(
    settings: Settings, text: TextBackend | None = None, width: int = 1024, height: int = 1024
) -> Illustrator | None:
    """The illustrator for the configured SDXL model; None when images are off or no model is
    configured. Missing or corrupt model files raise IllustratorError before anything runs. On
    a CUDA card SDXL is placed by the card's memory plan (with the embedded LLM `text` counted);
    a card too small for any plan raises CardTooSmall before SDXL loads."""
    source = sdxl_source(settings) if settings.image else None
    if source is None:
        return None
    from storyapp.illustrate import Illustrator

    card = card_plan(settings, text, width, height)
    memory, tiling = (card.sdxl_mode, card.vae_tiling) if card else (None, False)
    # the LLM moved off the card is not done yet: releasing its KV cache is the part of that
    # rung that is carried out (the weights stay)
    releases = card is not None and card.llm_while_painting != LLM_RESIDENT
    if releases and hasattr(text, "release_while_idle"):
        text.release_while_idle = True  # type: ignore[union-attr]
    return Illustrator.load(
        source,
        device=settings.device,
        config=settings.sdxl_config,
        memory=memory,
        vae_tiling=tiling,
    )


def card_plan(
    settings: Settings, text: TextBackend | None, width: int = 1024, height: int = 1024
) -> MemoryPlan | None:
    """The memory plan for this CUDA card (None on CPU), from its free memory now plus what the
    embedded LLM already holds there; logged."""
    import torch

    if settings.device == "cpu" or not torch.cuda.is_available():
        return None
    free, _ = torch.cuda.mem_get_info()
    llm = LLMSize("no local LLM", 0, 0)
    rows, context = 1, 1
    engine = getattr(getattr(text, "llm", None), "engine", None)
    if engine is not None and getattr(engine.device, "type", "cpu") == "cuda":
        cache = engine.cache
        rows, context = cache.max_seqs, cache.max_len
        weights, kv = engine.model.w.nbytes, cache.nbytes
        held = cache.kv.numel() * cache.kv.element_size()  # 0 while released
        free += weights + held  # already on the card: the plan places it too
        llm = LLMSize(str(getattr(text, "model", "LLM")), weights, kv // (rows * context))
    name = torch.cuda.get_device_name()
    found = plan(name, free, llm, rows, context, width, height)
    log.info("memory plan: %s", found.describe())
    return found
