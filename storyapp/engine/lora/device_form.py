"""An adapter laid out for the engine's fused projections, on the compute device.

For each (layer, projection): A [in, r] with the sub-targets' A side by side, and B [r, out] with
each sub-target's B (scale folded in) in the rows of its rank and the columns of its output slice.
"""

import torch

from ..config import ModelConfig
from .adapter import TARGETS, LoraAdapter, output_slices


def projection_width(cfg: ModelConfig, proj: str) -> int:
    widths = {
        "qkv": cfg.q_size + 2 * cfg.kv_size,
        "o": cfg.hidden_size,
        "gate_up": 2 * cfg.intermediate_size,
        "down": cfg.hidden_size,
    }
    return widths[proj]


Form = dict[tuple[int, str], tuple[torch.Tensor, torch.Tensor]]


def device_form(adapter: LoraAdapter, cfg: ModelConfig, device, dtype) -> Form:
    slices = output_slices(cfg)
    grouped: dict[tuple[int, str], list[str]] = {}
    for layer, target in adapter.modules:
        grouped.setdefault((layer, TARGETS[target][0]), []).append(target)
    form: Form = {}
    for (layer, proj), targets in grouped.items():
        targets.sort(key=lambda t: TARGETS[t][1])
        mods = [adapter.modules[(layer, t)] for t in targets]
        out = projection_width(cfg, proj)
        a = torch.cat([m.a.float().T for m in mods], 1)
        b = torch.zeros(a.shape[1], out)
        row = 0
        for t, m in zip(targets, mods, strict=True):
            lo, hi = slices[t]
            b[row : row + m.rank, lo:hi] = m.b.float().T * m.scale
            row += m.rank
        form[(layer, proj)] = (a.to(device, dtype), b.to(device, dtype))
    return form
