"""Deriving a story's title from its first line."""

import re

UNTITLED = "Untitled story"
_PREFIX = re.compile(r"^(#+\s*|title\s*:\s*)", re.IGNORECASE)
_WRAP = "*_\"'“”‘’ "
_MAX_TITLE_WORDS = 12


def _first_line(text: str) -> tuple[str, int]:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip():
            return line.strip(), i
    return "", len(lines)


def _clean(line: str) -> str:
    return _PREFIX.sub("", line).strip(_WRAP).strip()


def _looks_like_title(line: str) -> bool:
    if _PREFIX.match(line) or (line[:1] in "*_" and line[-1:] in "*_"):
        return True
    return len(line.split()) <= _MAX_TITLE_WORDS and line[-1:] not in ".!?,;:"


def split_title(text: str) -> tuple[str, str]:
    """(title, body). A heading-like first line becomes the title and leaves the body;
    otherwise the title is the first words of the text and the body is all of it."""
    line, index = _first_line(text)
    if not line:
        return "", ""
    if _looks_like_title(line) and _clean(line):
        body = "\n".join(text.splitlines()[index + 1 :]).strip()
        return _clean(line), body
    words = _clean(line).split()
    title = " ".join(words[:8]).rstrip(".,;:!?")
    return (title + "…" if len(words) > 8 else title), text.strip()


def title_from_text(text: str) -> str:
    """The title a story text implies; empty when the text is empty."""
    return split_title(text)[0]
