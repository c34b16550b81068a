"""A row of a batch as a streamed OpenAI-style HTTP request, read by its own thread (see
row_streams.run_rows)."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from .base import OnToken


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
