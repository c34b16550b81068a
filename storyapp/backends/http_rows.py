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
        self.text, self.tokens, self.finish_reason, self.end = "", 0, "", 0.0
        self.error: Exception | None = None

    def read(self, out: queue.Queue, cancel: threading.Event | None) -> None:
        parts: list[str] = []
        pieces = 0
        try:
            self.stream = self._open()
            for chunk in self.stream:
                if cancel is not None and cancel.is_set():
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
            self.end = time.perf_counter()
            self.text = "".join(parts)
            self.tokens = self.tokens or pieces
            out.put(None)

    def deliver(self, text: str) -> None:
        if self._on_token is not None:
            self._on_token(self.index, text)

    def close(self) -> None:
        if self.stream is not None:
            with contextlib.suppress(Exception):  # already closed or broken: it is over
                self.stream.close()


def run_rows(rows: Sequence[RowStream], cancel: threading.Event | None) -> None:
    """Read every row to its end; BackendCancelled when `cancel` is set (all streams closed);
    the first row's error otherwise."""
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
        if item is None:
            running -= 1
        else:
            rows[item[0]].deliver(item[1])
    if cancel is not None and cancel.is_set():
        raise BackendCancelled()
    for r in rows:
        if r.error is not None:
            raise r.error


def _close(rows: Iterable[RowStream], threads: Iterable[threading.Thread]) -> None:
    for r in rows:
        r.close()
    for t in threads:
        t.join(timeout=5)
