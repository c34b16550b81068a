"""Exporting one story version as Markdown, HTML, EPUB or PDF, never half-writing the target."""

from collections.abc import Callable
from pathlib import Path

from ..errors import LibraryError
from ..store import Library
from . import epub, html, markdown, pdf
from .document import Document, load

Writer = Callable[[Document, Path], list[Path] | None]
FORMATS: dict[str, Writer] = {
    "markdown": markdown.write,
    "md": markdown.write,
    "html": html.write,
    "epub": epub.write,
    "pdf": pdf.write,
}


def export_files(library: Library, version_id: int, fmt: str, out_path: str | Path) -> list[Path]:
    """Write version `version_id` as `fmt` ("markdown"/"md", "html", "epub", "pdf") to
    `out_path`; return the files written, `out_path` first. Markdown also writes the picture,
    into the folder NAME_files beside it."""
    writer = FORMATS.get(fmt.lower())
    if writer is None:
        raise LibraryError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_path).expanduser().absolute()
    return writer(load(library, version_id), out) or [out]


def export_version(library: Library, version_id: int, fmt: str, out_path: str | Path) -> Path:
    """As export_files, returning the main file's path."""
    return export_files(library, version_id, fmt, out_path)[0]
