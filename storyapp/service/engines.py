"""The loaded text backend and illustrator, kept between jobs and reloaded only when the
settings they depend on change. Used from one thread at a time (the desktop app's worker)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storyapp.backends import ALIASES
from storyapp.story import Settings, backend_choice, open_illustrator, open_text_backend
from storyapp.story.adapter_sets import adapters_for
from storyapp.story.settings import adapter_paths, sdxl_source
from storyapp.story.setup import is_embedded

if TYPE_CHECKING:
    from storyapp.backends import TextBackend
    from storyapp.illustrate import Illustrator


class Engines:
    def __init__(self) -> None:
        self.backend: TextBackend | None = None
        self.illustrator: Illustrator | None = None
        self.image_error: str | None = None  # why the configured image model did not load
        self.text_notice: str | None = None  # why the backend that runs is not the one chosen
        self._text_key: tuple | None = None
        self._image_key: tuple | None = None

    @staticmethod
    def text_key(s: Settings) -> tuple:
        return (
            s.backend,
            s.base_url,
            s.flavor,
            s.model,
            s.device,
            Engines.adapter_key(s),
            Engines.beside_key(s),
        )

    @staticmethod
    def beside_key(s: Settings) -> tuple | None:
        """TensorRT-LLM's KV cache is sized beside the image model (story/trtllm_setup.py): another
        image model, none, or another picture size sizes it again. Other backends: None."""
        if ALIASES.get(s.backend, s.backend) != "tensorrt_llm":
            return None
        return (Engines.image_key(s), s.illustration.width, s.illustration.height)

    @staticmethod
    def adapter_key(s: Settings) -> tuple:
        """The adapters the backend would get now: a set trained or downloaded since the last
        load changes it, so the next Generate loads them."""
        if not is_embedded(s):
            return tuple((name, str(path)) for name, (path, _) in adapter_paths(s).items())
        chosen = adapters_for(s).items()
        return tuple((name, str(c.path), _stamp(c.path)) for name, c in chosen)

    @staticmethod
    def image_key(s: Settings) -> tuple:
        from storyapp.story.image_options import fast_lora_source, preview_decoder_source

        source = sdxl_source(s) if s.image else None
        extras = (preview_decoder_source(s.illustration), fast_lora_source(s.illustration))
        return (source, s.device, s.sdxl_config, *extras)

    def text_loaded(self, s: Settings) -> bool:
        return self.backend is not None and self._text_key == self.text_key(s)

    def image_loaded(self, s: Settings) -> bool:
        return self._image_key == self.image_key(s)

    def text(self, s: Settings) -> TextBackend:
        """The backend for `s`, loading it (with its adapters) when the settings changed."""
        if not self.text_loaded(s):
            old, self.backend, self._text_key = self.backend, None, None
            if old is not None:
                old.close()
            runs, self.text_notice = backend_choice(s)
            self.backend = open_text_backend(runs)
            self._text_key = self.text_key(s)
        assert self.backend is not None
        return self.backend

    def image(self, s: Settings) -> Illustrator | None:
        """The illustrator for `s`, or None (images off, no model, or it failed to load: see
        image_error). Raises IllustratorError only on the attempt that failed, so a broken
        model is reported once, not on every run."""
        if self.image_loaded(s):
            return self.illustrator
        self.illustrator, self.image_error = None, None
        self._image_key = self.image_key(s)
        try:
            self.illustrator = open_illustrator(s, self.backend)
        except Exception as e:
            self.image_error = str(e)
            raise
        return self.illustrator


def _stamp(path: Path | None) -> int:
    """When the adapter's weights were last written (0: none or unreadable)."""
    try:
        return (path / "adapter_model.safetensors").stat().st_mtime_ns if path else 0
    except OSError:
        return 0
