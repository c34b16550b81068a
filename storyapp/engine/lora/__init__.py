"""LoRA adapters: loading (PEFT folders, llama.cpp GGUF), the registry, batched mixed-adapter compute."""

from .adapter import LoraAdapter
from .registry import AdapterRegistry

__all__ = ["AdapterRegistry", "LoraAdapter"]
