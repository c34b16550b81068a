"""`storyapp generate IDEA --pages N`: a picture book into a folder, then into the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run_book(args: argparse.Namespace) -> int:
    from storyapp.story import check_image_options, open_illustrator, open_text_backend
    from storyapp.story.book_files import check_book_out_dir
    from storyapp.story.book_pipeline import BookPipeline, check_book_request

    from .generate import _default_out, _previews_folder, _settings, _with_previews
    from .progress import Progress
    from .visible import visible_json

    check_book_request(args.idea, args.pages)  # before any model loads
    settings = _settings(args)
    if args.previews:
        _previews_folder(Path(args.previews))
    out = args.out or _default_out(args.idea)
    check_book_out_dir(out)
    illustrator = open_illustrator(settings)  # bad SDXL files fail here, before any text
    check_image_options(settings.illustration, illustrator)
    backend = open_text_backend(settings)
    progress = Progress()
    on_event = _with_previews(Path(args.previews), progress) if args.previews else progress
    book = BookPipeline(backend, illustrator, settings, on_event=on_event).run(
        args.idea, args.pages
    )
    record, problem = _publish(out, book, settings, backend, args.no_save, progress)
    print(visible_json(record) if args.json else out)
    if problem:
        print(f"storyapp: error: not saved to the library: {problem}", file=sys.stderr)
        return 1
    return 0


def _publish(out, book, settings, backend, no_save, progress):
    """The files first, whatever the library says; then the library, and the version id into
    run.json. Returns (record, library problem or None)."""
    import sqlite3

    from storyapp.library import LibraryError
    from storyapp.story import VersionSaved
    from storyapp.story.book_files import book_record, files_for_book, publish_book
    from storyapp.system.atomic import write_atomic

    record = book_record(book, settings, backend.name, backend.model, files_for_book(book))
    publish_book(out, book, record)
    if no_save:
        return record, None
    from storyapp.service.book_saving import save_book

    try:
        story_id, version_id = save_book(book, settings, backend.name, backend.model)
    except (LibraryError, sqlite3.Error, OSError) as e:
        return record, str(e)
    record["version_id"] = version_id
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomic(out / "run.json", text.encode(), error=LibraryError)
    except LibraryError as e:
        return record, f"saved as version {version_id}, but {e}"
    progress(VersionSaved(story_id, version_id))
    return record, None
