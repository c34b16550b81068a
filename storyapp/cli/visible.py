"""User and model text shown as text: control characters (escape sequences among them, which can
retitle, recolour or clear the terminal) and bidirectional overrides appear escaped, as \\x1b or
\\u202e, never acted on."""

from __future__ import annotations

import json
import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` with every control character escaped except those in `keep` (the line breaks and
    tabs of a block of text)."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def visible_json(data: Any) -> str:
    """JSON for scripts, readable in a terminal: non-ASCII text stays as it is, but the control
    characters JSON allows raw (DEL, C1 such as the one-byte CSI) are written as \\u escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE.sub(
        lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text
    )
