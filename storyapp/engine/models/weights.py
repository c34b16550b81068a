"""Packed weights of a Llama-family model, as the model code consumes them."""

from dataclasses import dataclass

import torch

from ..layers.embedding import RowTable
from ..layers.linear import Projection
from .config import ModelConfig


@dataclass(slots=True)
class LayerWeights:
    attn_norm: torch.Tensor
    qkv: Projection
    o: Projection
    ffn_norm: torch.Tensor
    gate_up: Projection
    down: Projection


@dataclass(slots=True)
class ModelWeights:
    config: ModelConfig
    embed: RowTable
    layers: list[LayerWeights]
    norm: torch.Tensor
    lm_head: Projection
    rope_freqs: torch.Tensor | None = None  # per-dim divisors some GGUFs carry (Llama 3.1)

    @property
    def nbytes(self) -> int:
        total = self.embed.nbytes + self.lm_head.nbytes + self.norm.nbytes
        for layer in self.layers:
            total += layer.attn_norm.nbytes + layer.ffn_norm.nbytes
            total += layer.qkv.nbytes + layer.o.nbytes + layer.gate_up.nbytes + layer.down.nbytes
        return total
