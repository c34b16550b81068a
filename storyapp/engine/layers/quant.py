"""Affine 4-bit weights in torch's int4 weight-pack layout (groups of 32 along the input dim).

torch's int4 kernels decode a group as ``(q - 8) * scale + zero``. A Q4_1 block (``d * q + m``) is
``scale = d, zero = m + 8 d`` and a Q4_0 block (``d * (q - 8)``) is ``scale = d, zero = 0``: both repack
without loss. A Q8_0 block is split into two nibble planes, each an int4 weight, summed after the matmul.
"""

import torch

from ..native import NativeInt4Weight, int4_kernel, native_for

GROUP = 32


def quantize_affine(w: torch.Tensor, group: int = GROUP) -> tuple[torch.Tensor, ...]:
    """Round a float [N, K] weight to 4-bit groups; returns (q uint8, scale, zero) in kernel terms."""
    n, k = w.shape
    g = w.float().reshape(n, k // group, group)
    lo, hi = g.amin(-1), g.amax(-1)
    scale = ((hi - lo) / 15).clamp_min(1e-8)
    q = ((g - lo[..., None]) / scale[..., None]).round_().clamp_(0, 15).to(torch.uint8)
    return q.reshape(n, k), scale, lo + 8 * scale


class Int4Weight:
    """One [N, K] weight packed for the int4 matmul kernel of its device."""

    __slots__ = ("packed", "scales_zeros", "out_features", "in_features", "nbytes")

    def __init__(self, q: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor, device, dtype):
        n, k = q.shape
        if k % GROUP:
            raise ValueError(f"input dim {k} is not a multiple of {GROUP}")
        self.out_features, self.in_features = n, k
        self.scales_zeros = torch.stack([scale.T, zero.T], -1).to(device=device, dtype=dtype)
        self.scales_zeros = self.scales_zeros.contiguous()
        device = torch.device(device)
        if device.type == "cuda":
            nibbles = (q[:, ::2] << 4 | q[:, 1::2]).to(device)
            self.packed = torch.ops.aten._convert_weight_to_int4pack(nibbles, 8)
        else:
            self.packed = _pack_cpu(q)
        self.nbytes = self.packed.nbytes + self.scales_zeros.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if x.is_cuda:
            x16 = x.to(torch.bfloat16)
            y = torch.ops.aten._weight_int4pack_mm(x16, self.packed, GROUP, self.scales_zeros)
            return y.to(x.dtype)
        return torch.ops.aten._weight_int4pack_mm_for_cpu(x, self.packed, GROUP, self.scales_zeros)


def int4_weight(q, scale, zero, device, dtype) -> "Int4Weight | NativeInt4Weight":
    """The weight packed for the fastest 4-bit kernel that runs here: the native one for bfloat16
    on a CPU that has it (int8 activations, as llama.cpp), else torch's (float32 stays exact)."""
    if native_for(device, dtype):
        kernel = int4_kernel().kernel
        if kernel is not None:
            return NativeInt4Weight(kernel, q, scale, zero)
    return Int4Weight(q, scale, zero, device, dtype)


def int4_kernel_name(device, dtype) -> str:
    """Which kernel 4-bit weights run on for this device and dtype, in words."""
    if native_for(device, dtype):
        return int4_kernel().name
    return "torch (exact float32)" if dtype == torch.float32 else "torch"


def split_int8(q8: torch.Tensor, d: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Q8_0 (``d * q``, q in [-128, 127]) as low and high nibble planes stacked on the output dim."""
    q8 = q8.to(torch.int16)
    low, high = (q8 & 15).to(torch.uint8), ((q8 >> 4) + 8).to(torch.uint8)
    q = torch.cat([low, high])
    scale = torch.cat([d, 16 * d])
    zero = torch.cat([8 * d, torch.zeros_like(d)])
    return q, scale, zero


def _pack_cpu(q: torch.Tensor, rows: int = 4096) -> torch.Tensor:
    """The CPU packer wants int32 input: convert a block of rows at a time to bound the transient."""
    n, k = q.shape
    if n % 16:
        return torch.ops.aten._convert_weight_to_int4pack_for_cpu(q.to(torch.int32), 2)
    out = torch.empty(n, k // 2, dtype=torch.uint8)
    for i in range(0, n, rows):
        block = q[i : i + rows].to(torch.int32)
        out[i : i + rows] = torch.ops.aten._convert_weight_to_int4pack_for_cpu(block, 2)
    return out
