"""Ctrl+C. The first stops the command: KeyboardInterrupt, so `finally` blocks clean up. A second
one, even during that cleanup or while the interpreter shuts down, ends the process at once: one
line, exit status 130, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType

STATUS = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl+C
LINE = "storyapp: interrupted"


class _State:
    interrupted = False  # a first Ctrl+C came, or the command is over: the next one ends it
    said = False


def install() -> None:
    """Take over SIGINT for this process, unless it is ignored (a background job keeps that)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)


def stopped() -> int:
    """Where the first KeyboardInterrupt is caught: the one line, and the status to exit with."""
    _State.interrupted = True
    _say()
    return STATUS


def finishing() -> None:
    """The command is over; a Ctrl+C from now on (in shutdown) ends the process quietly."""
    _State.interrupted = True
    _State.said = True


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    if _State.interrupted:
        _say()
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stdout.flush()
        os._exit(STATUS)
    _State.interrupted = True
    raise KeyboardInterrupt


def _say() -> None:
    if _State.said or sys.stderr is None:  # a windowed app has no stderr
        return
    _State.said = True
    with contextlib.suppress(OSError, ValueError):
        print(LINE, file=sys.stderr, flush=True)
