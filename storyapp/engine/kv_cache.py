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
    return _numel(kv_cache_shape(cfg, rows, context)) * dtype_bytes


class KVCache:
    def __init__(self, cfg: ModelConfig, max_seqs: int, max_len: int, device, dtype):
        self.shape = kv_cache_shape(cfg, max_seqs, max_len)
        self.device, self.dtype = torch.device(device), dtype
        # on CPU torch.empty maps large blocks lazily (committed as positions are written); the
        # CUDA allocator reserves all of it now, so the engine sizes it from what was asked for
        self.kv = torch.empty(self.shape, device=device, dtype=dtype)
        self.kv_heads = cfg.num_kv_heads
        self.max_seqs, self.max_len = max_seqs, max_len
        self._free = list(range(max_seqs))

    @property
    def nbytes(self) -> int:
        """The cache's full size, allocated or not."""
        return self.kv.element_size() * _numel(self.shape)

    @property
    def allocated(self) -> bool:
        return self.kv.numel() > 0

    def free_memory(self) -> int:
        """Drop the tensor (the memory goes back to the allocator) while no sequence holds a
        slot; ensure() makes it again. The bytes released; RuntimeError while sequences run."""
        if self.free_slots != self.max_seqs:
            raise RuntimeError("the KV cache is in use: release it between requests")
        held = self.kv.numel() * self.kv.element_size()
        self.kv = torch.empty(0, device=self.device, dtype=self.dtype)
        return held

    def ensure(self) -> None:
        """The cache allocated again after free_memory(). Not cleared: no row reads a position
        it has not written (attention clears what it masks)."""
        if not self.allocated:
            self.kv = torch.empty(self.shape, device=self.device, dtype=self.dtype)

    @property
    def free_slots(self) -> int:
        return len(self._free)

    def allocate(self) -> int:
        self._free.sort()
        return self._free.pop(0)

    def release(self, slot: int) -> None:
        self._free.append(slot)

    def copy_prefix(self, source: int, targets: list[int], length: int) -> None:
        """The first `length` positions of slot `source`, every layer, into each target slot."""
        for slot in targets:
            self.kv[:, slot, :length] = self.kv[:, source, :length]


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n
