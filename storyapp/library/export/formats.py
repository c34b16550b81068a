"""The export formats, declared once: what each is called, its file suffixes, and its writer.
The command line and the desktop app's Export menu both list them from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import epub, html, markdown, pdf
from .document import Document

Writer = Callable[[Document, Path], list[Path] | None]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # what --format takes and what the command line reports
    title: str  # the format's own name: "Markdown", "HTML"
    kind: str  # what the file is to a reader, for file dialogs: "Web page"
    suffixes: tuple[str, ...]  # the first is given to new files
    write: Writer
    aliases: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


ALL = (
    ExportFormat("md", "Markdown", "Markdown", (".md", ".markdown"), markdown.write, ("markdown",)),
    ExportFormat("html", "HTML", "Web page", (".html", ".htm"), html.write),
    ExportFormat("epub", "EPUB", "E-book", (".epub",), epub.write),
    ExportFormat("pdf", "PDF", "PDF", (".pdf",), pdf.write),
)
FORMATS: dict[str, ExportFormat] = {n: f for f in ALL for n in (*f.aliases, f.name)}


def named(name: str) -> ExportFormat | None:
    """The format called `name` (any case), or None."""
    return FORMATS.get(name.lower())


def for_suffix(path: Path) -> ExportFormat | None:
    """The format `path`'s extension names, or None."""
    return next((f for f in ALL if path.suffix.lower() in f.suffixes), None)


def names_in_words() -> str:
    """'md, html, epub or pdf': the names, for messages."""
    names = [f.name for f in ALL]
    return f"{', '.join(names[:-1])} or {names[-1]}"
