"""Exporting one story version as Markdown, HTML, EPUB or PDF, never half-writing the target."""

from pathlib import Path

from ..errors import LibraryError
from ..store import Library
from .document import load
from .formats import ALL, FORMATS, ExportFormat, Writer, for_suffix, named, names_in_words

__all__ = [
    "ALL",
    "FORMATS",
    "ExportFormat",
    "Writer",
    "export_files",
    "export_version",
    "for_suffix",
    "named",
    "names_in_words",
]


def export_files(
    library: Library,
    version_id: int,
    fmt: str,
    out_path: str | Path,
    *,
    premise: bool = False,
    author: str = "",
) -> list[Path]:
    """Write version `version_id` as `fmt` ("markdown"/"md", "html", "epub", "pdf") to
    `out_path`; return the files written, `out_path` first. Markdown also writes the picture,
    into the folder NAME_files beside it. `premise`: the premise before the story; `author`:
    a byline under the title (and the book's author in EPUB and PDF)."""
    found = named(fmt)
    if found is None:
        raise LibraryError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_path).expanduser().absolute()
    doc = load(library, version_id, premise, author)
    return found.write(doc, out) or [out]


def export_version(
    library: Library,
    version_id: int,
    fmt: str,
    out_path: str | Path,
    *,
    premise: bool = False,
    author: str = "",
) -> Path:
    """As export_files, returning the main file's path."""
    return export_files(library, version_id, fmt, out_path, premise=premise, author=author)[0]
