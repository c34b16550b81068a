"""A preallocated key/value cache: one slot of max_len positions per running sequence.

Keys and values of a token sit side by side ([slot, position, k heads + v heads, head_dim]), in
the order the fused qkv projection makes them, so one write stores both.
"""

import torch

from .models.config import ModelConfig


class KVCache:
    def __init__(self, cfg: ModelConfig, max_seqs: int, max_len: int, device, dtype):
        shape = (cfg.num_layers, max_seqs, max_len, 2 * cfg.num_kv_heads, cfg.head_dim)
        # torch.empty maps large blocks lazily: memory is committed as positions are written
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
