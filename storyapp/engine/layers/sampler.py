"""Token selection per row: greedy, or temperature with top-k, top-p, min-p and repetition penalty."""

import torch

from ..sequence import Sequence


def sample(logits: torch.Tensor, seqs: list[Sequence]) -> list[int]:
    if all(s.params.greedy and s.params.repetition_penalty == 1.0 for s in seqs):
        return logits.argmax(-1).tolist()
    return [_one(logits[i], s) for i, s in enumerate(seqs)]


def _one(logits: torch.Tensor, seq: Sequence) -> int:
    p = seq.params
    if p.repetition_penalty != 1.0:
        seen = torch.tensor(sorted(set(seq.prompt_ids) | set(seq.output_ids)))
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
        sorted_p, order = probs.sort(descending=True)
        outside = sorted_p.cumsum(-1) - sorted_p > p.top_p
        probs = probs.scatter(0, order, sorted_p.masked_fill(outside, 0))
    return int(torch.multinomial(probs, 1, generator=seq.generator))
