"""Building what a pipeline runs on from Settings: the text backend with its adapters, and the
illustrator (or none)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from storyapp.backends import ALIASES, TextBackend, open_backend
from storyapp.system.paths import SDXL_ENV

from .settings import Settings, adapter_paths, sdxl_source

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


def open_illustrator(settings: Settings) -> Illustrator | None:
    """The illustrator for the configured SDXL model; None when images are off or no model is
    configured. Missing or corrupt model files raise IllustratorError before anything runs."""
    source = sdxl_source(settings) if settings.image else None
    if source is None:
        return None
    from storyapp.illustrate import Illustrator

    return Illustrator.load(source, device=settings.device, config=settings.sdxl_config)
