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


REWRITE_STEP = 7919  # a prime: a rewrite's seed lands far from the run's other rows


def rewrite_seed(seed: int) -> int:
    """The seed of a row written once more (a story that lost the premise's cast): derived from
    the row's own seed, so a run's seed still gives one text."""
    return (seed + REWRITE_STEP) % (MAX_SEED + 1)


# A picture book: its text rows take the run's seed as a story does (premise, scenes as 'story',
# the cast sheet as 'sd_prompt'); page i's scene prompt and picture each have a seed of their
# own, so a page rerolled (a new seed for that page) leaves every other page's as it was.
PAGE_PROMPT_BASE = 100
PAGE_IMAGE_BASE = 1000
PAGE_LIMIT = 100  # far above book.MAX_PAGES; keeps the two ranges apart


def page_prompt_seed(seed: int, i: int) -> int:
    """The seed of page `i`'s (0-based) scene-prompt row in a book seeded `seed`."""
    return _page(seed, PAGE_PROMPT_BASE, i)


def page_image_seed(seed: int, i: int) -> int:
    """The seed of page `i`'s (0-based) picture in a book seeded `seed`."""
    return _page(seed, PAGE_IMAGE_BASE, i)


def fresh_seed() -> int:
    """A random picture seed, for a reroll."""
    return secrets.randbelow(2**31)


def _page(seed: int, base: int, i: int) -> int:
    if not 0 <= i < PAGE_LIMIT:
        raise ValueError(f"page index must be from 0 to {PAGE_LIMIT - 1}, got {i}")
    spread(seed)  # the run's seed checked as for a story
    return (seed + base + i) % (MAX_SEED + 1)
