"""Models: the catalog with a recommendation for this machine, downloads with progress and
Cancel, and the way to adapters for the model in use (Train adapters for this model). Shown from
the File menu, and on the first run while the app has only its small built-in model."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyapp.service.catalog import CATALOG, CatalogEntry, recommend
from storyapp.service.model_download import installed

from .widgets.models_table import ModelsTable

OFFERED_KEY = "models/offered"  # the first-run catalog was shown once


class BackgroundTask(QThread):
    """`fn(report)` on a thread; what it reports, returns or raises comes back as signals (any
    Python object: byte counts pass 2 GB, which an int signal cannot carry)."""

    progress = Signal(object)
    succeeded = Signal(object)
    errored = Signal(str)

    def __init__(self, fn: Callable[[Callable[[Any], None]], Any]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(self.progress.emit)
        except Exception as e:
            self.errored.emit(str(e) or type(e).__name__)
        else:
            self.succeeded.emit(result)


def this_machine() -> tuple[str, int | None, int]:
    """(in words, the GPU's free memory or None, the RAM), as `storyapp doctor` sees them: a
    simulated card ($STORYAPP_SIMULATE_GPU) counts as one."""
    from storyapp.story import Settings
    from storyapp.story.setup import free_card

    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
    card = free_card(Settings())
    if card is None:
        return f"CPU only, {ram / 1e9:.0f} GB of memory", None, ram
    name, free = card
    return f"{name} with {free / 1e9:.1f} GB free, {ram / 1e9:.0f} GB of memory", free, ram


class ModelsDialog(QDialog):
    downloaded = Signal(str, str)  # catalog name, folder: complete and verified
    failed = Signal(str)
    trainRequested = Signal()

    def __init__(self, model: str = "default", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsDialog")
        self.setWindowTitle("Models")
        self.model = model
        words, gpu, ram = this_machine()
        self.recommended = recommend(gpu, ram)
        self.machine = QLabel(f"This machine: {words}.")
        self.advice = QLabel(
            f"Recommended here: <b>{self.recommended.title}</b> "
            f"({self.recommended.size / 1e9:.1f} GB to download)."
        )
        self.table = ModelsTable()
        self.table.recommend(self.recommended)
        self.status = QLabel("Pick a model and press Download.")
        self.status.setObjectName("modelsStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Download progress")
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.download_button = QPushButton("Download")
        self.cancel_button = QPushButton("Cancel download")
        self.cancel_button.setEnabled(False)
        self.train_button = QPushButton("Train adapters for this model…")
        self.train_button.setToolTip(
            "Story and image-prompt adapters for the model the app runs now, from the shipped "
            "training data"
        )
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        for b in (self.download_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.close_button)
        box = QVBoxLayout(self)
        for w in (self.machine, self.advice, self.table, self.bar, self.status):
            box.addWidget(w)
        box.addLayout(buttons)
        self.resize(900, 420)
        self.cancel_event = threading.Event()
        self.task: BackgroundTask | None = None
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.train_button.clicked.connect(self.trainRequested.emit)
        self.close_button.clicked.connect(self.reject)

    # --- downloading

    def start_download(self) -> None:
        entry = self.table.selected_entry()
        if entry is None or self.busy:
            return
        self.entry, self.started = entry, time.monotonic()
        self.cancel_event.clear()
        self.task = BackgroundTask(self._fetch)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._succeeded)
        self.task.errored.connect(self._errored)
        self._set_busy(True)
        self.status.setText(f"Downloading {entry.title}…")
        self.task.start()

    def _fetch(self, report) -> str:
        from storyapp.service.model_download import download_model

        return str(download_model(self.entry, on_progress=report, cancel=self.cancel_event))

    def cancel_download(self) -> None:
        self.cancel_event.set()
        self.status.setText("Stopping…")

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def _progress(self, p) -> None:
        if p.total:
            self.bar.setValue(int(1000 * p.done / p.total))
        left = p.seconds_left
        eta = f", {left / 60:.0f} min left" if left is not None and left >= 90 else ""
        eta = eta or (f", {left:.0f} s left" if left is not None else "")
        self.status.setText(
            f"{self.entry.title}: {p.done / 1e9:.2f} of {p.total / 1e9:.2f} GB, "
            f"{p.rate / 1e6:.1f} MB/s{eta}"
        )

    def _succeeded(self, folder: object) -> None:
        self._set_busy(False)
        self.bar.setValue(1000)
        self.table.refresh()
        self.table.select(self.entry.name)
        self.status.setText(f"{self.entry.title} is ready in {folder}.")
        self.downloaded.emit(self.entry.name, str(folder))

    def _errored(self, message: str) -> None:
        self._set_busy(False)
        self.status.setText(message)
        self.failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        if not busy and self.task is not None:
            self.task.wait()
        self.download_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.table.setEnabled(not busy)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:  # stop first: the files finished so far are kept for next time
            self.cancel_download()
            event.ignore()
        else:
            super().closeEvent(event)

    def reject(self) -> None:
        if self.busy:
            self.cancel_download()
        else:
            super().reject()


def first_run_wanted(model: str, offered: bool) -> bool:
    """On the first run, while the app has only its built-in model and nothing downloaded."""
    if offered or model != "default":
        return False
    return not any(installed(e) for e in CATALOG if e.kind == "text")


def open_models(window: QMainWindow) -> ModelsDialog:
    """The Models dialog for the window: a downloaded model becomes the one the app uses, and
    Train adapters opens the training dialog for the model in use."""
    settings = window.settings  # type: ignore[attr-defined]
    dialog = ModelsDialog(settings.model, window)

    def use(name: str, folder: str) -> None:
        entry: CatalogEntry = next(e for e in CATALOG if e.name == name)
        s = window.settings  # type: ignore[attr-defined]
        if entry.kind == "text":
            window.apply_settings(replace(s, model=name))  # type: ignore[attr-defined]
        elif name == "sdxl-base-1.0":
            window.apply_settings(replace(s, sdxl=folder, image=True))  # type: ignore[attr-defined]

    def train() -> None:
        from .models_training_dialog import TrainingDialog

        s = window.settings  # type: ignore[attr-defined]
        TrainingDialog(s.model, s.device, dialog).show()

    dialog.downloaded.connect(use)
    dialog.trainRequested.connect(train)
    dialog.show()
    return dialog


def add_models_menu(window: QMainWindow) -> QAction:
    """A 'Models…' entry in the window's first menu."""
    action = QAction("Models…", window)
    action.setObjectName("modelsAction")
    action.triggered.connect(lambda: open_models(window))
    menus = window.menuBar().actions()
    first = menus[0].menu() if menus else None
    if isinstance(first, QMenu) and first.actions():
        first.insertAction(first.actions()[-1], action)  # before Quit
    else:
        window.menuBar().addAction(action)
    return action


def offer_on_first_run(window: QMainWindow) -> ModelsDialog | None:
    """The catalog, once, on a first run with nothing but the built-in model."""
    store = window.store  # type: ignore[attr-defined]
    offered = str(store.value(OFFERED_KEY, "")).lower() in ("true", "1")
    if not first_run_wanted(window.settings.model, offered):  # type: ignore[attr-defined]
        return None
    store.set_value(OFFERED_KEY, True)
    return open_models(window)
