"""`storyapp generate IDEA --pages N`: a picture book into a folder, then into the library."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyapp.story import Book

    from .generate import OpenedRun


def run_book(args: argparse.Namespace) -> int:
    from storyapp.story.book_files import check_book_out_dir
    from storyapp.story.book_pipeline import BookPipeline, check_book_request

    from .generate import open_run
    from .visible import visible_json

    check_book_request(args.idea, args.pages)  # before any model loads
    opened = open_run(args, check_book_out_dir)
    book = BookPipeline(
        opened.backend, opened.illustrator, opened.settings, on_event=opened.on_event
    ).run(args.idea, args.pages)
    record, problem = _publish(opened, book, args.no_save)
    print(visible_json(record) if args.json else opened.out)
    if problem:
        print(f"storyapp: error: not saved to the library: {problem}", file=sys.stderr)
        return 1
    return 0


def _publish(run: OpenedRun, book: Book, no_save: bool):
    """The files first, whatever the library says; then the library, and the version id into
    run.json. Returns (record, library problem or None)."""
    from storyapp.story.book_files import book_record, files_for_book, publish_book

    from .generate import save_to_library

    settings, backend = run.settings, run.backend
    record = book_record(book, settings, backend.name, backend.model, files_for_book(book))
    publish_book(run.out, book, record)
    if no_save:
        return record, None
    from storyapp.service.book_saving import save_book

    return record, save_to_library(
        run, record, lambda: save_book(book, settings, backend.name, backend.model)
    )
