"""Two texts side by side with the words that differ marked: what the compare view shows."""

from __future__ import annotations

import difflib
import html
import re

MARK = "background-color: rgba(255, 200, 0, 0.45);"
_WORDS = re.compile(r"\S+|\s+")


def marked_pair(a: str, b: str) -> tuple[str, str, int]:
    """(HTML of a, HTML of b, how many words differ): each text with the words not in the
    other marked, paragraphs kept."""
    wa, wb = _WORDS.findall(a), _WORDS.findall(b)
    out_a: list[str] = []
    out_b: list[str] = []
    changed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            out_a += [_plain(w) for w in wa[i1:i2]]
            out_b += [_plain(w) for w in wb[j1:j2]]
            continue
        changed += sum(1 for w in wa[i1:i2] + wb[j1:j2] if w.strip())
        out_a += [_marked(w) for w in wa[i1:i2]]
        out_b += [_marked(w) for w in wb[j1:j2]]
    return "".join(out_a), "".join(out_b), changed


def _plain(word: str) -> str:
    return html.escape(word).replace("\n", "<br>")


def _marked(word: str) -> str:
    if not word.strip():
        return _plain(word)
    return f'<span style="{MARK}">{html.escape(word)}</span>'
