"""Checkpoint loading: GGUF files and Hugging Face folders into packed engine weights."""

from .resolve import load_weights

__all__ = ["load_weights"]
