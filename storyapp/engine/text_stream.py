"""Incremental detokenization with stop strings: emit only text that can no longer change."""

from collections.abc import Callable


class TextStream:
    __slots__ = ("decode", "stop", "emitted", "text", "stopped")

    def __init__(self, decode: Callable[[list[int]], str], stop: list[str]):
        self.decode, self.stop = decode, [s for s in stop if s]
        self.emitted, self.text, self.stopped = 0, "", False

    def update(self, ids: list[int]) -> str:
        """Feed all generated ids so far; returns the newly visible text."""
        full = self.decode(ids)
        for s in self.stop:
            at = full.find(s, max(0, self.emitted - len(s)))
            if at != -1:
                full, self.stopped = full[:at], True
        self.text = full
        safe = len(full) if self.stopped else self._safe_end(full)
        delta = full[self.emitted : safe]
        self.emitted = max(self.emitted, safe)
        return delta

    def flush(self) -> str:
        delta = self.text[self.emitted :]
        self.emitted = len(self.text)
        return delta

    def _safe_end(self, full: str) -> int:
        end = len(full)
        if full.endswith("\ufffd"):  # an incomplete UTF-8 sequence: wait for the next token
            end -= 1
        for s in self.stop:  # hold back a tail that may be the start of a stop string
            for n in range(min(len(s) - 1, end), 0, -1):
                if full[end - n : end] == s[:n]:
                    end -= n
                    break
        return max(end, self.emitted)
