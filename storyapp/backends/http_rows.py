"""Rows of a batch as concurrent streamed HTTP requests: one thread per row reads its stream;
the caller's thread hands the text on (so `on_token` runs where the caller runs, as with the
embedded backend) and closes every stream on cancel."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .base import BackendCancelled, OnToken

POLL_S = 0.05


class RowStream:
    def __init__(self, index: int, open_stream: Callable[[], Any], on_token: OnToken | None):
        self.index, self._open, self._on_token = index, open_stream, on_token
        self.stream: Any = None
        self.stopped = False  # set by close(); a stream opened after it is closed at once
        self.text, self.tokens, self.finish_reason, self.end = "", 0, "", 0.0
        self.error: Exception | None = None

    def read(self, out: queue.Queue, cancel: threading.Event | None) -> None:
        parts: list[str] = []
        pieces = 0
        try:
            self.stream = self._open()
            for chunk in self.stream:
                if self.stopped or (cancel is not None and cancel.is_set()):
                    break
                if getattr(chunk, "usage", None):
                    self.tokens = chunk.usage.completion_tokens
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        parts.append(choice.delta.content)
                        pieces += 1
                        out.put((self.index, choice.delta.content))
                    if choice.finish_reason:
                        self.finish_reason = choice.finish_reason
        except Exception as e:  # handed to the caller's thread
            self.error = e
        finally:
            self.close()  # a row that ends early (cancel, error) must not hold its request open
            self.end = time.perf_counter()
            self.text = "".join(parts)
            self.tokens = self.tokens or pieces
            out.put((self.index, None))

    def deliver(self, text: str) -> None:
        if self._on_token is not None:
            self._on_token(self.index, text)

    def close(self) -> None:
        self.stopped = True
        if self.stream is not None:
            with contextlib.suppress(Exception):  # already closed or broken: it is over
                self.stream.close()


def run_rows(rows: Sequence[RowStream], cancel: threading.Event | None) -> None:
    """Read every row to its end; BackendCancelled when `cancel` is set; a row's error as soon
    as it happens. Either way every stream is closed, so the server stops the other rows."""
    out: queue.Queue = queue.Queue()
    threads = [
        threading.Thread(target=r.read, args=(out, cancel), daemon=True, name=f"row-{r.index}")
        for r in rows
    ]
    for t in threads:
        t.start()
    running = len(rows)
    while running:
        if cancel is not None and cancel.is_set():
            _close(rows, threads)
            raise BackendCancelled()
        try:
            item = out.get(timeout=POLL_S)
        except queue.Empty:
            continue
        row, text = rows[item[0]], item[1]
        if text is not None:
            row.deliver(text)
            continue
        running -= 1
        if cancel is not None and cancel.is_set():
            _close(rows, threads)
            raise BackendCancelled()
        if row.error is not None:
            _close(rows, threads)
            raise row.error


def _close(rows: Iterable[RowStream], threads: Iterable[threading.Thread]) -> None:
    for r in rows:
        r.close()
    for t in threads:
        t.join(timeout=5)
