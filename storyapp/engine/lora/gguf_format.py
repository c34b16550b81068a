"""llama.cpp LoRA adapters in GGUF (``general.type = adapter``, tensors ``*.lora_a`` / ``*.lora_b``)."""

from pathlib import Path

import numpy as np
import torch
from gguf import GGUFReader
from gguf.quants import dequantize

from ..errors import AdapterError
from .adapter import LoraAdapter, LoraModule

GGUF_TARGETS = {
    "attn_q": "q_proj",
    "attn_k": "k_proj",
    "attn_v": "v_proj",
    "attn_output": "o_proj",
    "ffn_gate": "gate_proj",
    "ffn_up": "up_proj",
    "ffn_down": "down_proj",
}


def load_gguf_lora(name: str, path: Path) -> LoraAdapter:
    try:
        reader = GGUFReader(path)
    except Exception as e:
        raise AdapterError(f"{path}: not a readable GGUF file ({e or type(e).__name__})") from None

    def field(key):
        f = reader.fields.get(key)
        return None if f is None else f.contents()

    if field("general.type") != "adapter" or field("adapter.type") != "lora":
        raise AdapterError(
            f"{path}: not a LoRA adapter (general.type/adapter.type are not adapter/lora)"
        )
    alpha = field("adapter.lora.alpha")
    tensors: dict[tuple[int, str], dict[str, torch.Tensor]] = {}
    for t in reader.tensors:
        parts = t.name.split(".")  # blk.N.attn_q.weight.lora_a
        if len(parts) != 5 or parts[0] != "blk" or parts[2] not in GGUF_TARGETS:
            raise AdapterError(f"{path}: tensor '{t.name}' is not LoRA on a supported module")
        w = np.array(dequantize(t.data, t.tensor_type), dtype=np.float32)
        tensors.setdefault((int(parts[1]), GGUF_TARGETS[parts[2]]), {})[parts[4]] = (
            torch.from_numpy(w)
        )
    adapter = LoraAdapter(name, str(path))
    for key, ab in sorted(tensors.items()):
        if set(ab) != {"lora_a", "lora_b"}:
            raise AdapterError(f"{path}: blk.{key[0]}.{key[1]} is missing lora_a or lora_b")
        a, b = ab["lora_a"], ab["lora_b"]
        r = a.shape[0]
        adapter.modules[key] = LoraModule(a, b, (alpha or r) / r)
    return adapter
