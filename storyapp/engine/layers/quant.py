"""Affine 4-bit weights in torch's int4 weight-pack layout (groups of 32 along the input dim).

torch's int4 kernels decode a group as ``(q - 8) * scale + zero``. A Q4_1 block (``d * q + m``) is
``scale = d, zero = m + 8 d`` and a Q4_0 block (``d * (q - 8)``) is ``scale = d, zero = 0``: both repack
without loss. A Q8_0 block is split into two nibble planes, each an int4 weight, summed after the matmul.

On CUDA, torch's kernel (``_weight_int4pack_mm``) exists for compute capability 8.0 and up only,
takes bfloat16 activations and reads scales/zeros as bfloat16 whatever their dtype, needs K to be
a multiple of innerKTiles * 16 (innerKTiles in 2, 4, 8) and N a multiple of 8.
"""

import torch

from ..native import NativeInt4Weight, int4_kernel, native_for

GROUP = 32
CUDA_INT4_CAPABILITY = (8, 0)
CUDA_N_TILE = 8


def inner_k_tiles(k: int) -> int:
    """The widest innerKTiles (8, 4 or 2) the CUDA packer accepts for input dim `k`: it needs
    k % (innerKTiles * 16) == 0. Groups of 32 make 2 always fit (576, SmolLM2's hidden, takes 4)."""
    for tiles in (8, 4, 2):
        if k % (tiles * 16) == 0:
            return tiles
    raise ValueError(f"input dim {k} is not a multiple of 32: no int4 CUDA packing fits it")


def padded_rows(n: int) -> int:
    """Output rows rounded up to the CUDA kernel's n-tile (8); the extra rows are zero and cut."""
    return -(-n // CUDA_N_TILE) * CUDA_N_TILE


def int4_supported(capability: tuple[int, int] | None) -> bool:
    """Whether torch's int4 CUDA kernel runs on a card of this compute capability (None: CPU)."""
    return capability is None or tuple(capability) >= CUDA_INT4_CAPABILITY


def int4_gate(capability: tuple[int, int] | None, dtype: torch.dtype) -> tuple[bool, str]:
    """For a CUDA card (capability) and engine dtype: keep weights 4-bit, and why in words. Below
    sm80 there is no int4 kernel (dense float16); float32 asks for exact, so dense weights."""
    if capability is None:
        return True, "cpu"
    sm = f"sm{capability[0]}{capability[1]}"
    if dtype == torch.float32:
        return False, f"float32 asked for: dense exact weights on {sm}"
    if not int4_supported(capability):
        return False, f"{sm} < sm80 has no int4 CUDA kernel: dense float16 weights"
    return True, f"torch int4 (tinygemm) on {sm}, bfloat16 scales"


def cuda_dtype(capability: tuple[int, int], asked: torch.dtype | None) -> torch.dtype:
    """The activation dtype on a CUDA card: what was asked for, else bfloat16 on sm80+ and
    float16 below (bfloat16 is emulated there)."""
    if asked is not None:
        return asked
    return torch.bfloat16 if int4_supported(capability) else torch.float16


def dequantize(q: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor) -> torch.Tensor:
    """The float32 [N, K] weight the kernels compute with: ``(q - 8) * scale + zero`` per group."""
    n, k = q.shape
    g = q.float().reshape(n, k // GROUP, GROUP) - 8
    return (g * scale.float()[..., None] + zero.float()[..., None]).reshape(n, k)


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

    __slots__ = ("packed", "scales_zeros", "out_features", "in_features", "nbytes", "rows")

    def __init__(self, q: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor, device, dtype):
        n, k = q.shape
        if k % GROUP:
            raise ValueError(f"input dim {k} is not a multiple of {GROUP}")
        self.out_features, self.in_features, self.rows = n, k, n
        device = torch.device(device)
        if device.type == "cuda":
            # the CUDA kernel reads scales/zeros as bfloat16 whatever the engine's dtype
            dtype = torch.bfloat16
            self.rows = padded_rows(n)
            if self.rows != n:
                pad = self.rows - n
                q = torch.cat([q, q.new_full((pad, k), 8)])
                scale = torch.cat([scale, scale.new_zeros(pad, scale.shape[1])])
                zero = torch.cat([zero, zero.new_zeros(pad, zero.shape[1])])
        self.scales_zeros = torch.stack([scale.T, zero.T], -1).to(device=device, dtype=dtype)
        self.scales_zeros = self.scales_zeros.contiguous()
        if device.type == "cuda":
            nibbles = (q[:, ::2] << 4 | q[:, 1::2]).to(device).contiguous()
            self.packed = torch.ops.aten._convert_weight_to_int4pack(nibbles, inner_k_tiles(k))
        else:
            self.packed = _pack_cpu(q)
        self.nbytes = self.packed.nbytes + self.scales_zeros.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if x.is_cuda:
            x16 = x.to(torch.bfloat16).contiguous()
            y = torch.ops.aten._weight_int4pack_mm(x16, self.packed, GROUP, self.scales_zeros)
            if self.rows != self.out_features:
                y = y[:, : self.out_features]
            return y.to(x.dtype)
        return torch.ops.aten._weight_int4pack_mm_for_cpu(x, self.packed, GROUP, self.scales_zeros)


class DequantizedWeight:
    """A 4-bit weight expanded to a dense matrix in the engine's dtype, for CUDA cards where the
    int4 kernel is not used (below sm80, or float32 asked for): same numbers, more bytes."""

    __slots__ = ("weight", "out_features", "in_features", "nbytes")

    def __init__(self, q: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor, device, dtype):
        parts = (t.to(device) for t in (q, scale, zero))
        self.weight = dequantize(*parts).to(dtype)
        self.out_features, self.in_features = self.weight.shape
        self.nbytes = self.weight.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.linear(x.to(self.weight.dtype), self.weight).to(x.dtype)


def device_capability(device) -> tuple[int, int] | None:
    """The compute capability of a CUDA device; None for any other device."""
    device = torch.device(device)
    if device.type != "cuda":
        return None
    return torch.cuda.get_device_capability(device)


def int4_weight(
    q, scale, zero, device, dtype
) -> "Int4Weight | NativeInt4Weight | DequantizedWeight":
    """The weight packed for the fastest 4-bit kernel that runs here: the native one for bfloat16
    on a CPU that has it (int8 activations, as llama.cpp), else torch's (float32 stays exact);
    on a CUDA card the int4 gate (int4_gate) may ask for dense weights instead."""
    if not int4_gate(device_capability(device), dtype)[0]:
        return DequantizedWeight(q, scale, zero, device, dtype)
    if native_for(device, dtype):
        kernel = int4_kernel().kernel
        if kernel is not None:
            return NativeInt4Weight(kernel, q, scale, zero)
    return Int4Weight(q, scale, zero, device, dtype)


def int4_kernel_name(device, dtype) -> str:
    """Which kernel 4-bit weights run on for this device and dtype, in words."""
    capability = device_capability(device)
    if capability is not None:
        return int4_gate(capability, dtype)[1]
    if native_for(device, dtype):
        return int4_kernel().name
    return "torch (exact float32)" if dtype == torch.float32 else "torch"


def split_int8(
    q8: torch.Tensor, d: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
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
