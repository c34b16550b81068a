"""Model output tidied into what the next stage and the files expect."""

from __future__ import annotations

import re

from .prompts import MAX_IMAGE_WORDS

_LABEL = re.compile(r"^\s*(\**\s*)?(image\s+)?prompt\s*:\s*(\**\s*)?", re.IGNORECASE)
_QUOTES = "\"'“”‘’`* "


def clean_text(text: str) -> str:
    """Trailing spaces per line and runs of blank lines removed; ends without a newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def clean_sd_prompt(text: str, max_words: int = MAX_IMAGE_WORDS) -> str:
    """The first non-empty line, without a 'Prompt:' label or quotes, cut to `max_words` at the
    last phrase (comma) boundary that fits, never inside a word."""
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    line = _LABEL.sub("", line).strip(_QUOTES)
    words = line.split()
    if len(words) <= max_words:
        return line.rstrip(",; ")
    cut = " ".join(words[:max_words])
    head, comma, _ = cut.rpartition(",")
    return (head if comma and head.strip() else cut).rstrip(",; ")


def trim_unfinished(text: str) -> str:
    """`text` cut after its last finished sentence, for output that ran into max_tokens; as it
    was when no sentence ends in it."""
    ends = [m.end() for m in re.finditer(r"[.!?…][\"'”’)]*(?=\s|$)", text)]
    return text[: ends[-1]] if ends else text
