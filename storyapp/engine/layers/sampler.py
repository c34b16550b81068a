"""Token selection per row: greedy, or temperature with top-k, top-p, min-p and repetition penalty."""

import torch

from ..sequence import Sequence

# top-p looks for its nucleus among this many most likely tokens first: sorting the whole
# vocabulary and drawing from it cost milliseconds per token on CPU, more than a decode step's
# LoRA work. When these candidates hold less than top_p of the mass, the full sort runs.
NUCLEUS_CANDIDATES = 256


def sample(logits: torch.Tensor, seqs: list[Sequence]) -> list[int | None]:
    """One token per row; None for a row whose logits are not all finite (a broken adapter or
    input): that row fails alone, the others go on."""
    finite = torch.isfinite(logits).all(-1)
    broken = set() if bool(finite.all()) else set((~finite).nonzero().flatten().tolist())
    if not broken and all(s.params.greedy and s.params.repetition_penalty == 1.0 for s in seqs):
        return logits.argmax(-1).tolist()
    return [None if i in broken else _one(logits[i], s) for i, s in enumerate(seqs)]


def _one(logits: torch.Tensor, seq: Sequence) -> int:
    p = seq.params
    if p.repetition_penalty != 1.0:
        if p.repetition_window:
            recent = set(seq.output_ids[-p.repetition_window :])
        else:
            recent = set(seq.prompt_ids) | set(seq.output_ids)
        seen = torch.tensor(sorted(recent), device=logits.device, dtype=torch.long)
        picked = logits[seen]
        logits = logits.clone()
        logits[seen] = torch.where(
            picked > 0, picked / p.repetition_penalty, picked * p.repetition_penalty
        )
    if p.greedy:
        return int(logits.argmax())
    logits = logits / p.temperature
    if p.top_k:
        kth = torch.topk(logits, min(p.top_k, logits.numel())).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, -1)
    if p.min_p:
        probs = probs.masked_fill(probs < p.min_p * probs.max(), 0)
    if p.top_p < 1.0:
        return _nucleus(probs, p.top_p, seq.generator)
    return int(torch.multinomial(probs, 1, generator=seq.generator))


def _nucleus(probs: torch.Tensor, top_p: float, generator: torch.Generator | None) -> int:
    """Draw from the smallest set of most likely tokens holding more than top_p of the mass."""
    top, order = probs.topk(min(NUCLEUS_CANDIDATES, probs.numel()))
    if top.numel() < probs.numel() and float(top.sum()) <= top_p:
        top, order = probs.sort(descending=True)
    outside = top.cumsum(-1) - top > top_p
    return int(order[torch.multinomial(top.masked_fill(outside, 0), 1, generator=generator)])
