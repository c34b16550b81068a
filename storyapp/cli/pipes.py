"""A reader that stops early (`storyapp library show 3 | head -1`) is not an error: stop
quietly, as a command killed by SIGPIPE would."""

from __future__ import annotations

import os
import sys

STATUS = 141  # 128 + SIGPIPE, what shells report for `yes | head -1`


def flush_stdout() -> None:
    """Flush now, where a closed pipe can still be caught (at exit it would print a warning)."""
    if sys.stdout is not None:
        sys.stdout.flush()


def closed() -> int:
    """After a BrokenPipeError: point stdout at the null device, so the interpreter's own flush
    at exit finds nothing to complain about; the status to exit with."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    return STATUS
