"""A plain function run on a background thread, its result back on the main thread through
signals (Anki's QueryOp, in small): for work that is not a pipeline job, such as a download.
Connect its signals to QObject methods, not lambdas (see worker.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal


class Task(QThread):
    progress = Signal(int, int)
    succeeded = Signal(object)
    errored = Signal(str)

    def __init__(self, fn: Callable[[Callable[[int, int], None]], Any]) -> None:
        """`fn(report)` runs on the thread; `report(done, total)` emits progress."""
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(lambda done, total: self.progress.emit(done, total))
        except Exception as e:
            self.errored.emit(str(e) or type(e).__name__)
        else:
            self.succeeded.emit(result)
