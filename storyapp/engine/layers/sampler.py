"""Token selection for all rows of a step at once: greedy, or temperature with top-k, top-p,
min-p, repetition penalty, a phrase's repeats and bad words barred. Each row draws its random number from
its own generator, so a seeded row writes the same text whatever else shares its batch."""

import torch

from ..sequence import Sequence

# top-p looks for its nucleus among the 256 most likely tokens first, then among 4096: sorting the
# whole vocabulary costs ~1-4 ms a row on CPU (49k tokens), as much as a whole decode step of the
# default model, and a flat distribution (a story row well into its text, an image prompt past
# its end) needs more than 256 candidates most steps. Candidates cover a row when they hold more
# than its top_p, or all of its mass (min_p may have left fewer tokens than that); rows these do
# not cover are sorted whole.
NUCLEUS_CANDIDATES = (256, 4096)


def sample(logits: torch.Tensor, seqs: list[Sequence]) -> list[int | None]:
    """One token per row; None for a row whose logits are not all finite (a broken adapter or
    input): that row fails alone, the others go on."""
    broken = _broken_rows(logits)
    plain = all(
        s.params.greedy
        and s.params.repetition_penalty == 1.0
        and s.phrases is None
        and not s.bad_ids
        for s in seqs
    )
    if not broken and plain:
        return logits.argmax(-1).tolist()
    logits = _bar_tokens(_penalize_repeats(logits, seqs), seqs)
    drawn = [i for i, s in enumerate(seqs) if not s.params.greedy and i not in broken]
    if len(drawn) == len(seqs):
        tokens = _draw(logits, seqs)
    else:
        tokens = logits.argmax(-1)
        if drawn:
            tokens[drawn] = _draw(logits[drawn], [seqs[i] for i in drawn])
    return [None if i in broken else t for i, t in enumerate(tokens.tolist())]


def _broken_rows(logits: torch.Tensor) -> set[int]:
    """The rows whose logits are not all finite. A row's sum is finite only when all its logits
    are (an inf or a nan carries into it), and one reduction is a fraction of the cost of a
    per-logit check, which then runs only when some sum is not finite."""
    if bool(torch.isfinite(logits.sum(-1)).all()):
        return set()
    finite = torch.isfinite(logits).all(-1)
    return set((~finite).nonzero().flatten().tolist())


def _penalize_repeats(logits: torch.Tensor, seqs: list[Sequence]) -> torch.Tensor:
    """Each penalized row's seen tokens made less likely (divided when positive, multiplied when
    negative), all rows in one gather and one scatter."""
    rows: list[int] = []
    cols: list[int] = []
    factors: list[float] = []
    for i, seq in enumerate(seqs):
        p = seq.params
        if p.repetition_penalty == 1.0:
            continue
        if p.repetition_window:
            seen = set(seq.output_ids[-p.repetition_window :])
        else:
            seen = set(seq.prompt_ids) | set(seq.output_ids)
        rows += [i] * len(seen)
        cols += seen
        factors += [p.repetition_penalty] * len(seen)
    if not rows:
        return logits
    device = logits.device
    r, c = torch.tensor(rows, device=device), torch.tensor(cols, device=device)
    factor = torch.tensor(factors, device=device, dtype=logits.dtype)
    picked = logits[r, c]
    logits = logits.clone()
    logits[r, c] = torch.where(picked > 0, picked / factor, picked * factor)
    return logits


def _bar_tokens(logits: torch.Tensor, seqs: list[Sequence]) -> torch.Tensor:
    """Each row's barred tokens (the first tokens of a phrase's repeat past its limit, its bad
    words) set to -inf, all rows in one scatter."""
    rows: list[int] = []
    cols: list[int] = []
    for i, seq in enumerate(seqs):
        barred = seq.bad_ids
        if seq.phrases is not None:
            barred = barred + seq.phrases.barred(seq.text.text)
        rows += [i] * len(barred)
        cols += barred
    if not rows:
        return logits
    logits = logits.clone()
    logits[torch.tensor(rows), torch.tensor(cols)] = float("-inf")
    return logits


