"""The 4-bit matmul of int4_mm.c (AVX-512 VNNI or AVX2), or the reason it is not used.

torch's CPU int4 kernel dequantizes every weight to float (16 multiply-adds an instruction) and
bounds a batch-1 decode step; this one multiplies 4-bit weights with int8-quantized activations
(64 an instruction with VNNI): on the default model's shapes with AVX-512 VNNI 1.1-1.9x faster at
batch 1 with the weights coming from memory, 1.7-3.3x at batch 8, 2-3.5x from cache; with AVX2
(an AMD EPYC, one thread, from cache) 2.2-4.4x at batch 1 to 8 (benchmarks/kernels.py).
"""

import ctypes
import functools
from dataclasses import dataclass

import torch

from .library import load


class Int4Kernel:
    """y[M, N] = x[M, K] @ W^T for bfloat16 x and a weight packed by NativeInt4Weight; y is
    float32, which is what the model wants next (no rounding to bfloat16 and back)."""

    def __init__(self, lib: ctypes.CDLL):
        self._mm = lib.storyapp_int4_mm
        self._mm.restype = ctypes.c_int
        ptr, i64 = ctypes.c_void_p, ctypes.c_int64
        self._mm.argtypes = [ptr, i64, i64, ptr, ptr, ptr, i64, ptr]

    def __call__(self, x, packed, d, m, n: int) -> torch.Tensor:
        y = torch.empty(x.shape[0], n, dtype=torch.float32)
        ptrs = (packed.data_ptr(), d.data_ptr(), m.data_ptr())
        if self._mm(x.data_ptr(), x.shape[0], x.shape[1], *ptrs, n, y.data_ptr()):
            raise MemoryError("the int4 kernel could not allocate its scratch buffer")
        return y


@dataclass(frozen=True, slots=True)
class KernelChoice:
    kernel: Int4Kernel | None
    reason: str  # why kernel is None
    instructions: str = ""  # what the kernel was built for

    @property
    def name(self) -> str:
        return (
            f"{self.instructions} (int8 activations)" if self.kernel else f"torch ({self.reason})"
        )


@functools.cache
def int4_kernel() -> KernelChoice:
    loaded = load("int4_mm")
    kernel = Int4Kernel(loaded.lib) if loaded.lib else None
    return KernelChoice(kernel, loaded.reason, loaded.instructions)
