"""Rotary position embedding on interleaved pairs (the GGUF layout of q and k rows).

Hugging Face checkpoints store q/k rows with the two halves of each head apart; the loaders permute
them into pairs (`to_interleaved`), so one complex multiply rotates both layouts.
"""

import math

import torch

from ..models.config import ModelConfig


def to_interleaved(w: torch.Tensor, heads: int) -> torch.Tensor:
    """Rows [h0 .. h(D/2-1) | h(D/2) .. h(D-1)] of each head become [h0, h(D/2), h1, ...] (llama.cpp's order)."""
    n = w.shape[0]
    return w.reshape(heads, 2, n // heads // 2, *w.shape[1:]).transpose(1, 2).reshape(w.shape)


def from_interleaved(w: torch.Tensor, heads: int) -> torch.Tensor:
    """The inverse of to_interleaved: llama.cpp's rows back in Hugging Face's order."""
    n = w.shape[0]
    return w.reshape(heads, n // heads // 2, 2, *w.shape[1:]).transpose(1, 2).reshape(w.shape)


def inverse_frequencies(cfg: ModelConfig, rope_freqs: torch.Tensor | None = None) -> torch.Tensor:
    dim = cfg.head_dim
    inv = 1.0 / (cfg.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    scaling = cfg.rope_scaling or {}
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "llama3":
        inv = _llama3(inv, scaling)
    elif kind == "linear":
        inv = inv / scaling["factor"]
    if rope_freqs is not None:
        inv = inv / rope_freqs.double()
    return inv.float()


def _llama3(inv: torch.Tensor, s: dict) -> torch.Tensor:
    factor, old_len = s["factor"], s["original_max_position_embeddings"]
    low, high = s.get("low_freq_factor", 1.0), s.get("high_freq_factor", 4.0)
    low_wavelen, high_wavelen = old_len / low, old_len / high
    wavelen = 2 * math.pi / inv
    scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old_len / wavelen - low) / (high - low)
    mid = (1 - smooth) * scaled / factor + smooth * scaled
    is_mid = (wavelen >= high_wavelen) & (wavelen <= low_wavelen)
    return torch.where(is_mid, mid, scaled)


class Rotary:
    __slots__ = ("cis",)

    def __init__(self, inv_freq: torch.Tensor, max_position: int, device: torch.device):
        angles = torch.outer(torch.arange(max_position, dtype=torch.float32), inv_freq)
        self.cis = torch.polar(torch.ones_like(angles), angles).to(device)

    def table(self, positions: torch.Tensor) -> torch.Tensor:
        """Per-token rotations [B, T, 1, D/2], computed once per step and shared by all layers."""
        return self.cis[positions].unsqueeze(2)


def rotate_(x: torch.Tensor, cis: torch.Tensor) -> None:
    """Rotate x ([B, T, heads, D], float32, any strides but the last) in place."""
    torch.view_as_complex(x.unflatten(-1, (-1, 2))).mul_(cis)
