"""The `storyapp` command: subcommands share the core with the desktop app."""

import argparse
import logging
import os
import sys

from . import (
    bench,
    complete,
    doctor,
    download,
    eval,
    export,
    generate,
    interrupts,
    library,
    pipes,
    serve,
    train,
)
from .logs import FILE_ONLY, say, setup_logging, version
from .visible import visible

COMMANDS = (complete, bench, generate, library, export, download, train, serve, eval, doctor)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storyapp", description=__doc__)
    parser.add_argument("--version", action="version", version=f"storyapp {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line `argv` (None: this process's own, which also takes over Ctrl+C)."""
    if argv is None:
        interrupts.install()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return interrupts.stopped()
    finally:
        if argv is None:
            interrupts.finishing()


def _main(argv: list[str] | None) -> int:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    setup_logging(create=False)  # the file once the data folder exists, not before
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _open_app(parser)
    try:
        code = args.run(args) or 0
        pipes.flush_stdout()
        return code
    except BrokenPipeError:
        return pipes.closed()
    except KeyboardInterrupt:
        logging.getLogger("storyapp").info("interrupted")
        return interrupts.stopped()
    except Exception as e:  # one line for the user; the traceback on request
        if os.environ.get("STORYAPP_DEBUG"):
            raise
        logging.getLogger("storyapp").error(
            "%s failed", args.command, exc_info=True, extra=FILE_ONLY
        )
        say(f"storyapp: error: {visible(str(e))}")
        return 1


def _open_app(parser: argparse.ArgumentParser) -> int:
    """`storyapp` alone opens the desktop app. The GUI is the layer above this one: it is
    imported by name, only here and only then, so the CLI itself never depends on Qt."""
    import importlib

    try:
        app = importlib.import_module("storyapp.gui.app")
    except ImportError as e:
        parser.print_help()
        print(
            f"storyapp: the desktop app needs PySide6 ({e}): pip install 'storyapp[gui]'",
            file=sys.stderr,
        )
        return 1
    return app.run_app()


if __name__ == "__main__":
    sys.exit(main())
