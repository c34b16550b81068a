"""Chat-format JSONL: one {"messages": [{"role": ..., "content": ...}, ...]} per line.

Every problem names the file, the line and the field, so a bad example is found in seconds."""

import json
from pathlib import Path

from .errors import TrainingError

ROLES = ("system", "user", "assistant")

Conversation = list[dict[str, str]]


def load(path: str | Path) -> list[Conversation]:
    p = Path(path).expanduser()
    if not p.is_file():
        raise TrainingError(f"{p}: no such data file")
    out = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                out.append(_conversation(line, f"{p}:{n}"))
    if not out:
        raise TrainingError(f"{p}: no examples (expected one JSON object per line)")
    return out


def _conversation(line: str, where: str) -> Conversation:
    try:
        row = json.loads(line)
    except ValueError as e:
        raise TrainingError(f"{where}: not valid JSON ({e})") from None
    if not isinstance(row, dict) or not isinstance(row.get("messages"), list):
        raise TrainingError(f"{where}: field 'messages' is missing or not a list")
    msgs = row["messages"]
    for i, m in enumerate(msgs):
        field = f"messages[{i}]"
        if not isinstance(m, dict):
            raise TrainingError(f"{where}: field '{field}' is not an object")
        if m.get("role") not in ROLES:
            raise TrainingError(
                f"{where}: field '{field}.role' is {m.get('role')!r}, not one of {ROLES}"
            )
        if not isinstance(m.get("content"), str) or not m["content"].strip():
            raise TrainingError(f"{where}: field '{field}.content' is missing or empty")
    if not any(m["role"] == "assistant" for m in msgs):
        raise TrainingError(f"{where}: field 'messages' has no assistant turn to learn from")
    return [{"role": m["role"], "content": m["content"]} for m in msgs]
