"""A preallocated key/value cache: one slot of max_len positions per running sequence.

Keys and values of a token sit side by side ([slot, position, k heads + v heads, head_dim]), in
the order the fused qkv projection makes them, so one write stores both.
"""

import torch

from .models.config import ModelConfig


def kv_cache_shape(cfg: ModelConfig, rows: int, context: int) -> tuple[int, ...]:
    """[layers, rows, positions, k heads + v heads, head_dim] for `rows` sequences of `context`."""
    return (cfg.num_layers, rows, context, 2 * cfg.num_kv_heads, cfg.head_dim)


def kv_cache_bytes(cfg: ModelConfig, rows: int, context: int, dtype_bytes: int) -> int:
    n = 1
    for d in kv_cache_shape(cfg, rows, context):
        n *= d
    return n * dtype_bytes


class KVCache:
    def __init__(self, cfg: ModelConfig, max_seqs: int, max_len: int, device, dtype):
        shape = kv_cache_shape(cfg, max_seqs, max_len)
        # on CPU torch.empty maps large blocks lazily (committed as positions are written); the
        # CUDA allocator reserves all of it now, so the engine sizes it from what was asked for
        self.kv = torch.empty(shape, device=device, dtype=dtype)
        self.kv_heads = cfg.num_kv_heads
        self.max_seqs, self.max_len = max_seqs, max_len
        self._free = list(range(max_seqs))

    @property
    def free_slots(self) -> int:
        return len(self._free)

    def allocate(self) -> int:
        self._free.sort()
        return self._free.pop(0)

    def release(self, slot: int) -> None:
        self._free.append(slot)
