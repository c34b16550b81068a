"""`storyapp library list|show|delete|restore|trash|empty-trash|check|repair`: the saved
stories."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from storyapp.system.paths import HOME_ENV


def add_library_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        help=f"the library folder (default: ${HOME_ENV}/library, else the user data folder)",
    )


def open_library(args: argparse.Namespace):
    from storyapp.library import Library

    return Library.open(args.library)


def add_parser(sub) -> None:
    p = sub.add_parser("library", help="list, show and delete saved stories; the trash")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, run: Callable, help: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help, description=help)
        add_library_option(a)
        a.add_argument("--json", action="store_true", help="print JSON, for scripts")
        a.set_defaults(run=run)
        return a

    action("list", run_list, "every saved version, newest story first")
    a = action("show", run_show, "one version: its texts, picture, settings and timings")
    a.add_argument("version_id", type=int, metavar="VERSION_ID")
    for name, run, verb in (
        ("delete", run_delete, "move a version (or with --story, a whole story) to the trash"),
        ("restore", run_restore, "take a version (or with --story, a story) out of the trash"),
    ):
        a = action(name, run, verb)
        a.add_argument("id", type=int, metavar="ID", help="a version id (a story id with --story)")
        a.add_argument("--story", action="store_true", help="ID is a story id")
    action("trash", run_trash, "what is in the trash")
    action("empty-trash", run_empty_trash, "remove what is in the trash for good, with pictures")
    action("check", run_check, "check the database: which rows are damaged, which pictures missing")
    action(
        "repair",
        run_repair,
        "rebuild the database from its readable rows and the pictures' metadata (the old one is "
        "kept aside)",
    )


def _print(args: argparse.Namespace, text: str, data: object) -> int:
    from .library_view import dump

    print(dump(data) if args.json else text)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from .library_view import listing_json, listing_text

    with open_library(args) as lib:
        shelf = [(s, lib.versions(s.id)) for s in lib.list_stories()]
        return _print(args, listing_text(shelf, lib), listing_json(shelf, lib))


def run_show(args: argparse.Namespace) -> int:
    from .library_view import version_json, version_text

    with open_library(args) as lib:
        version = lib.get_version(args.version_id)
        story = lib.get_story(version.story_id)
        siblings = [v.id for v in lib.versions(story.id)]
        text = version_text(version, story, lib, siblings)
        return _print(args, text, version_json(version, story, lib))


def run_delete(args: argparse.Namespace) -> int:
    kind = "story" if args.story else "version"
    with open_library(args) as lib:
        if args.story:
            lib.delete_story(args.id)
        else:
            lib.delete_version(args.id)
    undo = f"storyapp library restore {args.id}" + (" --story" if args.story else "")
    text = f"moved {kind} {args.id} to the trash; to undo: {undo}"
    return _print(args, text, {"trashed": {"kind": kind, "id": args.id}})


def run_restore(args: argparse.Namespace) -> int:
    kind = "story" if args.story else "version"
    with open_library(args) as lib:
        if args.story:
            lib.restore_story(args.id)
        else:
            lib.restore_version(args.id)
    return _print(args, f"restored {kind} {args.id}", {"restored": {"kind": kind, "id": args.id}})


def run_trash(args: argparse.Namespace) -> int:
    from .library_view import trash_json, trash_text

    with open_library(args) as lib:
        items = lib.trash()
        pictures = lib.trashed_pictures()
        text = trash_text(items, lib) if items or not pictures else ""
        if pictures:
            text += (
                ("\n\n" if text else "")
                + f"pictures no version refers to, in {pictures[0].parent}:\n"
                + "\n".join(f"  {p.name}" for p in pictures)
            )
        data = trash_json(items, lib) | {"pictures": [str(p) for p in pictures]}
        return _print(args, text, data)


def run_empty_trash(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        gone = lib.empty_trash()
    from .library_view import counted

    return _print(args, f"removed {counted(gone, 'item')} for good", {"removed": gone})


def run_check(args: argparse.Namespace) -> int:
    from storyapp.library import check

    from .library_view import counted

    report = check(args.library or _default())
    stories = counted(report.stories, "story", "stories")
    lines = [f"{report.db}: {stories}, {counted(report.versions, 'version')}"]
    lines += [f"integrity: {m}" for m in report.integrity]
    lines += [f"cannot read {r}" for r in report.bad_rows]
    lines += [f"missing picture: {m}" for m in report.missing_pictures]
    if report.ok:
        lines.append("ok")
    else:
        root = report.db.parent
        lines.append(f"to rebuild from what can be read: storyapp library repair --library {root}")
    data = {
        "database": str(report.db),
        "ok": report.ok,
        "stories": report.stories,
        "versions": report.versions,
        "integrity": report.integrity,
        "bad_rows": report.bad_rows,
        "missing_pictures": report.missing_pictures,
    }
    _print(args, "\n".join(lines), data)
    return 0 if report.ok else 1


def run_repair(args: argparse.Namespace) -> int:
    from storyapp.library import repair

    from .library_view import counted

    report = repair(args.library or _default())
    stories = counted(report.stories, "story", "stories")
    lines = [f"{stories}, {counted(report.versions, 'version')} in the library"]
    if report.kept_aside:
        lines.append(f"the old database is kept as {report.kept_aside}")
    lines += [f"lost: {r}" for r in report.lost_rows]
    if report.recovered_pictures:
        pictures = counted(len(report.recovered_pictures), "picture")
        lines.append(f"{pictures} recovered as new stories")
    data = {
        "stories": report.stories,
        "versions": report.versions,
        "kept_aside": str(report.kept_aside) if report.kept_aside else None,
        "lost_rows": report.lost_rows,
        "recovered_pictures": report.recovered_pictures,
    }
    return _print(args, "\n".join(lines), data)


def _default() -> Path:
    from storyapp.library import default_library_dir

    return default_library_dir()
