"""Text backends: one protocol (base.py) and the backends behind it. Knows nothing of stories.

The embedded backend imports the engine (torch) on first use, so importing this package is
cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyapp.system.paths import api_key

from .base import (
    AdapterUnavailable,
    BackendCancelled,
    BackendError,
    ChatRequest,
    Message,
    OnToken,
    PromptTooLong,
    RowResult,
    Sampling,
    TextBackend,
    backend_idle,
)

if TYPE_CHECKING:
    from .embedded import EmbeddedBackend
    from .openai_http import OpenAIHTTPBackend
    from .tensorrt_llm import TensorRTLLMBackend

BACKENDS = ("embedded", "openai_http", "tensorrt_llm")
ALIASES = {"openai": "openai_http", "tensorrt-llm": "tensorrt_llm"}  # the CLI's short names

__all__ = [
    "BACKENDS",
    "AdapterUnavailable",
    "BackendCancelled",
    "BackendError",
    "ChatRequest",
    "EmbeddedBackend",
    "OpenAIHTTPBackend",
    "Message",
    "OnToken",
    "PromptTooLong",
    "RowResult",
    "Sampling",
    "TensorRTLLMBackend",
    "TextBackend",
    "backend_idle",
    "open_backend",
]


def open_backend(
    name: str,
    model: str = "default",
    device: str = "auto",
    base_url: str | None = None,
    flavor: str = "vllm",
) -> TextBackend:
    """The backend called `name`, with its model loaded (embedded), its server reached (HTTP:
    `model` 'default' means the server's base model; the key comes from $STORYAPP_API_KEY) or
    its machine and model folder checked (TensorRT-LLM; TensorRTLLMUnavailable when it cannot
    run here)."""
    name = ALIASES.get(name, name)
    if name == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend.load(model, device)
    if name == "openai_http":
        if not base_url:
            raise BackendError("the HTTP backend needs the server's address (--base-url URL)")
        try:
            from .openai_http import OpenAIHTTPBackend
        except ModuleNotFoundError as e:
            raise BackendError(
                f"the HTTP backend needs the openai package ({e}): pip install 'storyapp[http]'"
            ) from None

        served = None if model == "default" else model
        return OpenAIHTTPBackend(base_url, flavor, api_key(), served)
    if name == "tensorrt_llm":
        from .tensorrt_llm import TensorRTLLMBackend

        return TensorRTLLMBackend.load(model, device)
    raise BackendError(f"unknown backend {name!r} (available: {', '.join(BACKENDS)})")


def __getattr__(name: str) -> Any:
    if name == "EmbeddedBackend":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend
    if name == "OpenAIHTTPBackend":
        from .openai_http import OpenAIHTTPBackend

        return OpenAIHTTPBackend
    if name == "TensorRTLLMBackend":
        from .tensorrt_llm import TensorRTLLMBackend

        return TensorRTLLMBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
