"""Grouped-query attention over the KV cache (float32: the CPU attention kernels favour it)."""

import torch
import torch.nn.functional as F

from ..kv_cache import KVCache
from ..native import DecodeAttention
from ..step_batch import StepBatch


class Attention:
    __slots__ = ("cache", "layer", "heads", "kv_heads", "decode_kernel")

    def __init__(
        self,
        cache: KVCache,
        layer: int,
        heads: int,
        kv_heads: int,
        decode_kernel: DecodeAttention | None = None,
    ):
        """decode_kernel: the native decode-step attention, used instead of SDPA when given."""
        self.cache, self.layer, self.heads, self.kv_heads = cache, layer, heads, kv_heads
        self.decode_kernel = decode_kernel

    def __call__(self, qkv: torch.Tensor, b: StepBatch, mask: torch.Tensor | None) -> torch.Tensor:
        """qkv: [B, T, H + 2 KVH, D] float32 with rotary applied -> [B, T, H, D]."""
        h, kvh = self.heads, self.kv_heads
        q, kv = qkv[:, :, :h].transpose(1, 2), qkv[:, :, h:]
        cache = self.cache.kv[self.layer]
        if b.prefill and not b.continues:
            _write_prefill(cache, kv, b)
            keys, values = kv[:, :, :kvh], kv[:, :, kvh:]
            out = F.scaled_dot_product_attention(
                q, keys.transpose(1, 2), values.transpose(1, 2), is_causal=True, enable_gqa=True
            )
            return out.transpose(1, 2)
        if b.prefill:
            _write_continued(cache, kv, b)
        else:
            _write_decode(cache, kv, b)
            if self.decode_kernel is not None:
                return self.decode_kernel(qkv, cache, b.slots, b.length_tensor)
        n = max(b.lengths)
        past = cache[b.slot_range[0] : b.slot_range[1], :n] if b.slot_range else cache[b.slots, :n]
        if mask is not None:
            # a shorter row's slot past its length holds what the memory held before (never
            # written on CPU, a failed request's NaN): the mask zeroes its weights, but 0 * NaN
            # is NaN, so those positions are cleared in the copy attention reads
            past = past.masked_fill(~mask[:, 0, -1, :, None, None], 0)
        keys, values = past[:, :, :kvh].transpose(1, 2), past[:, :, kvh:].transpose(1, 2)
        # the cache is in the model's dtype on CUDA (float32 on CPU): attend in its dtype
        out = F.scaled_dot_product_attention(
            q.to(keys.dtype), keys, values, attn_mask=mask, enable_gqa=True
        )
        return out.transpose(1, 2).to(qkv.dtype)


def _write_decode(cache: torch.Tensor, kv: torch.Tensor, b: StepBatch) -> None:
    if b.slot_range and b.slot_range[1] - b.slot_range[0] == 1:
        p = b.lengths[0] - 1
        cache[b.slot_range[0], p : p + 1] = kv[0]
    else:
        cache[b.slots, b.positions[:, 0]] = kv[:, 0]


def _write_prefill(cache: torch.Tensor, kv: torch.Tensor, b: StepBatch) -> None:
    t = kv.shape[1]
    if b.slot_range:
        s0, s1 = b.slot_range
        cache[s0:s1, :t] = kv
        return
    for row, slot in enumerate(b.slots.tolist()):
        cache[slot, :t] = kv[row]


def _write_continued(cache: torch.Tensor, kv: torch.Tensor, b: StepBatch) -> None:
    """Each row's real tokens at its own start (a row past a shared prefix begins there)."""
    for row, (slot, start, end) in enumerate(
        zip(b.slots.tolist(), b.starts, b.lengths, strict=True)
    ):
        cache[slot, start:end] = kv[row, : end - start]


def attention_mask(b: StepBatch) -> torch.Tensor | None:
    """[B, 1, T, L] True where a query may attend, over the L = longest row's positions of the
    cache; None where every row attends to all of its own tokens (is_causal, or equal lengths).
    Its last query row is each row's valid positions (a pad query repeats its row's last)."""
    if b.prefill and not b.continues:
        return None
    if not b.prefill and min(b.lengths) == max(b.lengths):
        return None
    n, device = max(b.lengths), b.input_ids.device
    keys = torch.arange(n, device=device)
    valid = keys < torch.tensor(b.lengths, device=device)[:, None]  # [B, L]
    if not b.prefill:
        return valid[:, None, None, :]
    causal = keys <= b.positions[:, :, None]  # [B, T, L]
    return (causal & valid[:, None, :])[:, None]
