"""The AVX-512 VNNI 4-bit matmul of int4_mm.c, loaded through ctypes, or the reason it is not used.

torch's CPU int4 kernel dequantizes every weight to float (16 multiply-adds an instruction) and
bounds a batch-1 decode step; this one multiplies 4-bit weights with int8-quantized activations
(64 an instruction) and is 2-3.5x faster on the default model's shapes (benchmarks/int4_kernel.py).
Set STORYAPP_INT4_KERNEL=torch to use torch's kernel anyway.
"""

import ctypes
import functools
import logging
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

import torch

from .build import BuildError, build

log = logging.getLogger(__name__)

ENV = "STORYAPP_INT4_KERNEL"
SOURCE = Path(__file__).with_name("int4_mm.c")
FLAGS = ["-O3", "-shared", "-fPIC", "-fopenmp"]
FLAGS += ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512vnni", "-mfma", "-mf16c"]
NAME = "AVX-512 VNNI (int8 activations)"


class Int4Kernel:
    """y[M, N] = x[M, K] @ W^T for bfloat16 x and a weight packed by NativeInt4Weight."""

    def __init__(self, lib: ctypes.CDLL):
        self._mm = lib.storyapp_int4_mm
        self._mm.restype = ctypes.c_int
        ptr, i64 = ctypes.c_void_p, ctypes.c_int64
        self._mm.argtypes = [ptr, i64, i64, ptr, ptr, ptr, i64, ptr]

    def __call__(self, x, packed, d, m, n: int) -> torch.Tensor:
        y = torch.empty(x.shape[0], n, dtype=torch.bfloat16)
        ptrs = (packed.data_ptr(), d.data_ptr(), m.data_ptr())
        if self._mm(x.data_ptr(), x.shape[0], x.shape[1], *ptrs, n, y.data_ptr()):
            raise MemoryError("the int4 kernel could not allocate its scratch buffer")
        return y


@dataclass(frozen=True, slots=True)
class KernelChoice:
    kernel: Int4Kernel | None
    reason: str  # which kernel runs, or why the native one does not

    @property
    def name(self) -> str:
        return NAME if self.kernel else f"torch ({self.reason})"


@functools.cache
def int4_kernel() -> KernelChoice:
    """Build (once per machine) and load the native kernel where it can run."""
    choice = _choose()
    log.info("4-bit CPU kernel: %s", choice.name)
    return choice


def _choose() -> KernelChoice:
    if os.environ.get(ENV, "").strip().lower() == "torch":
        return KernelChoice(None, f"{ENV}=torch")
    if sys.platform == "win32" or platform.machine().lower() not in ("x86_64", "amd64"):
        return KernelChoice(None, f"no native kernel for {sys.platform} {platform.machine()}")
    try:
        lib = ctypes.CDLL(str(build(SOURCE, FLAGS)))
    except BuildError as e:
        return KernelChoice(None, str(e))
    except OSError as e:
        return KernelChoice(None, f"could not load the built kernel: {e}")
    if not lib.storyapp_int4_supported():
        return KernelChoice(None, "this CPU lacks AVX-512 VNNI")
    return KernelChoice(Int4Kernel(lib), NAME)
