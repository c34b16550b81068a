"""Mixed-adapter LoRA for one step: every row its own adapter (or none), one pass for all.

Per projection: one shrink ``h = x @ A_row`` for all sub-targets at once, then the expand
``y += h @ B_row``, either fused (one matmul over the whole projection, B zero between its q/k/v
or gate/up blocks) or piece by piece (one matmul per sub-target into its output columns). Fused
is fewer ops, which is what counts for small models; pieces skip the zeros, which is what counts
once B is large (memory-bound: a rank-64 adapter on an 8B model). Each row's A and B are gathered
once per batch composition (cached while the batch stays the same, as it does through decode);
rows without an adapter carry zeros. LoRA runs in float32: on CPU these small matmuls are several
times faster in float32 than in bfloat16, and the model keeps float32 copies of their inputs and
outputs anyway. Where the native LoRA kernel runs (a bfloat16 model on an AVX-512 or AVX2 CPU),
none of this applies: adapters stay fp16 pieces and each projection is one call
(native/lora_apply.c).
"""

import torch

from ..native import LayerPlans, LoraKernel, LoraPlan
from .device_form import Entry, Form

SPLIT_WASTE_BYTES = 1 << 20  # per row: more zeros than this in a fused B -> expand by pieces


class LoraBatch:
    __slots__ = ("entries", "shared", "nbytes", "split_waste", "kernel", "_per_layer")

    def __init__(
        self,
        forms: list[Form | None],
        keys,
        split_waste: int = SPLIT_WASTE_BYTES,
        kernel: LoraKernel | None = None,
    ):
        """With `kernel` (forms in its dtype), each projection is one native call over the
        adapters in place; otherwise torch matmuls over per-batch layouts."""
        self.entries: dict = {}
        self.nbytes = 0  # the copies this batch holds (none when rows share one adapter, by pieces)
        self.split_waste, self.kernel = split_waste, kernel
        self._per_layer: LayerPlans | None = None
        present = [f for f in forms if f is not None]
        self.shared = len(present) == len(forms) and all(f is present[0] for f in present)
        for key in keys:
            parts = [f.get(key) if f is not None else None for f in forms]
            real = [p for p in parts if p is not None]
            if not real:
                continue
            if kernel is not None:
                self.entries[key] = LoraPlan(real[:1] if self.shared else parts)
            else:
                self.entries[key] = self._shared(real[0]) if self.shared else self._mixed(parts)

    def _split(self, ranks: dict[tuple[int, int], int], width: int, size: int) -> bool:
        fused = sum(ranks.values()) * width
        pieces = sum(r * (hi - lo) for (lo, hi), r in ranks.items())
        return (fused - pieces) * size > self.split_waste

    def _shared(self, e: Entry):
        ranks = {(p.lo, p.hi): p.rank for p in e.pieces}
        if self._split(ranks, e.width, e.a.element_size()):
            return e.a, [(p.col, p.rank, p.lo, p.hi, p.b) for p in e.pieces]
        b = e.a.new_zeros(e.a.shape[1], e.width)
        for p in e.pieces:
            b[p.col : p.col + p.rank, p.lo : p.hi] = p.b
        self.nbytes += b.nbytes
        return e.a, b

    def _mixed(self, parts: list[Entry | None]):
        """A common layout for all rows: each sub-target at the same rank columns, as wide as
        its largest rank among the rows."""
        ranks: dict[tuple[int, int], int] = {}
        for e in (p for p in parts if p is not None):
            for piece in e.pieces:
                span = (piece.lo, piece.hi)
                ranks[span] = max(ranks.get(span, 0), piece.rank)
        cols, col = {}, 0
        for span in sorted(ranks):
            cols[span], col = col, col + ranks[span]
        first = next(p for p in parts if p is not None)
        rows, width = len(parts), first.width
        a = first.a.new_zeros(rows, first.a.shape[0], col)
        split = self._split(ranks, width, a.element_size())
        if split:
            bs = {s: a.new_zeros(rows, r, s[1] - s[0]) for s, r in ranks.items()}
        else:
            b = a.new_zeros(rows, col, width)
        for i, row in enumerate(parts):
            if row is None:
                continue
            for p in row.pieces:
                c = cols[(p.lo, p.hi)]
                a[i, :, c : c + p.rank] = row.a[:, p.col : p.col + p.rank]
                if split:
                    bs[(p.lo, p.hi)][i, : p.rank] = p.b
                else:
                    b[i, c : c + p.rank, p.lo : p.hi] = p.b
        if not split:
            self.nbytes += a.nbytes + b.nbytes
            return a, b
        self.nbytes += a.nbytes + sum(t.nbytes for t in bs.values())
        return a, [(cols[s], ranks[s], s[0], s[1], bs[s]) for s in sorted(ranks)]

    def per_layer(self, layers: int) -> LayerPlans:
        """The kernel's plans laid out per layer, for the native decode layers (built once for
        this batch, which decode reuses step after step). Only with the kernel."""
        if self.kernel is None:
            raise ValueError("per-layer plans are the native LoRA kernel's")
        if self._per_layer is None:
            self._per_layer = LayerPlans(self.entries, layers)
        return self._per_layer

    def touches(self, layer: int, proj: str) -> bool:
        return (layer, proj) in self.entries

    def apply(self, layer: int, proj: str, x: torch.Tensor, y: torch.Tensor) -> None:
        """x: [M, in], y: [M, out] (M = rows x tokens); adds each row's LoRA delta to y in place."""
        entry = self.entries.get((layer, proj))
        if entry is None:
            return
        if self.kernel is not None:
            self.kernel(entry, x, y)
            return
        a, b = entry
        if self.shared:
            h = x @ a
            if isinstance(b, list):
                for col, r, lo, hi, piece in b:
                    y[:, lo:hi].addmm_(h[:, col : col + r], piece)
            else:
                y.addmm_(h, b)
            return
        rows = a.shape[0]
        h = torch.bmm(x.view(rows, -1, x.shape[-1]), a)
        y3 = y.view(rows, -1, y.shape[-1])
        if isinstance(b, list):
            for col, r, lo, hi, piece in b:
                y3[:, :, lo:hi].baddbmm_(h[:, :, col : col + r], piece)
        else:
            y3.baddbmm_(h, b)
