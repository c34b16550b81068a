"""PEFT LoRA folders: adapter_config.json + adapter_model.safetensors."""

import math
import re
from pathlib import Path

from safetensors import safe_open

from ..config import ModelConfig
from ..errors import AdapterError
from ..json_file import read_json
from ..loader.permute import to_interleaved
from .adapter import TARGETS, LoraAdapter, LoraModule

KEY = re.compile(r"layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])(?:\.\w+)?\.weight$")
UNSUPPORTED_MODULES = ("embed_tokens", "lm_head", "lora_embedding", "lora_magnitude")


def _config(folder: Path) -> dict:
    path, cfg = read_json(folder, "adapter_config.json", AdapterError, "a PEFT adapter")
    _refuse(path, cfg)
    return cfg


def _refuse(path: Path, cfg: dict) -> None:
    """Name the first field that asks for something this engine does not do."""
    if cfg.get("peft_type", "LORA").upper() != "LORA":
        raise AdapterError(f"{path}: peft_type is {cfg['peft_type']!r}; only LORA is supported")
    for key, meaning in (
        ("use_dora", "DoRA"),
        ("fan_in_fan_out", "transposed (Conv1D) weights"),
        ("lora_bias", "LoRA bias vectors"),
    ):
        if cfg.get(key):
            raise AdapterError(f"{path}: field '{key}' is set ({meaning} is not supported)")
    if cfg.get("modules_to_save"):
        raise AdapterError(
            f"{path}: field 'modules_to_save' lists {cfg['modules_to_save']}; fully trained "
            "modules are not supported, only LoRA on q/k/v/o/gate/up/down"
        )
    if cfg.get("bias", "none") != "none":
        raise AdapterError(f"{path}: field 'bias' is {cfg['bias']!r}; only 'none' is supported")
    targets = cfg.get("target_modules") or []
    targets = [targets] if isinstance(targets, str) else targets
    for t in targets:
        if any(u in t for u in UNSUPPORTED_MODULES):
            raise AdapterError(
                f"{path}: field 'target_modules' includes {t!r}; embedding and lm_head LoRA are "
                "not supported"
            )


def _pattern_value(patterns: dict, module: str, default):
    for pattern, value in (patterns or {}).items():
        if re.match(rf"(.*\.)?({pattern})$", module):
            return value
    return default


def load_peft(name: str, folder: Path, base: ModelConfig) -> LoraAdapter:
    cfg = _config(folder)
    weights = folder / "adapter_model.safetensors"
    if not weights.is_file():
        if (folder / "adapter_model.bin").is_file():
            raise AdapterError(
                f"{folder / 'adapter_model.bin'}: pickled adapters are refused (loading them can run "
                "code); convert it to adapter_model.safetensors"
            )
        raise AdapterError(f"{folder}: adapter_model.safetensors is missing")
    pairs: dict[tuple[int, str], dict[str, object]] = {}
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
    alpha = cfg.get("lora_alpha", cfg.get("r", 8))
    for (layer, target), ab in sorted(pairs.items()):
        if set(ab) != {"A", "B"}:
            raise AdapterError(f"{weights}: layers.{layer}.{target} has lora_{''.join(ab)} only")
        a, b = ab["A"], ab["B"]
        module = f"model.layers.{layer}.{'self_attn' if target[0] in 'qkvo' else 'mlp'}.{target}"
        r = a.shape[0]
        alpha_m = _pattern_value(cfg.get("alpha_pattern"), module, alpha)
        scale = alpha_m / math.sqrt(r) if cfg.get("use_rslora") else alpha_m / r
        if target in ("q_proj", "k_proj") and b.shape[0] % base.head_dim == 0:
            b = to_interleaved(b, b.shape[0] // base.head_dim)
        adapter.modules[(layer, target)] = LoraModule(a, b, scale)
    return adapter
