"""Rows of a batch read concurrently, one thread per row; the caller's thread hands the text on
(so `on_token` runs where the caller runs, as with the embedded backend) and closes every row
on cancel or on the first error. Used by the HTTP and TensorRT-LLM backends."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Sequence
from typing import Protocol

from .base import BackendCancelled

POLL_S = 0.05


class Row(Protocol):
    index: int
    error: Exception | None

    def read(self, out: queue.Queue, cancel: threading.Event | None) -> None:
        """Put (index, text) for each piece, then (index, None) once the row is over."""
        ...

    def deliver(self, text: str) -> None: ...

    def close(self) -> None:
        """Stop the row (abort its request); safe to call more than once."""
        ...


def run_rows(rows: Sequence[Row], cancel: threading.Event | None) -> None:
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


def _close(rows: Iterable[Row], threads: Iterable[threading.Thread]) -> None:
    for r in rows:
        r.close()
    for t in threads:
        t.join(timeout=5)
