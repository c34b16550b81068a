"""The mixed-adapter LoRA of lora_apply.c: one call per projection, adapters read in place."""

import ctypes
import functools

import torch

from .library import load


class Piece(ctypes.Structure):
    _fields_ = [(f, ctypes.c_int64) for f in ("row", "col", "rank", "lo", "hi")]
    _fields_ += [("b", ctypes.c_void_p)]


class LoraPlan:
    """What one projection's call needs for one batch composition; keeps the tensors alive."""

    __slots__ = ("rows", "a", "ranks", "pieces", "tensors")

    def __init__(self, parts: list):
        """parts: per batch row, its device-form Entry (fp16; A the transpose of a contiguous
        tensor, the B pieces contiguous) or None."""
        self.tensors = [t for p in parts if p for t in (p.a.T, *(q.b for q in p.pieces))]
        if not all(t.is_contiguous() and t.dtype == LoraKernel.DTYPE for t in self.tensors):
            raise ValueError("the LoRA kernel reads float16 adapters laid out as device_form does")
        self.rows = len(parts)
        self.a = (ctypes.c_void_p * self.rows)(*(p.a.data_ptr() if p else None for p in parts))
        self.ranks = (ctypes.c_int64 * self.rows)(*(p.a.shape[1] if p else 0 for p in parts))
        pieces = [
            Piece(r, q.col, q.rank, q.lo, q.hi, q.b.data_ptr())
            for r, p in enumerate(parts)
            if p
            for q in p.pieces
        ]
        self.pieces = (Piece * len(pieces))(*pieces)


class LoraKernel:
    DTYPE = torch.float16  # what adapters are stored in for it

    def __init__(self, lib: ctypes.CDLL):
        self._apply = lib.storyapp_lora_apply
        self._apply.restype = ctypes.c_int
        ptr, i64 = ctypes.c_void_p, ctypes.c_int64
        self._apply.argtypes = [ptr, i64, i64, ptr, i64, ptr, ptr, i64, ptr, i64]

    def __call__(self, plan: LoraPlan, x: torch.Tensor, y: torch.Tensor) -> None:
        """Adds each token's LoRA delta to y [tokens, N] in place (x [tokens, K], float32)."""
        x = x.float().contiguous()
        if not y.is_contiguous() or y.dtype != torch.float32:
            raise ValueError("the LoRA kernel adds into a contiguous float32 output")
        tokens, k = x.shape
        done = self._apply(
            x.data_ptr(),
            tokens,
            k,
            y.data_ptr(),
            y.shape[1],
            plan.a,
            plan.ranks,
            plan.rows,
            plan.pieces,
            len(plan.pieces),
        )
        if done:
            raise ValueError("an adapter's rank is over the LoRA kernel's limit of 1024")


@functools.cache
def lora_kernel() -> LoraKernel | None:
    loaded = load("lora_apply")
    return LoraKernel(loaded.lib) if loaded.lib else None
