"""The story library: versions of stories with their illustrations, saved in SQLite, exported
as Markdown, HTML, EPUB and PDF. Qt-free; knows nothing of how stories are generated."""

from .errors import LibraryError
from .export import FORMATS, export_version
from .models import KINDS, Story, StoryVersion, TrashItem
from .paths import default_library_dir
from .store import Library
from .titles import split_title, title_from_text

__all__ = [
    "FORMATS",
    "KINDS",
    "Library",
    "LibraryError",
    "Story",
    "StoryVersion",
    "TrashItem",
    "default_library_dir",
    "export_version",
    "split_title",
    "title_from_text",
]
