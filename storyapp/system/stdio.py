"""A windowed app has no standard streams: on Windows, pythonw and a frozen app built without a
console start with sys.stdout and sys.stderr set to None. print() copes, but a progress bar
(tqdm), a flush or faulthandler then raises. Such streams are pointed at the log instead."""

from __future__ import annotations

import io
import logging
import sys
import threading

NAMES = ("stdout", "stderr")


class ToLog(io.TextIOBase):
    """A text stream whose lines become INFO records of the `storyapp.<name>` logger. A line
    redrawn with carriage returns (a progress bar) is logged once, as last drawn."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.log = logging.getLogger(f"storyapp.{name}")
        self._line = ""
        self._lock = threading.Lock()
        self._inside = threading.local()  # a record whose handler writes here again is dropped

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if getattr(self._inside, "on", False):
            return len(text)
        with self._lock:
            *lines, self._line = (self._line + text).split("\n")
            self._line = self._line.rsplit("\r", 1)[-1]
        self._inside.on = True
        try:
            for line in lines:
                shown = line.rsplit("\r", 1)[-1].rstrip()
                if shown:
                    self.log.info("%s", shown)
        finally:
            self._inside.on = False
        return len(text)


def to_log(stream: object) -> bool:
    """Whether `stream` is one of ours (a log handler must not write to it)."""
    return isinstance(stream, ToLog)


def streams_to_log() -> list[str]:
    """Point each standard stream that is None at the log; the names of those pointed."""
    pointed = []
    for name in NAMES:
        if getattr(sys, name) is None:
            setattr(sys, name, ToLog(name))
            pointed.append(name)
    return pointed
