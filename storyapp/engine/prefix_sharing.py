"""Rows of one prefill that begin with the same tokens and run the same adapter share the work
of that beginning: it is computed once, in one row, and its keys and values copied to the others.

A picture book's scene prompts are this case: six rows of one adapter, each the same system line,
cast sheet and instruction, then its own scene. Rows of different adapters never share: an
adapter changes every layer's keys and values after the first.
"""

from dataclasses import dataclass

# below this many shared tokens the extra forward pass costs more than the prefill it saves
MIN_SHARED_TOKENS = 32


@dataclass(frozen=True, slots=True)
class SharedPrefix:
    rows: tuple[int, ...]  # indices into the batch; the first one computes the prefix
    length: int  # tokens every row in `rows` begins with; each row has at least one more


def shared_prefixes(
    prompts: list[list[int]], adapters: list[str | None], min_tokens: int = MIN_SHARED_TOKENS
) -> list[SharedPrefix]:
    """Groups of two or more rows with the same adapter and a common beginning of at least
    `min_tokens` tokens. Rows sorted by adapter and tokens put those with long common
    beginnings next to each other; a group runs while its common length stays long enough."""
    order = sorted(range(len(prompts)), key=lambda i: (adapters[i] or "", prompts[i]))
    groups: list[SharedPrefix] = []
    rows: list[int] = []
    length = 0
    for i in order:
        if rows and adapters[i] == adapters[rows[0]]:
            common = min(length, _common_length(prompts[rows[0]], prompts[i]))
            if common >= min_tokens:
                rows.append(i)
                length = common
                continue
        _close(groups, rows, length)
        rows, length = [i], len(prompts[i]) - 1  # the last token is always the row's own
    _close(groups, rows, length)
    return groups


def _close(groups: list[SharedPrefix], rows: list[int], length: int) -> None:
    if len(rows) >= 2:
        groups.append(SharedPrefix(tuple(rows), length))


def _common_length(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b)) - 1  # leave each row at least one token to prefill itself
    for i in range(n):
        if a[i] != b[i]:
            return i
    return max(n, 0)
