"""Grouped-query attention over the KV cache."""

import torch
import torch.nn.functional as F

from ..kv_cache import KVCache
from ..step_batch import StepBatch


class Attention:
    __slots__ = ("cache", "layer", "heads", "kv_heads", "head_dim")

    def __init__(self, cache: KVCache, layer: int, heads: int, kv_heads: int, head_dim: int):
        self.cache, self.layer = cache, layer
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, head_dim

    def __call__(self, q, k, v, b: StepBatch, mask: torch.Tensor | None) -> torch.Tensor:
        """q: [B, T, H, D], k/v: [B, T, KVH, D] -> [B, T, H * D]."""
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        kc, vc = self.cache.k[self.layer], self.cache.v[self.layer]
        bsz, _, t, _ = q.shape
        if b.prefill:
            self._write_prefill(kc, vc, k, v, b)
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        else:
            pos = b.positions[:, 0]
            kc[b.slots, :, pos] = k[:, :, 0]
            vc[b.slots, :, pos] = v[:, :, 0]
            n = max(b.lengths)
            if b.slot_range:
                s0, s1 = b.slot_range
                keys, values = kc[s0:s1, :, :n], vc[s0:s1, :, :n]
            else:
                keys, values = kc[b.slots, :, :n], vc[b.slots, :, :n]
            out = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask, enable_gqa=True)
        return out.transpose(1, 2).reshape(bsz, t, self.heads * self.head_dim)

    @staticmethod
    def _write_prefill(kc, vc, k, v, b: StepBatch) -> None:
        t = k.shape[2]
        if b.slot_range:
            s0, s1 = b.slot_range
            kc[s0:s1, :, :t] = k
            vc[s0:s1, :, :t] = v
            return
        for row, slot in enumerate(b.slots.tolist()):
            kc[slot, :, :t] = k[row]
            vc[slot, :, :t] = v[row]


def decode_mask(b: StepBatch) -> torch.Tensor | None:
    """[B, 1, 1, L] True where a row may attend; None when all rows have the same length."""
    if b.prefill or min(b.lengths) == max(b.lengths):
        return None
    n = max(b.lengths)
    lengths = torch.tensor(b.lengths, device=b.input_ids.device)
    return (torch.arange(n, device=lengths.device) < lengths[:, None])[:, None, None, :]
