"""The decode-step attention of decode_attention.c, or None where it cannot run."""

import ctypes
import functools

import torch

from .library import load


class DecodeAttention:
    def __init__(self, lib: ctypes.CDLL):
        self._attend = lib.storyapp_decode_attention
        self._attend.restype = ctypes.c_int
        ptr, i64 = ctypes.c_void_p, ctypes.c_int64
        self._attend.argtypes = [ptr, i64, i64, i64, i64, ptr, i64, ptr, ptr, ctypes.c_float, ptr]

    def __call__(
        self, qkv: torch.Tensor, cache: torch.Tensor, slots: torch.Tensor, lengths: torch.Tensor
    ) -> torch.Tensor:
        """qkv [B, 1, H + 2 KVH, D] float32, rotary applied; cache [slots, max_len, 2 KVH, D] with
        this step written; slots and lengths int64 [B] -> [B, 1, H, D]."""
        rows, _, width, dim = qkv.shape
        kv_heads = cache.shape[2] // 2
        heads = width - 2 * kv_heads
        if not (qkv.is_contiguous() and cache.is_contiguous() and qkv.dtype == torch.float32):
            raise ValueError("decode attention reads contiguous float32 queries and cache")
        out = torch.empty(rows, 1, heads, dim)
        done = self._attend(
            qkv.data_ptr(),
            rows,
            heads,
            kv_heads,
            dim,
            cache.data_ptr(),
            cache.shape[1],
            slots.data_ptr(),
            lengths.data_ptr(),
            dim**-0.5,
            out.data_ptr(),
        )
        if done == -1:
            raise MemoryError("decode attention could not allocate its scores")
        if done:
            raise ValueError(
                f"decode attention does not handle {heads} heads / {kv_heads} of {dim}"
            )
        return out


@functools.cache
def decode_attention() -> DecodeAttention | None:
    loaded = load("decode_attention")
    return DecodeAttention(loaded.lib) if loaded.lib else None
