"""One seed per run, spread over the rows and the image so each gets its own stream and a rerun
with the same seed gives the same outputs."""

from __future__ import annotations

import secrets

MAX_SEED = 2**63 - 1  # what the illustrator and the library accept
OFFSETS = {"premise": 0, "story": 1, "sd_prompt": 2, "image": 3}


def spread(seed: int | None) -> dict[str, int]:
    """{'seed': the run's seed, 'premise': ..., 'story': ..., 'sd_prompt': ..., 'image': ...};
    a random run seed when `seed` is None. ValueError for a seed out of range."""
    base = secrets.randbelow(2**31) if seed is None else seed
    top = MAX_SEED - max(OFFSETS.values())
    if isinstance(base, bool) or not isinstance(base, int) or not 0 <= base <= top:
        raise ValueError(f"seed must be an integer from 0 to {top}, got {seed!r}")
    return {"seed": base, **{k: base + off for k, off in OFFSETS.items()}}
