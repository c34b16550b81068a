"""Fit a prompt into CLIP's window (77 tokens with BOS and EOS) without cutting a word.

The pipeline itself would silently truncate at 77 tokens, mid-word and mid-phrase. Here whole
trailing comma phrases are dropped instead, and only a first phrase that is too long on its own is
cut, at a word boundary. What was dropped is returned so a caller can show it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Tokenizer(Protocol):
    model_max_length: int

    def tokenize(self, text: str) -> list[str]: ...


@dataclass(slots=True, frozen=True)
class FittedPrompt:
    text: str
    dropped: tuple[str, ...]
    tokens: int  # without BOS/EOS, by the tokenizer that counts most


def fit_prompt(
    prompt: str, tokenizers: Sequence[Tokenizer], max_tokens: int | None = None
) -> FittedPrompt:
    """`tokenizers`: every tokenizer the prompt goes through (SDXL has two); it must fit all.
    `max_tokens` defaults to the smallest model_max_length less BOS and EOS (75 for CLIP)."""
    if not tokenizers:
        raise ValueError("fit_prompt needs at least one tokenizer")
    limit = (
        max_tokens if max_tokens is not None else min(t.model_max_length for t in tokenizers) - 2
    )

    def count(text: str) -> int:
        return max(len(t.tokenize(text)) for t in tokenizers)

    tokens = count(prompt)
    if tokens <= limit:
        return FittedPrompt(prompt, (), tokens)
    phrases = [p for p in (" ".join(part.split()) for part in prompt.split(",")) if p]
    kept: list[str] = []
    dropped: list[str] = []
    for i, phrase in enumerate(phrases):
        if count(", ".join([*kept, phrase])) <= limit:
            kept.append(phrase)
            continue
        if kept:
            dropped = phrases[i:]
        else:
            head, tail = _cut_words(phrase, limit, count)
            kept = [head] if head else []
            dropped = [tail, *phrases[i + 1 :]]
        break
    text = ", ".join(kept)
    return FittedPrompt(text, tuple(dropped), count(text))


def _cut_words(phrase: str, limit: int, count: Callable[[str], int]) -> tuple[str, str]:
    """The longest run of leading words that fits, and the rest. A single word longer than the
    whole window is dropped rather than cut."""
    words = phrase.split(" ")
    n = bisect.bisect_right(
        range(1, len(words) + 1), limit, key=lambda k: count(" ".join(words[:k]))
    )
    return " ".join(words[:n]), " ".join(words[n:])
