"""Token embedding tables that stay in their stored format; rows are decoded on lookup."""

import numpy as np
import torch
from gguf import GGMLQuantizationType
from gguf.quants import dequantize


class BlockRows:
    """Rows kept as raw GGUF blocks (quantized): no float copy of the table is held."""

    __slots__ = ("raw", "qtype", "nbytes")

    def __init__(self, raw: torch.Tensor, qtype: GGMLQuantizationType):
        self.raw, self.qtype, self.nbytes = raw, qtype, raw.nbytes

    def __call__(self, ids: torch.Tensor) -> torch.Tensor:
        rows = self.raw[ids.reshape(-1).cpu()].numpy()
        out = torch.from_numpy(np.ascontiguousarray(dequantize(rows, self.qtype)))
        return out.reshape(*ids.shape, -1)


class DenseRows:
    __slots__ = ("table", "nbytes")

    def __init__(self, table: torch.Tensor):
        self.table, self.nbytes = table, table.nbytes

    def __call__(self, ids: torch.Tensor) -> torch.Tensor:
        return self.table[ids.cpu()]


RowTable = BlockRows | DenseRows
