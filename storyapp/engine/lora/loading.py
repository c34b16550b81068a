"""Load an adapter from a path: a PEFT folder or a llama.cpp GGUF file."""

from pathlib import Path

from ..errors import AdapterError
from ..models.config import ModelConfig
from .adapter import LoraAdapter
from .gguf_format import load_gguf_lora
from .peft_format import load_peft


def load_adapter(name: str, path: str | Path, base: ModelConfig, max_rank: int) -> LoraAdapter:
    p = Path(path).expanduser()
    if not p.exists():
        raise AdapterError(f"no such adapter: {p}")
    if p.is_file() and p.suffix == ".bin":
        raise AdapterError(
            f"{p}: pickled adapters are refused (loading them can run code); use safetensors"
        )
    if p.is_file() and p.suffix == ".gguf":
        adapter = load_gguf_lora(name, p)
    elif p.is_file() and p.name == "adapter_model.safetensors":
        adapter = load_peft(name, p.parent, base)
    elif p.is_dir():
        adapter = load_peft(name, p, base)
    else:
        raise AdapterError(f"{p}: expected a PEFT adapter folder or a GGUF LoRA file")
    adapter.check(base, max_rank)
    return adapter
