"""Read a folder's JSON description file, with errors that name the file."""

import json
from pathlib import Path

MAX_JSON_BYTES = 1 << 20  # description files are a few kB; a huge one is not what it says it is


def read_json(
    folder: Path, name: str, error: type[Exception], kind: str, max_bytes: int = MAX_JSON_BYTES
) -> tuple[Path, dict]:
    path = folder / name
    if not path.is_file():
        raise error(f"{folder}: not {kind} ({name} missing)")
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise error(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(raw) > max_bytes:
        raise error(f"{path}: over {max_bytes} bytes, too large for {name}")
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise error(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a JSON object")
    return path, data
