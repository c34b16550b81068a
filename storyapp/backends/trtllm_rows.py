"""A row of a batch as a streamed TensorRT-LLM request (a GenerationResult), read by its own
thread (see row_streams.run_rows). Each step of the result carries the row's text so far; the
row hands on what is new."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from typing import Any

from .base import OnToken


class TrtRow:
    def __init__(self, index: int, result: Any, on_token: OnToken | None) -> None:
        self.index, self.result, self._on_token = index, result, on_token
        self.text, self.tokens, self.finish_reason, self.end = "", 0, "", 0.0
        self.error: Exception | None = None
        self._closed = False

    def read(self, out: queue.Queue, cancel: threading.Event | None) -> None:
        try:
            for step in self.result:
                if self._closed or (cancel is not None and cancel.is_set()):
                    break
                self._take(step.outputs[0], out)
        except Exception as e:  # handed to the caller's thread
            self.error = e
        finally:
            self.close()
            self.end = time.perf_counter()
            out.put((self.index, None))

    def _take(self, output: Any, out: queue.Queue) -> None:
        text = output.text or ""
        if len(text) > len(self.text):
            out.put((self.index, text[len(self.text) :]))
        self.text = text
        self.tokens = len(output.token_ids)
        self.finish_reason = output.finish_reason or self.finish_reason

    def deliver(self, text: str) -> None:
        if self._on_token is not None:
            self._on_token(self.index, text)

    def close(self) -> None:
        """Abort the request unless it is over: TensorRT-LLM then frees its slot and KV cache."""
        if self._closed:
            return
        self._closed = True
        if not self.result.finished:
            with contextlib.suppress(Exception):  # it may finish in between: nothing to abort
                self.result.abort()
