"""Read a folder's JSON description file, with errors that name the file."""

import json
from pathlib import Path


def read_json(folder: Path, name: str, error: type[Exception], kind: str) -> tuple[Path, dict]:
    path = folder / name
    if not path.is_file():
        raise error(f"{folder}: not {kind} ({name} missing)")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise error(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a JSON object")
    return path, data
