"""Markdown: `story.md` with the picture copied beside it as `story.png`."""

from pathlib import Path
from urllib.parse import quote

from ..atomic import atomic_write
from ..errors import LibraryError
from .document import Document


def _alt(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


def _text(text: str) -> str:
    # Keep the story's own *emphasis*, but no raw HTML: a viewer would run or hide it.
    return text.replace("<", "\\<")


def render(doc: Document, image_name: str | None) -> str:
    parts = [f"# {_text(doc.title)}"]
    if image_name:
        parts.append(f"![{_alt(doc.image_alt)}]({quote(image_name)})")
    parts.extend(_text(p) for p in doc.paragraphs)
    return "\n\n".join(parts) + "\n"


def write(doc: Document, out: Path) -> None:
    if doc.image is None:
        with atomic_write(out) as f:
            f.write(render(doc, None).encode())
        return
    picture = out.with_suffix(doc.image_suffix)
    if picture == out:
        raise LibraryError(f"cannot write Markdown to {out}: choose a name ending in .md")
    # Both temp files are complete before either is put in place; the picture goes first.
    with atomic_write(out) as text, atomic_write(picture) as image:
        text.write(render(doc, picture.name).encode())
        image.write(doc.image)
