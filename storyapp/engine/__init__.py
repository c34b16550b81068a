"""The multi-LoRA inference engine: one quantized base model, many adapters, mixed batches.

The errors and SamplingParams import without torch; LLM and its results load torch when first
named, so the app's window and the command line's parser do not wait for it."""

from typing import TYPE_CHECKING

from .errors import (
    AdapterError,
    ContextOverflowError,
    EngineError,
    ModelLoadError,
    SequenceError,
)
from .sampling import SamplingParams

if TYPE_CHECKING:
    from .llm import LLM, Completion, Footprint, StreamEvent, footprint

_FROM_LLM = {"LLM", "Completion", "Footprint", "StreamEvent", "footprint"}


def __getattr__(name: str):
    if name in _FROM_LLM:
        from . import llm

        return getattr(llm, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LLM",
    "AdapterError",
    "Completion",
    "ContextOverflowError",
    "EngineError",
    "Footprint",
    "ModelLoadError",
    "SamplingParams",
    "SequenceError",
    "StreamEvent",
    "footprint",
]
