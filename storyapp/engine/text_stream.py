"""Incremental detokenization with stop strings: emit only text that can no longer change.

Each step decodes a short window of tokens (as vLLM and TGI do), not the whole output, so its cost
stays constant however long the answer grows.
"""

from collections.abc import Callable

WINDOW = 5  # tokens of left context: merges and leading spaces depend on the tokens before


class TextStream:
    __slots__ = ("decode", "stop", "text", "emitted", "stopped", "_prefix", "_read")

    def __init__(self, decode: Callable[[list[int]], str], stop: list[str]):
        self.decode, self.stop = decode, [s for s in stop if s]
        self.text, self.emitted, self.stopped = "", 0, False
        self._prefix = self._read = 0

    def update(self, ids: list[int]) -> str:
        """Feed all generated ids so far; returns the newly visible text."""
        before = self.decode(ids[self._prefix : self._read])
        after = self.decode(ids[self._prefix :])
        if len(after) > len(before) and not after.endswith("\ufffd"):
            self.text += after[len(before) :]
            self._prefix, self._read = max(0, len(ids) - WINDOW), len(ids)
        for s in self.stop:
            at = self.text.find(s, max(0, self.emitted - len(s)))
            if at != -1:
                self.text, self.stopped = self.text[:at], True
        return self._emit(len(self.text) if self.stopped else self._safe_end())

    def flush(self) -> str:
        return self._emit(len(self.text))

    def _emit(self, end: int) -> str:
        delta = self.text[self.emitted : end]
        self.emitted = max(self.emitted, end)
        return delta

    def _safe_end(self) -> int:
        end = len(self.text)
        for s in self.stop:  # hold back a tail that may be the start of a stop string
            for n in range(min(len(s) - 1, end), 0, -1):
                if self.text[end - n : end] == s[:n]:
                    end -= n
                    break
        return max(end, self.emitted)
