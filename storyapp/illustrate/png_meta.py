"""PNG files whose text chunks record how the image was made, written atomically."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from storyapp.system.atomic import write_atomic

from .errors import IllustratorError

JSON_KEY = "storyapp"
FORMAT = 1
_TYPES: dict[str, type] = {
    "seed": int,
    "steps": int,
    "width": int,
    "height": int,
    "guidance": float,
}
KEYS = (
    "prompt",
    "negative_prompt",
    "seed",
    "steps",
    "guidance",
    "width",
    "height",
    "scheduler",
    "model",
    "mode",
    "style",
    "lora",
)


def png_bytes(image: Image.Image, meta: Mapping[str, Any]) -> bytes:
    """`image` as PNG with one text chunk per field of `meta` and one JSON chunk holding all of
    them: the bytes write_png writes."""
    info = PngImagePlugin.PngInfo()
    for key, value in meta.items():
        info.add_text(key, "" if value is None else str(value))  # iTXt when not Latin-1
    info.add_text(JSON_KEY, json.dumps({"format": FORMAT, **meta}, sort_keys=True))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def write_png(path: str | Path, image: Image.Image, meta: Mapping[str, Any]) -> Path:
    """Write png_bytes(image, meta) to `path`. A reader sees the old file or the new one, never
    half of either."""
    path = Path(path)
    write_atomic(path, png_bytes(image, meta))
    return path


def read_png_meta(path: str | Path) -> dict[str, Any]:
    """The metadata written by write_png; for other PNGs, whichever known fields their text
    chunks carry (possibly none)."""
    try:
        with Image.open(path) as im:
            text = dict(getattr(im, "text", {}))
    except FileNotFoundError:
        raise IllustratorError(f"image not found: {path}") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise IllustratorError(f"not a readable image: {path} ({e})") from None
    if JSON_KEY in text:
        try:
            meta = json.loads(text[JSON_KEY])
        except json.JSONDecodeError as e:
            raise IllustratorError(f"corrupt {JSON_KEY} metadata in {path}: {e}") from None
        meta.pop("format", None)
        return meta
    found: dict[str, Any] = {}
    for key in KEYS:
        if key in text:
            try:
                found[key] = _TYPES.get(key, str)(text[key])
            except ValueError:
                continue
    return found
