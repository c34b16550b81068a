"""Markdown: `story.md`, with the picture (a picture book: every page's) in `story_files/`.

The picture's name comes from its content, so an export never overwrites a picture another
export (or the user) put there, and two exports to one name at once each refer to their own
picture: the text file, replaced last, always matches the picture it names."""

import contextlib
import hashlib
from pathlib import Path
from urllib.parse import quote

from storyapp.system.atomic import atomic_write, write_atomic

from ..errors import LibraryError
from ..images import MIME
from .document import Document


def _alt(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


def _text(text: str) -> str:
    # Keep the story's own *emphasis*, but no raw HTML: a viewer would run or hide it.
    return text.replace("<", "\\<")


def render(doc: Document, image_name: str | None, page_images: dict[int, str] | None = None) -> str:
    """The text; `image_name`: the picture's path beside it; a book's `page_images`: page
    number -> its picture's path."""
    parts = [f"# {_text(doc.title)}"]
    if doc.author:
        parts.append(f"*by {_text(doc.author)}*")
    if image_name and not doc.pages:
        parts.append(f"![{_alt(doc.image_alt)}]({quote(image_name)})")
    if doc.premise:
        parts.append(f"> {_text(doc.premise)}")
    if not doc.pages:
        parts.extend(_text(p) for p in doc.paragraphs)
    for page in doc.pages:
        name = (page_images or {}).get(page.number)
        if name:
            parts.append(f"![{_alt(page.image_alt)}]({quote(name)})")
        parts.extend(_text(p) for p in page.paragraphs)
    return "\n\n".join(parts) + "\n"


def files_folder(out: Path) -> Path:
    return out.with_name(f"{out.stem}_files")


def _place_picture(image: bytes, suffix: str, out: Path) -> tuple[Path, bool]:
    """(picture, written now): the picture in NAME_files under a name no other content has."""
    folder = files_folder(out)
    if folder.exists() and not folder.is_dir():
        raise LibraryError(f"cannot write {out}: {folder} is a file, not a folder")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise LibraryError(f"cannot write {out}: cannot create {folder}: {e.strerror or e}") from e
    digest = hashlib.sha256(image).hexdigest()[:16]
    for n in range(1, 100):
        picture = folder / f"picture-{digest}{'' if n == 1 else f'-{n}'}{suffix}"
        if not picture.exists():
            write_atomic(picture, image, error=LibraryError)
            return picture, True
        if picture.is_file() and picture.read_bytes() == image:
            return picture, False
    raise LibraryError(f"cannot write {out}: no free picture name in {folder}")


def write(doc: Document, out: Path) -> list[Path]:
    """Write `out` (and its picture); return the files written."""
    if out.is_dir():
        raise LibraryError(f"cannot write {out}: it is a folder")
    if out.suffix.lower() in MIME:
        raise LibraryError(f"cannot write Markdown to {out}: choose a name ending in .md")
    if not out.parent.is_dir():
        raise LibraryError(f"cannot write {out}: no folder {out.parent}")
    if doc.pages:
        return _write_book(doc, out)
    if doc.image is None:
        with atomic_write(out, error=LibraryError) as f:
            f.write(render(doc, None).encode())
        return [out]
    picture, fresh = _place_picture(doc.image, doc.image_suffix, out)
    try:
        with atomic_write(out, error=LibraryError) as text:
            text.write(render(doc, f"{picture.parent.name}/{picture.name}").encode())
    except BaseException:
        _take_back([picture] if fresh else [])
        raise
    return [out, picture]


def _take_back(fresh: list[Path]) -> None:
    """Remove the pictures this export wrote, and their folder if nothing else is in it."""
    for picture in fresh:
        picture.unlink(missing_ok=True)
    if fresh:
        with contextlib.suppress(OSError):
            fresh[0].parent.rmdir()


def _write_book(doc: Document, out: Path) -> list[Path]:
    """Every page's picture, then the text that names them; on failure, none of what this
    export wrote is left."""
    placed: dict[int, str] = {}
    pictures: list[Path] = []
    fresh: list[Path] = []
    try:
        for page in doc.pages:
            if page.image is None:
                continue
            picture, new = _place_picture(page.image, page.image_suffix, out)
            if new:
                fresh.append(picture)
            if picture not in pictures:
                pictures.append(picture)
            placed[page.number] = f"{picture.parent.name}/{picture.name}"
        with atomic_write(out, error=LibraryError) as text:
            text.write(render(doc, None, placed).encode())
    except BaseException:
        _take_back(fresh)
        raise
    return [out, *pictures]
