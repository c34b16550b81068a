"""Helpers for driving the window: waiting for a job, measuring event-loop responsiveness."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


class LoopGaps:
    """The longest time between ticks of a 10 ms timer: how long the UI thread was ever busy."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self) -> LoopGaps:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def stop(self) -> float:
        self.timer.stop()
        return self.longest

    @property
    def longest(self) -> float:
        return max(self.gaps, default=0.0)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now


class Recorder(QObject):
    """Records worker signals on the main thread (a QObject's methods are queued there; a
    lambda would run in the worker). `on_token`: called for each token, on the main thread."""

    def __init__(self, window, on_token=None) -> None:
        super().__init__()
        self.window = window
        self.story_lengths: list[int] = []
        self.steps: list[tuple[int, int]] = []
        self.tokens = 0
        self.on_token = on_token
        window.worker.token.connect(self.token)
        window.worker.imageStep.connect(self.step)

    def token(self, _stage: str, row: str, _text: str) -> None:
        self.tokens += 1
        if row == "story":
            self.story_lengths.append(len(self.window.story.toPlainText()))
        if self.on_token is not None:
            self.on_token()

    def step(self, i: int, n: int) -> None:
        self.steps.append((i, n))

    def close(self) -> None:
        self.window.worker.token.disconnect(self.token)
        self.window.worker.imageStep.disconnect(self.step)


def answer_question(button_text: str, tries: int = 500) -> list[str]:
    """Click `button_text` in the next modal question box (looked for `tries` times, 20 ms
    apart); the list gets the question's text."""
    seen: list[str] = []
    left = [tries]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            left[0] -= 1
            if left[0] > 0:
                QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)
    return seen


def screenshot(widget, name: str, fallback: Path) -> Path:
    """Save `widget` as NAME.png: into docs/ when STORYAPP_DOCS_SCREENSHOTS=1 (to refresh the
    README's pictures), else into `fallback` (a test's tmp_path), so test runs leave the tree
    as it was."""
    docs = Path(__file__).parents[2] / "docs"
    folder = docs if os.environ.get("STORYAPP_DOCS_SCREENSHOTS") == "1" else fallback
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path
