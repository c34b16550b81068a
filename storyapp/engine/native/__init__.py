"""Native CPU kernels, built from C on first use with the machine's compiler (see build.py)."""

from .attention_kernel import DecodeAttention, decode_attention
from .decode_layers import DecodeLayers, LayerPlans, decode_layers_library
from .int4_kernel import KernelChoice, int4_kernel
from .int4_weight import NativeInt4Weight
from .library import native_for
from .lora_kernel import LoraKernel, LoraPlan, lora_kernel

__all__ = [
    "DecodeAttention",
    "DecodeLayers",
    "KernelChoice",
    "LayerPlans",
    "LoraKernel",
    "LoraPlan",
    "NativeInt4Weight",
    "decode_attention",
    "decode_layers_library",
    "int4_kernel",
    "lora_kernel",
    "native_for",
]
