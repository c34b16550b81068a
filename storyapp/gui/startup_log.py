"""Start-up times in the log: from launch to the window's first paint, and to ready-to-generate
(the worker's first `ready`). A user's log then says how long their start took, and
benchmarks/startup.py reads the same lines."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

import storyapp

from .main_window import MainWindow

log = logging.getLogger("storyapp")


class StartupLog(QObject):
    painted = Signal()  # once, just after the window's first paint

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._painted = False
        window.installEventFilter(self)
        window.worker.ready.connect(self._ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            _log("window painted")
            QTimer.singleShot(0, self.painted.emit)  # after the paint, not inside it
        return False

    @Slot(str)
    def _ready(self, _model: str) -> None:
        window = self.parent()
        assert isinstance(window, MainWindow)  # the parent given to __init__
        window.worker.ready.disconnect(self._ready)
        _log("ready to generate")


def _log(what: str) -> None:
    after = time.time() - storyapp.LAUNCHED
    log.info("start-up: %s %.2f s after launch (launched at %.3f)", what, after, storyapp.LAUNCHED)
