"""How a stage ends without its result."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .book import Book


class StoryError(Exception):
    """A stage failed for a reason the user can act on; the message is one line."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage


class StoryCancelled(Exception):
    def __init__(self, stage: str) -> None:
        super().__init__(f"{stage} cancelled")
        self.stage = stage


class BookCancelled(StoryCancelled):
    """A picture book cancelled while its pages painted. `book` is what was done: its text,
    prompts and the pictures painted so far; a page still without a picture is marked stale,
    so that repainting the stale pages finishes the book."""

    def __init__(self, stage: str, book: Book) -> None:
        super().__init__(stage)
        self.book = book
