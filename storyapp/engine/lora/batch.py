"""Mixed-adapter LoRA for one step: every row its own adapter (or none), one pass for all.

Per projection two batched matmuls: shrink ``h = x @ A_row`` and expand ``y += h @ B_row``, with
each row's A and B gathered once per batch composition (cached while the batch stays the same, as
it does through decode). Rows without an adapter carry zeros. When all rows share one adapter, two
plain matmuls do it. LoRA runs in float32: on CPU these small matmuls are several times faster in
float32 than in bfloat16, and the model keeps float32 copies of their inputs and outputs anyway.
"""

import torch

from .device_form import Form


class LoraBatch:
    __slots__ = ("entries", "shared", "nbytes")

    def __init__(self, forms: list[Form | None], keys):
        self.entries: dict = {}
        self.nbytes = 0  # the stacked copies this batch holds (none when the rows share one)
        present = [f for f in forms if f is not None]
        self.shared = len(present) == len(forms) and all(f is present[0] for f in present)
        for key in keys:
            parts = [f.get(key) if f is not None else None for f in forms]
            real = [p for p in parts if p is not None]
            if not real:
                continue
            if self.shared:
                self.entries[key] = real[0]
                continue
            a0, b0 = real[0]
            rank = max(p[0].shape[1] for p in real)
            a = a0.new_zeros(len(parts), a0.shape[0], rank)
            b = b0.new_zeros(len(parts), rank, b0.shape[1])
            for i, p in enumerate(parts):
                if p is not None:
                    a[i, :, : p[0].shape[1]] = p[0]
                    b[i, : p[1].shape[0]] = p[1]
            self.entries[key] = (a, b)
            self.nbytes += a.nbytes + b.nbytes

    def touches(self, layer: int, proj: str) -> bool:
        return (layer, proj) in self.entries

    def apply(self, layer: int, proj: str, x: torch.Tensor, y: torch.Tensor) -> None:
        """x: [M, in], y: [M, out] (M = rows x tokens); adds each row's LoRA delta to y in place."""
        entry = self.entries.get((layer, proj))
        if entry is None:
            return
        a, b = entry
        if self.shared:
            y.addmm_(x @ a, b)
            return
        rows = a.shape[0]
        h = torch.bmm(x.view(rows, -1, x.shape[-1]), a)
        y.view(rows, -1, y.shape[-1]).baddbmm_(h, b)
