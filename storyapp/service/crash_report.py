"""An error nobody expected: its traceback into the log file, and the plain message the user
gets instead, saying where that file is."""

from __future__ import annotations

import logging
from types import TracebackType

from .logs import FILE_ONLY, log_path

log = logging.getLogger("storyapp.gui")  # the desktop app's hook is the one caller


def plain_message(exc: BaseException) -> str:
    what = str(exc) or type(exc).__name__
    return (
        f"Something went wrong that storyapp did not expect: {what}\n\n"
        f"The app carries on. The details are in the log file:\n{log_path()}"
    )


def report_crash(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """Log the error with its traceback (the file only); the message to show the user."""
    log.critical("unexpected error", exc_info=(kind, exc, tb), extra=FILE_ONLY)
    return plain_message(exc)
