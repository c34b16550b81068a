"""The story library: versions of stories with their illustrations, saved in SQLite, exported
as Markdown, HTML, EPUB and PDF. Qt-free; knows nothing of how stories are generated."""

from .check import CheckReport, check
from .errors import LibraryError
from .export import FORMATS, export_files, export_version
from .models import (
    KINDS,
    PagePictures,
    PageRecord,
    Story,
    StoryCard,
    StoryVersion,
    TrashItem,
    book_text,
)
from .paths import default_library_dir
from .repair import RepairReport, repair
from .store import Library
from .titles import split_title, title_from_text

__all__ = [
    "FORMATS",
    "CheckReport",
    "KINDS",
    "Library",
    "LibraryError",
    "PagePictures",
    "PageRecord",
    "RepairReport",
    "Story",
    "StoryCard",
    "StoryVersion",
    "TrashItem",
    "check",
    "book_text",
    "default_library_dir",
    "export_files",
    "export_version",
    "repair",
    "split_title",
    "title_from_text",
]
