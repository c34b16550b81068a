"""A weight as decoded from a file, before it is packed for a device.

Parts of a fused projection (q, k, v or gate, up) are concatenated as codes, then packed once.
"""

from dataclasses import dataclass

import torch

from ..layers.linear import DenseLinear, Int4Linear, Linear, SplitInt8Linear
from ..layers.quant import int4_weight, split_int8


@dataclass(slots=True)
class Int4Codes:
    q: torch.Tensor  # uint8 [N, K], 0..15
    scale: torch.Tensor  # float32 [N, K/32]
    zero: torch.Tensor  # float32 [N, K/32]


@dataclass(slots=True)
class Int8Codes:
    q: torch.Tensor  # int8 [N, K]
    d: torch.Tensor  # float32 [N, K/32]


@dataclass(slots=True)
class DenseCodes:
    w: torch.Tensor  # float [N, K]


Codes = Int4Codes | Int8Codes | DenseCodes


def concat(parts: list[Codes]) -> Codes | None:
    """Fuse parts along the output dim, or None when their kinds differ."""
    int4 = [p for p in parts if isinstance(p, Int4Codes)]
    if len(int4) == len(parts):
        return Int4Codes(
            torch.cat([p.q for p in int4]),
            torch.cat([p.scale for p in int4]),
            torch.cat([p.zero for p in int4]),
        )
    int8 = [p for p in parts if isinstance(p, Int8Codes)]
    if len(int8) == len(parts):
        return Int8Codes(torch.cat([p.q for p in int8]), torch.cat([p.d for p in int8]))
    dense = [p for p in parts if isinstance(p, DenseCodes)]
    if len(dense) == len(parts):
        return DenseCodes(torch.cat([p.w for p in dense]))
    return None


def build_linear(codes: Codes, device: torch.device, dtype: torch.dtype) -> Linear:
    if isinstance(codes, Int4Codes):
        return Int4Linear(int4_weight(codes.q, codes.scale, codes.zero, device, dtype))
    if isinstance(codes, Int8Codes):
        return SplitInt8Linear(int4_weight(*split_int8(codes.q, codes.d), device, dtype))
    return DenseLinear(codes.w.to(device=device, dtype=dtype))


class ConcatLinear:
    """Parts of a projection stored in different formats: run each, concatenate the outputs."""

    __slots__ = ("parts", "out_features", "in_features", "nbytes")

    def __init__(self, parts: list[Linear]):
        self.parts = parts
        self.out_features = sum(p.out_features for p in parts)
        self.in_features = parts[0].in_features
        self.nbytes = sum(p.nbytes for p in parts)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([p(x) for p in self.parts], -1)


def build_fused(parts: list[Codes], device: torch.device, dtype: torch.dtype):
    fused = concat(parts)
    if fused is not None:
        return build_linear(fused, device, dtype)
    return ConcatLinear([build_linear(p, device, dtype) for p in parts])
