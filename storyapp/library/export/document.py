"""What every export format shows: a title, the picture and the paragraphs of one version."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from ..errors import LibraryError
from ..images import MIME
from ..store import Library
from ..titles import UNTITLED, split_title

# Characters XML 1.0 forbids (C0 controls but tab and newline): a model could emit them.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    try:
        image = image_file.read_bytes() if image_file else None
    except OSError as e:
        raise LibraryError(
            f"cannot read the picture of version {version_id}: {image_file}: {e.strerror or e}"
        ) from e
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
    )
