"""PEFT LoRA folders: adapter_config.json + adapter_model.safetensors."""

import re
from pathlib import Path

import torch
from safetensors import safe_open

from ..errors import AdapterError
from ..layers.rotary import to_interleaved
from ..models.config import ModelConfig
from .adapter import TARGETS, LoraAdapter, LoraModule
from .peft_config import read_peft_config

KEY = re.compile(r"layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])(?:\.\w+)?\.weight$")


def load_peft(name: str, folder: Path, base: ModelConfig) -> LoraAdapter:
    cfg = read_peft_config(folder)
    weights = folder / "adapter_model.safetensors"
    if not weights.is_file():
        if (folder / "adapter_model.bin").is_file():
            raise AdapterError(
                f"{folder / 'adapter_model.bin'}: pickled adapters are refused (loading them can run "
                "code); convert it to adapter_model.safetensors"
            )
        raise AdapterError(f"{folder}: adapter_model.safetensors is missing")
    pairs: dict[tuple[int, str], dict[str, torch.Tensor]] = {}
    try:
        with safe_open(weights, "pt") as f:
            for key in f.keys():  # noqa: SIM118 (safe_open is not iterable)
                m = KEY.search(key)
                if not m or m.group(2) not in TARGETS:
                    raise AdapterError(
                        f"{weights}: tensor '{key}' is not LoRA on a supported module"
                    )
                layer, target, ab = int(m.group(1)), m.group(2), m.group(3)
                pairs.setdefault((layer, target), {})[ab] = f.get_tensor(key)
    except AdapterError:
        raise
    except Exception as e:
        raise AdapterError(f"{weights}: not a readable safetensors file ({e})") from None
    adapter = LoraAdapter(name, str(folder))
    for (layer, target), ab in sorted(pairs.items()):
        if set(ab) != {"A", "B"}:
            raise AdapterError(f"{weights}: layers.{layer}.{target} has lora_{''.join(ab)} only")
        a, b = ab["A"], ab["B"]
        module = f"model.layers.{layer}.{'self_attn' if target[0] in 'qkvo' else 'mlp'}.{target}"
        r = a.shape[0]
        scale = cfg.scale(module, r)
        if target in ("q_proj", "k_proj") and b.shape[0] % base.head_dim == 0:
            b = to_interleaved(b, b.shape[0] // base.head_dim)
        adapter.modules[(layer, target)] = LoraModule(a, b, scale)
    return adapter
