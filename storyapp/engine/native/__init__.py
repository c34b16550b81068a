"""Native CPU kernels, built from C on first use with the machine's compiler (see build.py)."""

from .int4_kernel import KernelChoice, int4_kernel
from .int4_weight import NativeInt4Weight

__all__ = ["KernelChoice", "NativeInt4Weight", "int4_kernel"]