def _draw(logits: torch.Tensor, seqs: list[Sequence]) -> torch.Tensor:
    """[n] tokens drawn from [n, V] logits, each row by its own temperature and filters."""
    device, dtype = logits.device, logits.dtype
    params = [s.params for s in seqs]
    logits = logits / torch.tensor([[p.temperature] for p in params], device=device, dtype=dtype)
    if any(p.top_k for p in params):
        logits = _top_k(logits, [p.top_k for p in params])
    probs = torch.softmax(logits, -1)
    if any(p.min_p for p in params):
        drop_below_min_p(probs, [p.min_p for p in params])
    uniform = torch.cat(
        [torch.rand(1, generator=s.generator, device=device, dtype=dtype) for s in seqs]
    )
    top_p = torch.tensor([p.top_p for p in params], device=device, dtype=dtype)
    nucleus = top_p < 1.0
    if bool(nucleus.all()):
        return nucleus_draw(probs, top_p, uniform)
    tokens = inverse_cdf(probs, uniform)
    if bool(nucleus.any()):
        tokens[nucleus] = nucleus_draw(probs[nucleus], top_p[nucleus], uniform[nucleus])
    return tokens


def drop_below_min_p(probs: torch.Tensor, min_ps: list[float]) -> None:
    """Each row's probabilities under its min_p times its largest set to 0, in place. A row at a
    time with a scalar threshold: a third of the time of one masked fill with a per-row one.
    F.threshold keeps what is above its threshold; what equals min_p x max stays, so the
    threshold is the float just below it."""
    floors = torch.tensor(min_ps, device=probs.device, dtype=probs.dtype) * probs.amax(-1)
    below = torch.nextafter(floors, torch.full_like(floors, float("-inf"))).tolist()
    for row, min_p, threshold in zip(probs, min_ps, below, strict=True):
        if min_p:
            torch.nn.functional.threshold(row, threshold, 0.0, inplace=True)


def _top_k(logits: torch.Tensor, ks: list[int]) -> torch.Tensor:
    """Below each row's k-th largest logit set to -inf (k = 0: the row kept whole)."""
    width = min(max(ks), logits.shape[-1])
    top = torch.topk(logits, width).values
    index = torch.tensor([[min(k, width) - 1] for k in ks], device=logits.device).clamp(min=0)
    kth = top.gather(1, index)
    kth[torch.tensor(ks, device=logits.device) == 0] = float("-inf")
    return logits.masked_fill(logits < kth, float("-inf"))


def nucleus_draw(probs: torch.Tensor, top_p: torch.Tensor, uniform: torch.Tensor) -> torch.Tensor:
    """[n] tokens, each row drawn from its smallest set of most likely tokens holding more than
    its top_p of the mass; `uniform` is each row's random number in [0, 1)."""
    tokens = torch.empty(probs.shape[0], dtype=torch.long, device=probs.device)
    left = torch.arange(probs.shape[0], device=probs.device)  # rows not drawn yet
    for width in (*NUCLEUS_CANDIDATES, probs.shape[-1]):
        rest = probs if len(left) == probs.shape[0] else probs[left]
        if width >= probs.shape[-1]:
            ranked, order = rest.sort(descending=True)
            covered = torch.ones_like(left, dtype=torch.bool)
        else:
            ranked, order = rest.topk(width)
            covered = (ranked.sum(-1) > top_p[left]) | (ranked[:, -1] == 0)
            if not bool(covered.any()):
                continue
            ranked, order = ranked[covered], order[covered]
        rows = left[covered]
        outside = ranked.cumsum(-1) - ranked > top_p[rows, None]
        picked = inverse_cdf(ranked.masked_fill(outside, 0), uniform[rows])
        tokens[rows] = order.gather(1, picked[:, None])[:, 0]
        left = left[~covered]
        if not len(left):
            break
    return tokens


def inverse_cdf(weights: torch.Tensor, uniform: torch.Tensor) -> torch.Tensor:
    """[n] indices, row i's the first whose running weight passes uniform[i] of its total: a
    draw in proportion to the weights (zero-weight entries are never picked)."""
    cdf = weights.cumsum(-1)
    target = uniform[:, None] * cdf[:, -1:]
    return torch.searchsorted(cdf, target, right=True)[:, 0].clamp(max=weights.shape[-1] - 1)
