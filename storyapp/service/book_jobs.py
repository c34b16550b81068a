"""What the user asked of a picture book, as plain data, and running it: make a book, reroll a
page, more pictures for a page, choose one of them, rewrite, split or delete a page, a new cast
sheet, repaint the stale pages. Each saves the changed book as a new version of its story (the
shown version stays as it was). The desktop app's worker runs these in its thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Literal

from storyapp.library import Library, StoryVersion
from storyapp.story import BookCancelled, OnEvent, Settings, StoryError, VersionSaved
from storyapp.story.book import (
    MORE_PICTURES,
    Book,
    CastMember,
    check_page,
    choose_picture,
    delete_page,
    edit_cast,
    edit_page,
    split_page,
)
from storyapp.story.book_pipeline import BookPipeline

from .book_saving import save_book
from .engines import Engines
from .jobs import NO_PICTURE

BookJobKind = Literal[
    "book", "reroll", "more", "choose", "edit", "split", "delete", "cast", "repaint"
]
NEEDS_MODELS: frozenset[str] = frozenset({"book", "reroll", "more", "repaint"})
PAINTS: frozenset[str] = frozenset({"reroll", "more", "repaint"})
NO_BOOK = "there is no picture book to change yet: set Pages to 2 or more and generate one"


@dataclass(slots=True)
class BookJob:
    kind: BookJobKind
    settings: Settings
    idea: str = ""  # 'book'
    pages: int = 0  # 'book': how many
    book: Book | None = None  # every other kind: the shown book, the change starts from it
    parent: StoryVersion | None = None  # ... and the version it was read from
    page: int = 0  # the page (0-based) a page job is about
    text: str = ""  # 'edit': the page's new text
    at: int = 0  # 'split': where in the page's text
    candidate: int = 0  # 'choose': which of the page's other pictures
    cast: tuple[CastMember, ...] = ()  # 'cast': the edited sheet
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def needs_models(self) -> bool:
        """Whether the job writes or paints (the models must be loaded first); a plain change
        of pages, a choice or a cast edit only saves."""
        return self.kind in NEEDS_MODELS


def run_book_job(job: BookJob, engines: Engines | None, on_event: OnEvent) -> StoryVersion:
    """Run `job` and save the book it made as a new version; the saved version. Raises
    StoryError (bad input, or the pipeline sent Failed), StoryCancelled (nothing is saved; the
    shown version is as it was) or LibraryError when saving fails. A new book cancelled while
    its pages paint is saved with its text and the pages painted so far, as a partial version
    (`StoryVersion.partial`), the others marked stale to paint later."""
    partial = None
    if job.needs_models:
        if engines is None:
            raise StoryError("story", f"a {job.kind} job needs the models")
        try:
            book, backend, model = _run_models(job, engines, on_event)
        except BookCancelled as e:
            if job.kind != "book":
                raise
            book, partial = e.book, e.stage
            text = engines.text(job.settings)
            backend, model = text.name, text.model
    else:
        book = change(job)
        parent = _parent(job)
        backend, model = parent.backend, parent.model
    story_id, version_id = save_book(
        book, job.settings, backend, model, parent=job.parent, partial=partial
    )
    on_event(VersionSaved(story_id, version_id))
    with Library.open() as lib:
        return lib.get_version(version_id)


def change(job: BookJob) -> Book:
    """The book after a change that needs no model (StoryError for a page or text that does
    not fit the book)."""
    book = _book(job)
    if job.kind == "edit":
        return edit_page(book, job.page, job.text)
    if job.kind == "split":
        return split_page(book, job.page, job.at)
    if job.kind == "delete":
        return delete_page(book, job.page)
    if job.kind == "cast":
        return edit_cast(book, job.cast)
    if job.kind == "choose":
        candidates = book.pages[check_page(book, job.page)].candidates
        if not 0 <= job.candidate < len(candidates):
            raise StoryError(
                "image", f"page {job.page + 1} has no other picture {job.candidate + 1}"
            )
        return choose_picture(book, job.page, candidates[job.candidate])
    raise StoryError("story", f"{job.kind!r} is not a change of pages")


def _run_models(job: BookJob, engines: Engines, on_event: OnEvent) -> tuple[Book, str, str]:
    backend = engines.text(job.settings)
    illustrator = engines.illustrator if engines.image_loaded(job.settings) else None
    if job.kind in PAINTS and illustrator is None:
        raise StoryError("image", engines.image_error or NO_PICTURE)
    # Without a usable image model a new book is written alone; its pages wait for pictures.
    settings = job.settings if illustrator else replace(job.settings, image=False)
    pipe = BookPipeline(backend, illustrator, settings, on_event)
    if job.kind == "book":
        book = pipe.run(job.idea, job.pages, job.cancel)
    elif job.kind == "reroll":
        book = pipe.reroll_page(_book(job), job.page, cancel=job.cancel)
    elif job.kind == "more":
        book = _book(job)
        check_page(book, job.page)
        new = pipe.more_pictures(book, job.page, MORE_PICTURES, job.cancel)
        page = book.pages[job.page]
        pages = list(book.pages)
        pages[job.page] = replace(page, candidates=(*new, *page.candidates))
        book = replace(book, pages=tuple(pages))
    else:
        book = pipe.repaint_stale(_book(job), job.cancel)
    return book, backend.name, backend.model


def _book(job: BookJob) -> Book:
    if job.book is None or job.parent is None:
        raise StoryError("story", NO_BOOK)
    return job.book


def _parent(job: BookJob) -> StoryVersion:
    if job.parent is None:
        raise StoryError("story", NO_BOOK)
    return job.parent
