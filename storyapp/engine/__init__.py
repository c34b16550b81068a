"""The multi-LoRA inference engine: one quantized base model, many adapters, mixed batches."""

from .errors import (
    AdapterError,
    ContextOverflowError,
    EngineError,
    ModelLoadError,
    SequenceError,
)
from .llm import LLM, Completion, Footprint, StreamEvent, footprint
from .sampling import SamplingParams

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
