"""`storyapp`: the desktop app when run alone, else the command line. The one module above both
front ends, so neither imports the other."""

from __future__ import annotations

import argparse
import sys

from storyapp import cli
from storyapp.system.stdio import streams_to_log


def main(argv: list[str] | None = None) -> int:
    """Run `argv` (None: this process's own arguments); the exit status."""
    streams_to_log()  # storyapp-gui, windowed, has no stdout or stderr
    return cli.main(argv, no_command=open_window)


def open_window(parser: argparse.ArgumentParser) -> int:
    """The desktop app until its window closes, or the command line's help when Qt is missing."""
    try:
        from storyapp.gui import app
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
