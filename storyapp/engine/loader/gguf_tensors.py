"""Decode GGUF tensors into codes: int4 groups where lossless, int8, dense, or re-quantized."""

import logging

import numpy as np
import torch
from gguf import GGMLQuantizationType as Q
from gguf import ReaderTensor
from gguf.quants import dequantize

from ..errors import ModelLoadError
from ..layers.quant import quantize_affine
from .codes import Codes, DenseCodes, Int4Codes, Int8Codes

log = logging.getLogger(__name__)

LOSSLESS = {Q.Q4_0, Q.Q4_1, Q.Q8_0, Q.F16, Q.F32, Q.BF16}
REQUANTIZED = {Q.Q4_K, Q.Q5_K, Q.Q6_K, Q.Q5_0, Q.Q5_1}
SUPPORTED = LOSSLESS | REQUANTIZED


def _blocks(t: ReaderTensor, block_bytes: int) -> torch.Tensor:
    raw = np.array(t.data, copy=True)  # the reader maps the file read-only
    return torch.from_numpy(raw).reshape(raw.shape[0], -1, block_bytes)


def _half(b: torch.Tensor, at: int) -> torch.Tensor:
    return b[..., at : at + 2].contiguous().view(torch.float16)[..., 0].float()


def _nibbles(qs: torch.Tensor) -> torch.Tensor:
    # byte j holds element j (low nibble) and element j + 16 (high nibble) of its block
    q = torch.cat([qs & 15, qs >> 4], -1)
    return q.reshape(q.shape[0], -1)


def check_type(path: str, t: ReaderTensor) -> None:
    if t.tensor_type not in SUPPORTED:
        raise ModelLoadError(
            f"{path}: tensor '{t.name}' has type {t.tensor_type.name}, which is not supported "
            f"(supported: {', '.join(sorted(q.name for q in SUPPORTED))})"
        )


def decode(path: str, t: ReaderTensor) -> Codes:
    """A 2-D weight tensor as codes; lossless for Q4_0, Q4_1, Q8_0, F16, F32."""
    check_type(path, t)
    kind = t.tensor_type
    if kind == Q.Q4_1:
        b = _blocks(t, 20)
        d, m = _half(b, 0), _half(b, 2)
        return Int4Codes(_nibbles(b[..., 4:]), d, m + 8 * d)
    if kind == Q.Q4_0:
        b = _blocks(t, 18)
        d = _half(b, 0)
        return Int4Codes(_nibbles(b[..., 2:]), d, torch.zeros_like(d))
    if kind == Q.Q8_0:
        b = _blocks(t, 34)
        q = b[..., 2:].contiguous().view(torch.int8)
        return Int8Codes(q.reshape(q.shape[0], -1), _half(b, 0))
    w = torch.from_numpy(np.array(dequantize(t.data, kind), dtype=np.float32))
    if kind in LOSSLESS:
        return DenseCodes(w)
    return Int4Codes(*quantize_affine(w))


def vector(path: str, t: ReaderTensor) -> torch.Tensor:
    check_type(path, t)
    return torch.from_numpy(np.array(dequantize(t.data, t.tensor_type), dtype=np.float32)).flatten()


def warn_lossy(path: str, tensors: list[ReaderTensor]) -> None:
    lossy = sorted({t.tensor_type.name for t in tensors if t.tensor_type in REQUANTIZED})
    if lossy:
        log.warning(
            "%s: %s tensors are re-quantized to 4-bit groups of 32 at load; this is lossy "
            "(Q4_0, Q4_1 and Q8_0 files load exactly)",
            path,
            "/".join(lossy),
        )
