"""The `storyapp` command: subcommands share the core with the desktop app."""

import argparse
import logging
import os
import sys
from collections.abc import Callable

from storyapp.service.logs import FILE_ONLY, say, setup_logging, version
from storyapp.system.paths import debug

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
    models,
    pipes,
    serve,
    train,
)
from .visible import visible

COMMANDS = (
    complete,
    bench,
    generate,
    library,
    export,
    download,
    models,
    train,
    serve,
    eval,
    doctor,
)

NoCommand = Callable[[argparse.ArgumentParser], int]  # what `storyapp` alone does


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storyapp", description=__doc__)
    parser.add_argument("--version", action="version", version=f"storyapp {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None, no_command: NoCommand | None = None) -> int:
    """The command line `argv` (None: this process's own, which also takes over Ctrl+C).
    Without a command: `no_command(parser)`, by default the help."""
    if argv is None:
        interrupts.install()
    try:
        return _main(argv, no_command or _print_help)
    except KeyboardInterrupt:
        return interrupts.stopped()
    finally:
        if argv is None:
            interrupts.finishing()


def _main(argv: list[str] | None, no_command: NoCommand) -> int:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    setup_logging(create=False)  # the file once the data folder exists, not before
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return no_command(parser)
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
        if debug():
            raise
        logging.getLogger("storyapp").error(
            "%s failed", args.command, exc_info=True, extra=FILE_ONLY
        )
        say(f"storyapp: error: {visible(str(e))}")
        return 1


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
