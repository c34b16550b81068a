"""What every export format shows: a title, the picture and the paragraphs of one version."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import LibraryError
from ..images import MIME
from ..store import Library
from ..titles import UNTITLED, split_title

# Characters XML 1.0 forbids (C0 controls but tab and newline): a model could emit them.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True, frozen=True)
class DocPage:
    """One page of a picture book: its picture (if painted) and its paragraphs."""

    number: int  # from 1
    paragraphs: tuple[str, ...]
    image: bytes | None
    image_suffix: str
    image_alt: str

    @property
    def image_mime(self) -> str:
        return MIME[self.image_suffix]


@dataclass(slots=True, frozen=True)
class Document:
    title: str
    paragraphs: tuple[str, ...]
    image: bytes | None
    image_suffix: str
    image_alt: str
    language: str
    identifier: str
    created_at: datetime
    author: str = ""  # the byline, when the user gave one
    premise: str = ""  # shown before the story, when the user asked for it
    # A picture book's pages, each with its picture; empty for a one-picture story. For a book,
    # `image` is page 1's picture (the cover) and `paragraphs` every page's, in order.
    pages: tuple[DocPage, ...] = ()

    @property
    def image_mime(self) -> str:
        return MIME[self.image_suffix]


def clean(text: str) -> str:
    return _BAD_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(body: str) -> tuple[str, ...]:
    """Each non-blank line is a paragraph: model output separates paragraphs, never wraps."""
    return tuple(line.strip() for line in body.splitlines() if line.strip())


def load(library: Library, version_id: int, premise: bool = False, author: str = "") -> Document:
    """The version as a Document; `premise`: with the premise before the story; `author`: a
    byline under the title."""
    version = library.get_version(version_id)
    assert version.created_at is not None  # a saved version has its time (a NOT NULL column)
    title, body = split_title(clean(version.story_text))
    if not title:
        title = clean(library.get_story(version.story_id).title) or UNTITLED
    image_file = library.image_file(version)
    image = _read(image_file, f"the picture of version {version_id}")
    pages = tuple(
        DocPage(
            number=n,
            paragraphs=paragraphs(clean(page.text)),
            image=_read(
                library.root / page.image_path if page.image_path else None,
                f"the picture of page {n} of version {version_id}",
            ),
            image_suffix=Path(page.image_path).suffix if page.image_path else "",
            image_alt=clean(page.image_prompt) or f"{title}, page {n}",
        )
        for n, page in enumerate(version.pages, 1)
    )
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"storyapp:version:{version.id}:{version.created_at}")
    return Document(
        title=title,
        paragraphs=paragraphs(body),
        image=image,
        image_suffix=image_file.suffix if image_file else "",
        image_alt=clean(version.image_prompt) or title,
        language=str(version.settings.get("language") or "en"),
        identifier=f"urn:uuid:{ident}",
        created_at=version.created_at,
        author=clean(author).strip(),
        premise=clean(version.premise).strip() if premise else "",
        pages=pages,
    )


def _read(path: Path | None, what: str) -> bytes | None:
    try:
        return path.read_bytes() if path else None
    except OSError as e:
        raise LibraryError(f"cannot read {what}: {path}: {e.strerror or e}") from e
