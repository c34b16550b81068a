"""One LoRA adapter on the host, in its own dtype, checked against the base model's shapes."""

import math
from dataclasses import dataclass, field

import torch

from ..errors import AdapterError
from ..models.config import ModelConfig

# PEFT module name -> (fused projection in the engine, position inside it)
TARGETS = {
    "q_proj": ("qkv", 0),
    "k_proj": ("qkv", 1),
    "v_proj": ("qkv", 2),
    "o_proj": ("o", 0),
    "gate_proj": ("gate_up", 0),
    "up_proj": ("gate_up", 1),
    "down_proj": ("down", 0),
}
PROJECTIONS = ("qkv", "o", "gate_up", "down")


def module_shapes(cfg: ModelConfig) -> dict[str, tuple[int, int]]:
    """(in, out) of each target module."""
    d, q, kv, inter = cfg.hidden_size, cfg.q_size, cfg.kv_size, cfg.intermediate_size
    return {
        "q_proj": (d, q),
        "k_proj": (d, kv),
        "v_proj": (d, kv),
        "o_proj": (q, d),
        "gate_proj": (d, inter),
        "up_proj": (d, inter),
        "down_proj": (inter, d),
    }


def output_slices(cfg: ModelConfig) -> dict[str, tuple[int, int]]:
    """Where each target's output lands inside its fused projection."""
    q, kv, inter = cfg.q_size, cfg.kv_size, cfg.intermediate_size
    return {
        "q_proj": (0, q),
        "k_proj": (q, q + kv),
        "v_proj": (q + kv, q + 2 * kv),
        "o_proj": (0, cfg.hidden_size),
        "gate_proj": (0, inter),
        "up_proj": (inter, 2 * inter),
        "down_proj": (0, cfg.hidden_size),
    }


@dataclass(slots=True)
class LoraModule:
    a: torch.Tensor  # [r, in], as stored
    b: torch.Tensor  # [out, r], as stored (q/k rows already in the engine's pair order)
    scale: float

    @property
    def rank(self) -> int:
        return self.a.shape[0]


@dataclass(slots=True)
class LoraAdapter:
    name: str
    path: str
    modules: dict[tuple[int, str], LoraModule] = field(default_factory=dict)  # (layer, target)

    @property
    def nbytes(self) -> int:
        return sum(m.a.nbytes + m.b.nbytes for m in self.modules.values())

    @property
    def max_rank(self) -> int:
        return max((m.rank for m in self.modules.values()), default=0)

    @property
    def targets(self) -> set[str]:
        return {t for _, t in self.modules}

    def check(self, cfg: ModelConfig, max_rank: int) -> None:
        shapes = module_shapes(cfg)
        if not self.modules:
            raise AdapterError(f"{self.path}: no LoRA weights for q/k/v/o/gate/up/down projections")
        for (layer, target), m in self.modules.items():
            where = f"{self.path}: layers.{layer}.{target}"
            if not 0 <= layer < cfg.num_layers:
                raise AdapterError(f"{where}: the base model has {cfg.num_layers} layers")
            n_in, n_out = shapes[target]
            r = m.rank
            if m.a.shape != (r, n_in) or m.b.shape != (n_out, r):
                raise AdapterError(
                    f"{where}: lora_A {tuple(m.a.shape)} and lora_B {tuple(m.b.shape)} do not fit "
                    f"the base's {target} ({n_in} in, {n_out} out): expected lora_A ({r}, {n_in}) "
                    f"and lora_B ({n_out}, {r})"
                )
            if r > max_rank:
                raise AdapterError(f"{where}: rank {r} is above max_lora_rank {max_rank}")
            for part, t in (("lora_A", m.a), ("lora_B", m.b)):
                if not bool(torch.isfinite(t).all()):
                    raise AdapterError(
                        f"{where}.{part}: the weights hold NaN or infinite values; every request "
                        "with this adapter would fail"
                    )
            if not math.isfinite(m.scale):
                raise AdapterError(f"{where}: the scale (lora_alpha / r) is not finite")
