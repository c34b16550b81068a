"""Exporting one story version as Markdown, HTML, EPUB or PDF, never half-writing the target."""

from collections.abc import Callable
from pathlib import Path

from ..errors import LibraryError
from ..store import Library
from . import epub, html, markdown, pdf
from .document import Document, load

Writer = Callable[[Document, Path], None]
FORMATS: dict[str, Writer] = {
    "markdown": markdown.write,
    "md": markdown.write,
    "html": html.write,
    "epub": epub.write,
    "pdf": pdf.write,
}


def export_version(library: Library, version_id: int, fmt: str, out_path: str | Path) -> Path:
    """Write version `version_id` as `fmt` ("markdown"/"md", "html", "epub", "pdf") to
    `out_path` and return that path. Markdown also writes the picture beside it."""
    writer = FORMATS.get(fmt.lower())
    if writer is None:
        raise LibraryError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_path).expanduser().absolute()
    writer(load(library, version_id), out)
    return out
