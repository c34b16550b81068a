"""Building what a pipeline runs on from Settings: the text backend with its adapters, and the
illustrator (or none)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from storyapp.backends import ALIASES, AdapterUnavailable, TextBackend, open_backend
from storyapp.system.paths import SDXL_ENV, simulate_gpu

from .memory_plan import (
    LLM_RESIDENT,
    SDXL_BASE_FP16,
    LLMSize,
    MemoryPlan,
    SDXLSize,
    parse_size,
    plan,
    simulated_free,
)
from .settings import Settings, adapter_paths, sdxl_source
from .trtllm_setup import fit_kv_cache, int4_fallback

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from storyapp.illustrate import Illustrator

    from .adapter_sets import BaseModel

NO_IMAGE_MODEL = (
    f"no image model: set {SDXL_ENV}=<SDXL folder or .safetensors>, pass --sdxl PATH, or "
    "download SDXL base with `storyapp download-sdxl`; wrote the text only"
)


def open_text_backend(settings: Settings) -> TextBackend:
    """The backend with the two adapters registered. The embedded engine gets the adapters that
    belong to its base model (adapter_sets); when none fits, that adapter is left out (the
    pipeline then says so and uses the base model). A path the user gave that is missing, or an
    adapter the user named that does not fit the model, raises AdapterUnavailable."""
    check_card(settings)  # a card too small says so before the model loads
    backend = open_backend(
        settings.backend, settings.model, settings.device, settings.base_url, settings.flavor
    )
    try:
        if is_embedded(settings):
            _add_fitting_adapters(backend, settings)
        else:
            for name, (path, given) in adapter_paths(settings).items():
                if given or path.exists():
                    backend.add_adapter(name, path)
        fit_kv_cache(settings, backend)  # TensorRT-LLM: its KV cache from the card's plan
    except BaseException:
        backend.close()
        raise
    return backend


def is_embedded(settings: Settings) -> bool:
    return ALIASES.get(settings.backend, settings.backend) == "embedded"


def _add_fitting_adapters(backend: TextBackend, settings: Settings) -> None:
    from .adapter_sets import adapters_for, remember_loaded

    engine = getattr(getattr(backend, "llm", None), "engine", None)
    if engine is not None:
        remember_loaded(settings.model, engine.model.config)

    for name, choice in adapters_for(settings).items():
        for path, why in choice.passed_over:
            log.info("adapter %s: %s passed over: %s", name, path, why)
        if choice.path is None:
            continue
        if choice.given:
            backend.add_adapter(name, choice.path)
            continue
        try:
            backend.add_adapter(name, choice.path)
        except AdapterUnavailable as e:  # fits by its header, refused by the engine (rank)
            log.warning("adapter %s: %s", name, e)


def missing_adapter_notice(settings: Settings, name: str, what: str) -> str:
    """One line for an adapter the backend does not have: what writes that part instead and,
    for the embedded engine, how to get an adapter for this base."""
    with_base = f"the {what} is written by the base model with the same instructions"
    if not is_embedded(settings):
        path = adapter_paths(settings)[name][0]
        return f"no {name} adapter (looked in {path}): {with_base}"
    from .adapter_sets import describe_base

    try:
        base = describe_base(settings.model)
    except Exception:  # the model loaded, so this does not happen; the notice must not fail
        return f"no {name} for {Path(settings.model).name} yet: {with_base}"
    return f"no {name} for {base.label} yet: {with_base}; {train_hint(settings, base)}"


def train_hint(settings: Settings, base: BaseModel) -> str:
    """How to get adapters for `base` here, with the time it takes on this machine."""
    from storyapp.training.errors import TrainingError
    from storyapp.training.for_model import plan_for, this_device

    how = f"Models → Train adapters, or `storyapp train --for-model {settings.model}`"
    try:
        found = plan_for(base.config, this_device(settings.device), base.label)
    except TrainingError as e:
        return str(e)
    return f"{how}, about {found.minutes()} min on this machine"


def backend_choice(settings: Settings) -> tuple[Settings, str | None]:
    """What the desktop app runs for `settings`, and a notice when that is not what was asked
    for: TensorRT-LLM where it cannot run falls back to the embedded engine (same model), and
    where the GPU cannot run its INT4 checkpoint, to the embedded engine's default model."""
    if ALIASES.get(settings.backend, settings.backend) != "tensorrt_llm":
        return settings, None
    from storyapp.backends.trtllm_probe import probe

    status = probe()
    if status.usable:
        return int4_fallback(settings, status.gpu) or (settings, None)
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
    releases = card is not None and card.llm_while_painting != LLM_RESIDENT
    if releases and hasattr(text, "release_while_idle"):
        text.release_while_idle = True  # type: ignore[union-attr]
    from .image_options import fast_lora_source, preview_decoder_source

    return Illustrator.load(
        source,
        device=settings.device,
        config=settings.sdxl_config,
        memory=memory,
        vae_tiling=tiling,
        preview=preview_decoder_source(settings.illustration),
        fast_lora=fast_lora_source(settings.illustration),
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


def free_card(settings: Settings) -> tuple[str, int] | None:
    """The card the embedded LLM would load on and its free memory: a simulated card when
    $STORYAPP_SIMULATE_GPU is set, else this machine's CUDA card; None on the CPU."""
    if settings.device == "cpu":
        return None
    if simulated := simulate_gpu():
        size = parse_size(simulated)
        return f"{size / 2**30:g} GB card (simulated)", simulated_free(size)
    import torch

    if not torch.cuda.is_available():
        return None
    return torch.cuda.get_device_name(), torch.cuda.mem_get_info()[0]


def check_card(settings: Settings) -> MemoryPlan | None:
    """Before anything loads: the card's plan for the embedded model (its size from its files
    on disk) and SDXL when images are on; CardTooSmall (one sentence) when no plan fits. None
    for a server backend or on the CPU."""
    if ALIASES.get(settings.backend, settings.backend) != "embedded":
        return None
    card = free_card(settings)
    if card is None:
        return None
    from storyapp.backends import EmbeddedBackend

    size = EmbeddedBackend.footprint(settings.model)
    llm = LLMSize(Path(settings.model).name, size.weight_bytes, size.kv_bytes_per_token)
    images = settings.image and sdxl_source(settings) is not None
    sdxl = SDXL_BASE_FP16 if images else SDXLSize("no image model", 0, 0, 0)
    width = settings.illustration.width or 1024
    height = settings.illustration.height or 1024
    found = plan(card[0], card[1], llm, size.rows, size.context, width, height, sdxl)
    log.info("memory plan before loading: %s", found.describe())
    return found
