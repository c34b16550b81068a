"""A picture book's folder: book.json (pages, cast, prompts, seeds), page-01.png ...,
premise.md, story.md and run.json, all appearing at once (system.atomic.publish)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyapp.system import atomic

from .book import Book
from .book_text import story_markdown
from .output_dir import OutputError
from .run_record import recorded_adapter_paths
from .settings import Settings

FORMAT = 1
TEXT_FILES = ("book.json", "premise.md", "story.md", "run.json")
PAGE_FILE = re.compile(r"page-\d\d\.png")
# the rows each text call of a book writes, in the order they run
TEXT_CALLS = (
    ("premise", "premise"),
    ("story", "scenes and cast sheet"),
    ("prompts", "scene prompts"),
)


def page_file(i: int) -> str:
    """The picture file of page `i` (0-based): page-01.png for the first."""
    return f"page-{i + 1:02d}.png"


def files_for_book(book: Book) -> list[str]:
    pictures = [page_file(i) for i, p in enumerate(book.pages) if p.image is not None]
    return ["book.json", *pictures, "premise.md", "story.md", "run.json"]


def book_json(book: Book) -> dict[str, Any]:
    """The book as book.json holds it: every page's text, prompt, seed and picture file."""
    return {
        "format": FORMAT,
        "title": book.title,
        "idea": book.idea,
        "premise": book.premise,
        "style": book.style,
        "seed": book.seed,
        "cast": [{"name": c.name, "look": c.look} for c in book.cast],
        "pages": [
            {
                "page": i + 1,
                "text": p.text,
                "prompt": p.prompt,
                "seed": p.seed,
                "image": page_file(i) if p.image is not None else None,
                "stale": p.stale,
            }
            for i, p in enumerate(book.pages)
        ],
    }


def book_record(
    book: Book,
    settings: Settings,
    backend: str,
    model: str,
    files: list[str],
    version_id: int | None = None,
) -> dict[str, Any]:
    """run.json for a book: as a story's, with the seeds per page and `text_calls`, one entry
    per backend call in the order they ran, each with its rows (the premise, then the scenes and
    cast sheet in one call, then every page's scene prompt in one call)."""
    pictures = [p.image for p in book.pages if p.image is not None]
    calls = [
        {
            "stage": stage,
            "what": what,
            "rows": list(book.stages[stage].rows),
            "seconds": round(book.stages[stage].seconds, 3),
        }
        for stage, what in TEXT_CALLS
        if stage in book.stages
    ]
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "kind": "book",
        "idea": book.idea,
        "pages": len(book.pages),
        "seeds": {"seed": book.seed, "pages": [p.seed for p in book.pages]},
        "settings": settings.as_dict(),
        "backend": backend,
        "model": model,
        "adapters": book.adapters,
        "adapter_paths": recorded_adapter_paths(settings),
        "image_model": pictures[0].model if pictures else None,
        "images": [p.image.metadata() if p.image else None for p in book.pages],
        "text_calls": calls,
        "stages": {name: stats.as_dict() for name, stats in book.stages.items()},
        "notices": list(book.notices),
        "files": files,
        "version_id": version_id,
    }


def check_book_out_dir(out: Path) -> None:
    """Raises OutputError unless `out` can take a book: new, empty, or a previous book's files
    only (replaced as a whole)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir():
        names = {p.name for p in out.iterdir()}
        ours = {n for n in names if n in TEXT_FILES or PAGE_FILE.fullmatch(n)}
        if names and not ("book.json" in names and names == ours):
            raise OutputError(f"{out} already holds other files; give --out a new or empty folder")


def publish_book(out: Path, book: Book, record: dict[str, Any]) -> Path:
    """The book's files into `out`, all at once; a previous book there is replaced whole, and
    if writing fails `out` is left as it was."""
    check_book_out_dir(out)
    return atomic.publish(out, lambda folder: write_book_files(folder, book, record))


def write_book_files(folder: Path, book: Book, record: dict[str, Any]) -> None:
    _text(folder / "book.json", json.dumps(book_json(book), indent=2, ensure_ascii=False))
    for i, page in enumerate(book.pages):
        if page.image is not None:
            page.image.save(folder / page_file(i))
    _text(folder / "premise.md", book.premise)
    _text(folder / "story.md", story_markdown(book.title, [p.text for p in book.pages]))
    write_book_record(folder, record)


def write_book_record(folder: Path, record: dict[str, Any]) -> None:
    _text(folder / "run.json", json.dumps(record, indent=2, ensure_ascii=False))


def _text(path: Path, text: str) -> None:
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
