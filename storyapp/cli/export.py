"""`storyapp export VERSION_ID --out FILE`: a saved version as Markdown, HTML, EPUB or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from .library import add_library_option, open_library


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write a saved version as Markdown, HTML, EPUB or PDF")
    p.add_argument("version_id", type=int, metavar="VERSION_ID")
    p.add_argument(
        "--format",
        metavar="FORMAT",
        help="md, html, epub or pdf (default: from the --out file's extension)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="the file to write (Markdown puts the picture in the folder NAME_files beside it)",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(run=run)


def export_format(fmt: str | None, out: Path) -> str:
    """The format asked for, else the one `out`'s extension names; ValueError if neither."""
    from storyapp.library.export import for_suffix, named, names_in_words

    if fmt is not None:
        if named(fmt) is None:
            raise ValueError(f"unknown --format {fmt!r}: use {names_in_words()}")
        return fmt.lower()
    found = for_suffix(out)
    if found is None:
        raise ValueError(
            f"cannot tell the format from {out.name!r}: give --format {names_in_words()}"
        )
    return found.name


def run(args: argparse.Namespace) -> int:
    from storyapp.library import export_files

    from .library_view import dump

    fmt = export_format(args.format, args.out)  # before the library folder is touched
    with open_library(args) as lib:
        files = export_files(lib, args.version_id, fmt, args.out)
    if args.json:
        data = {"version_id": args.version_id, "format": fmt, "files": [str(f) for f in files]}
        print(dump(data))
    else:
        print("\n".join(map(str, files)))
    return 0
