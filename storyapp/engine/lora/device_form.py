"""An adapter laid out for the engine's fused projections, on the compute device.

For each (layer, projection): A [in, r] with the sub-targets' A side by side (q, k, v or gate, up),
held as the transpose of a contiguous [r, in] (each rank column's inputs in a row: what the CPU
kernel reads, and what torch's matmul takes as it is), and one Piece per sub-target: its B
[r_t, out_t] (scale folded in), which rank columns of A feed it and which output columns of the
fused projection it adds to. Nothing is stored for the zero blocks between sub-targets; LoraBatch
decides whether to lay B out fused (one matmul, zeros included) or piece by piece.
"""

from dataclasses import dataclass

import torch

from ..models.config import ModelConfig
from .adapter import TARGETS, LoraAdapter, output_slices


def projection_width(cfg: ModelConfig, proj: str) -> int:
    widths = {
        "qkv": cfg.q_size + 2 * cfg.kv_size,
        "o": cfg.hidden_size,
        "gate_up": 2 * cfg.intermediate_size,
        "down": cfg.hidden_size,
    }
    return widths[proj]


@dataclass(slots=True, frozen=True)
class Piece:
    target: str  # q_proj, ...
    col: int  # its first rank column in the projection's A
    b: torch.Tensor  # [r_t, hi - lo]
    lo: int  # its output columns in the fused projection
    hi: int

    @property
    def rank(self) -> int:
        return self.b.shape[0]


@dataclass(slots=True, frozen=True)
class Entry:
    a: torch.Tensor  # [in, sum of the pieces' ranks], a transposed view of a contiguous tensor
    pieces: tuple[Piece, ...]
    width: int  # the fused projection's output width

    @property
    def nbytes(self) -> int:
        return self.a.nbytes + sum(p.b.nbytes for p in self.pieces)


Form = dict[tuple[int, str], Entry]


def device_form(adapter: LoraAdapter, cfg: ModelConfig, device, dtype) -> Form:
    slices = output_slices(cfg)
    grouped: dict[tuple[int, str], list[str]] = {}
    for layer, target in adapter.modules:
        grouped.setdefault((layer, TARGETS[target][0]), []).append(target)
    form: Form = {}
    for (layer, proj), targets in grouped.items():
        targets.sort(key=lambda t: TARGETS[t][1])
        mods = [adapter.modules[(layer, t)] for t in targets]
        a = torch.cat([m.a.float() for m in mods], 0)  # [r, in]: PEFT's lora_A layout
        pieces, col = [], 0
        for t, m in zip(targets, mods, strict=True):
            lo, hi = slices[t]
            b = (m.b.float().T * m.scale).to(device, dtype).contiguous()
            pieces.append(Piece(t, col, b, lo, hi))
            col += m.rank
        entry = Entry(a.to(device, dtype).T, tuple(pieces), projection_width(cfg, proj))
        form[(layer, proj)] = entry
    return form


def form_bytes(form: Form) -> int:
    return sum(e.nbytes for e in form.values())
