"""Illustration files beside the database: naming and type sniffing."""

import uuid

from .errors import LibraryError
from .schema import IMAGES_DIR

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MAGIC = {PNG_MAGIC: ".png", b"\xff\xd8\xff": ".jpg"}
MIME = {".png": "image/png", ".jpg": "image/jpeg"}


def image_suffix(data: bytes) -> str:
    for magic, suffix in _MAGIC.items():
        if data.startswith(magic):
            return suffix
    raise LibraryError("illustration is neither PNG nor JPEG data")


def new_image_path(story_id: int, data: bytes) -> str:
    """A fresh relative path; random, so no save ever overwrites another version's image."""
    return f"{IMAGES_DIR}/s{story_id}-{uuid.uuid4().hex}{image_suffix(data)}"
