"""A 4-bit weight packed for the native kernel (layout: see int4_mm.c)."""

import torch

from .int4_kernel import Int4Kernel

ROWS, GROUP = 16, 32


def pack_rows(q: torch.Tensor) -> torch.Tensor:
    """uint8 codes [N, K] (0..15) -> [N/16, K/32, 4, 64] bytes, two codes each."""
    n, k = q.shape
    v = q.view(n // ROWS, ROWS, k // GROUP, 4, 2, 4).permute(0, 2, 3, 1, 5, 4)
    return (v[..., 0] | v[..., 1] << 4).reshape(n // ROWS, k // GROUP, 4, 64)


def per_block(t: torch.Tensor) -> torch.Tensor:
    """[N, K/32] -> fp16 [N/16, K/32, 16]: one row block's scales side by side."""
    n, groups = t.shape
    return t.view(n // ROWS, ROWS, groups).transpose(1, 2).to(torch.float16).contiguous()


class NativeInt4Weight:
    """One [N, K] weight, N a multiple of 16; w = (q - 8) * scale + zero per group of 32."""

    __slots__ = ("kernel", "packed", "d", "m", "out_features", "in_features", "nbytes")

    def __init__(self, kernel: Int4Kernel, q, scale, zero, block_rows: int = 4096):
        n, k = q.shape
        if n % ROWS or k % GROUP:
            raise ValueError(f"weight [{n}, {k}] is not in blocks of {ROWS} x {GROUP}")
        self.kernel, self.out_features, self.in_features = kernel, n, k
        self.packed = torch.empty(n // ROWS, k // GROUP, 4, 64, dtype=torch.uint8)
        for i in range(0, n, block_rows):  # bounds the transient of the permute
            self.packed[i // ROWS : (i + block_rows) // ROWS] = pack_rows(q[i : i + block_rows])
        self.d = per_block(scale)
        self.m = per_block(zero - 8 * scale)
        self.nbytes = self.packed.nbytes + self.d.nbytes + self.m.nbytes

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = x.to(torch.bfloat16).contiguous()
        return self.kernel(x, self.packed, self.d, self.m, self.out_features)
