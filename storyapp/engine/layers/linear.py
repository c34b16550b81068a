"""Linear layers over packed or dense weights; all take and return [M, K] -> [M, N]."""

from typing import Protocol

import torch
import torch.nn.functional as F

from ..native import NativeInt4Weight
from .quant import DequantizedWeight, Int4Weight

Packed = Int4Weight | NativeInt4Weight | DequantizedWeight


class Int4Linear:
    __slots__ = ("weight", "out_features", "in_features", "nbytes")

    def __init__(self, weight: Packed):
        self.weight = weight
        self.out_features, self.in_features = weight.out_features, weight.in_features
        self.nbytes = weight.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.weight(x)


class SplitInt8Linear:
    """A Q8_0 weight kept exact as two int4 nibble planes: one matmul, then the halves summed."""

    __slots__ = ("weight", "out_features", "in_features", "nbytes")

    def __init__(self, weight: Packed):
        self.weight = weight
        self.out_features, self.in_features = weight.out_features // 2, weight.in_features
        self.nbytes = weight.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        y = self.weight(x)
        n = self.out_features
        return y[:, :n] + y[:, n:]


class DenseLinear:
    __slots__ = ("weight", "out_features", "in_features", "nbytes")

    def __init__(self, weight: torch.Tensor):
        self.weight = weight
        self.out_features, self.in_features = weight.shape
        self.nbytes = weight.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.weight)


Linear = Int4Linear | SplitInt8Linear | DenseLinear


class Projection(Protocol):
    """A weight the model multiplies by: a Linear, or several concatenated (ConcatLinear)."""

    out_features: int
    in_features: int
    nbytes: int

    def __call__(self, x: torch.Tensor) -> torch.Tensor: ...
