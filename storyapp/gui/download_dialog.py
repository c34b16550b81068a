"""Downloading the official SDXL base (about 7 GB) when the user asks for it, with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from .tasks import Task

GB = 2**30


def confirm_download(parent: QWidget | None) -> bool:
    answer = QMessageBox.question(
        parent,
        "Download SDXL base",
        "Download Stable Diffusion XL base 1.0 from the Hugging Face Hub?\n\n"
        "It is about 7 GB; files already downloaded are kept if it is interrupted.",
    )
    return answer == QMessageBox.StandardButton.Yes


class DownloadDialog(QDialog):
    done = Signal(str)  # the folder, ready to use
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
            self.done.emit(folder)
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
