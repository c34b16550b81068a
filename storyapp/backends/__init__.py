"""Text backends: one protocol (base.py) and the backends behind it. Knows nothing of stories.

The embedded backend imports the engine (torch) on first use, so importing this package is
cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
)

if TYPE_CHECKING:
    from .embedded import EmbeddedBackend

BACKENDS = ("embedded",)

__all__ = [
    "BACKENDS",
    "AdapterUnavailable",
    "BackendCancelled",
    "BackendError",
    "ChatRequest",
    "EmbeddedBackend",
    "Message",
    "OnToken",
    "PromptTooLong",
    "RowResult",
    "Sampling",
    "TextBackend",
    "open_backend",
]


def open_backend(name: str, model: str = "default", device: str = "auto") -> TextBackend:
    """The backend called `name`, with its model loaded."""
    if name == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend.load(model, device)
    raise BackendError(f"unknown backend {name!r} (available: {', '.join(BACKENDS)})")


def __getattr__(name: str) -> Any:
    if name == "EmbeddedBackend":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
