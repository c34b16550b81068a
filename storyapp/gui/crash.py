"""Unexpected errors in the desktop app: the traceback goes to the log file, the user gets a
plain message saying where that file is, and the app carries on."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from storyapp.service.crash_report import report_crash


class CrashReporter(QObject):
    """Installed as sys.excepthook; errors raised in any thread are shown by the main thread
    (the signal is queued to it)."""

    crashed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None
        self.crashed.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.hook

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.crashed.emit(report_crash(kind, exc, tb))

    @Slot(str)
    def _show(self, message: str) -> None:
        box = self.box = QMessageBox(QApplication.activeWindow())
        box.setObjectName("crashDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("storyapp")
        box.setText("Something went wrong")
        box.setInformativeText(message)
        box.open()
