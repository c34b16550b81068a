"""File names made from what users type (a story's title), valid on every OS: Windows forbids
<>:"/\\|?* and control characters, names ending in a dot or a space, and its device names (CON,
NUL, COM1...) even with an extension."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 60  # leaves room under Windows' 260-character paths for the folder in front
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "123456789"}


def file_name(title: str, suffix: str = "", fallback: str = "story") -> str:
    """`title` as a file name with `suffix` (".pdf"): letters of any script, digits, '-' and
    '_' kept, spaces made '-', everything else dropped."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", title))
    stem = re.sub(r"[^\w\- ]+", "", text).strip()
    stem = re.sub(r"\s+", "-", stem)[:MAX_STEM].strip("-. ") or fallback
    if stem.upper() in _DEVICES:
        stem += "_"
    return stem + suffix
