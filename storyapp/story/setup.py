"""Building what a pipeline runs on from Settings: the text backend with its adapters, and the
illustrator (or none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyapp.backends import TextBackend, open_backend

from .settings import SDXL_ENV, Settings, adapter_paths, sdxl_source

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


def open_illustrator(settings: Settings) -> Illustrator | None:
    """The illustrator for the configured SDXL model; None when images are off or no model is
    configured. Missing or corrupt model files raise IllustratorError before anything runs."""
    source = sdxl_source(settings) if settings.image else None
    if source is None:
        return None
    from storyapp.illustrate import Illustrator

    return Illustrator.load(source, device=settings.device, config=settings.sdxl_config)
