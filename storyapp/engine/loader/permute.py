"""Hugging Face q/k rows keep each head's two rotary halves apart; the engine wants them in pairs."""

import torch


def to_interleaved(w: torch.Tensor, heads: int) -> torch.Tensor:
    """Rows [h0 .. h(D/2-1) | h(D/2) .. h(D-1)] of each head become [h0, h(D/2), h1, ...] (llama.cpp's order)."""
    n = w.shape[0]
    return w.reshape(heads, 2, n // heads // 2, *w.shape[1:]).transpose(1, 2).reshape(w.shape)
