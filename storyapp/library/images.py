"""Illustration files beside the database: naming, type sniffing, orphan cleanup."""

import time
import uuid
from pathlib import Path

from .atomic import TEMP_SUFFIX
from .errors import LibraryError
from .schema import IMAGES_DIR

_MAGIC = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
MIME = {".png": "image/png", ".jpg": "image/jpeg"}


def image_suffix(data: bytes) -> str:
    for magic, suffix in _MAGIC.items():
        if data.startswith(magic):
            return suffix
    raise LibraryError("illustration is neither PNG nor JPEG data")


def new_image_path(story_id: int, data: bytes) -> str:
    """A fresh relative path; random, so no save ever overwrites another version's image."""
    return f"{IMAGES_DIR}/s{story_id}-{uuid.uuid4().hex}{image_suffix(data)}"


def orphans(root: Path, referenced: set[str], older_than_s: float) -> list[Path]:
    """Image and temp files no row refers to, last modified more than `older_than_s` ago.

    The age guard spares a file another process has just written and not yet committed."""
    cutoff = time.time() - older_than_s
    found = []
    for path in (root / IMAGES_DIR).iterdir():
        rel = f"{IMAGES_DIR}/{path.name}"
        is_ours = path.suffix in MIME or path.name.endswith(TEMP_SUFFIX)
        if path.is_file() and is_ours and rel not in referenced and path.stat().st_mtime < cutoff:
            found.append(path)
    return found
