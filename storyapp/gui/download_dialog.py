"""Downloading the official SDXL base (about 7 GB) when the user asks for it, with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

GB = 2**30


class Task(QThread):
    """A plain function run on a background thread, its result back on the main thread through
    signals (Anki's QueryOp, in small). Connect its signals to QObject methods, not lambdas
    (see worker.py)."""

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


def confirm_download(parent: QWidget | None) -> bool:
    answer = QMessageBox.question(
        parent,
        "Download SDXL base",
        "Download Stable Diffusion XL base 1.0 from the Hugging Face Hub?\n\n"
        "It is about 7 GB; files already downloaded are kept if it is interrupted.",
    )
    return answer == QMessageBox.StandardButton.Yes


class DownloadDialog(QDialog):
    downloaded = Signal(str)  # the folder, ready to use (not `done`: QDialog.done(int) closes)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadDialog")
        self.setWindowTitle("Downloading SDXL base")
        self.setModal(True)
        self.label = QLabel("Starting the download…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName("Download progress")
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        box.addWidget(self.bar)
        self.resize(420, 100)
        self.task = Task(self._download)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._succeeded)
        self.task.errored.connect(self._errored)

    def start(self) -> None:
        self.show()
        self.task.start()

    @staticmethod
    def _download(report) -> Path:
        from storyapp.illustrate import download_sdxl

        return download_sdxl(on_progress=report)

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))
            self.label.setText(f"{done / GB:.2f} of {total / GB:.2f} GB")
        else:
            self.label.setText(f"{done / GB:.2f} GB")

    def _succeeded(self, folder: object) -> None:
        self._finish(str(folder), "")

    def _errored(self, message: str) -> None:
        self._finish("", message)

    def _finish(self, folder: str, message: str) -> None:
        self.task.wait()
        self.accept()
        if folder:
            self.downloaded.emit(folder)
        else:
            self.failed.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task.isRunning():  # the download cannot be stopped half-way; it keeps its files
            event.ignore()
        else:
            super().closeEvent(event)

    def reject(self) -> None:
        if not self.task.isRunning():
            super().reject()
