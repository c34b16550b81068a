"""Train adapters for this model: the estimate first (settings, memory, minutes), then both
adapters trained in the background with step, loss and time left, and Cancel (a checkpoint is
kept: Start continues from it). The result is used from the next Generate on."""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from .models_dialog import BackgroundTask


class TrainingDialog(QDialog):
    finished_training = Signal(object)  # name -> folder
    stopped = Signal(str)

    def __init__(
        self,
        model: str,
        device: str = "auto",
        parent=None,
        max_steps: int | None = None,
        eval_ideas: int = 8,
        eval_max_tokens: int | None = None,
    ):
        super().__init__(parent)
        self.eval_ideas, self.eval_max_tokens = eval_ideas, eval_max_tokens
        self.setObjectName("trainingDialog")
        self.setWindowTitle("Train adapters for this model")
        self.model, self.device, self.max_steps = model, device, max_steps
        self.run = None
        self.estimate = QLabel("Working out what training needs here…")
        self.estimate.setObjectName("trainingEstimate")
        self.estimate.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Training progress")
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.status = QLabel("")
        self.status.setObjectName("trainingStatus")
        self.status.setWordWrap(True)
        self.start_button = QPushButton("Start")
        self.start_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        for b in (self.start_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        box = QVBoxLayout(self)
        for w in (self.estimate, self.bar, self.status):
            box.addWidget(w)
        box.addLayout(buttons)
        self.resize(560, 180)
        self.stop = threading.Event()
        self.task = BackgroundTask(self._prepare)
        self.task.succeeded.connect(self._prepared)
        self.task.errored.connect(self._not_possible)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.task.start()

    def _prepare(self, report):
        from storyapp.service.adapter_training import prepare

        return prepare(self.model, self.device)

    def _prepared(self, run) -> None:
        self.task.wait()
        self.run = run
        self.estimate.setText(
            f"{run.describe()}. The adapters go to {run.dest} and are used from the next "
            "Generate on."
        )
        self.start_button.setEnabled(True)

    def _not_possible(self, message: str) -> None:
        self.task.wait()
        self.estimate.setText(message)

    def start(self) -> None:
        if self.run is None or self.task.isRunning():
            return
        self.stop.clear()
        self.task = BackgroundTask(self._train)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._done)
        self.task.errored.connect(self._stopped)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Loading the model for training…")
        self.task.start()

    def _train(self, report):
        from storyapp.service.adapter_training import train_adapters

        return train_adapters(
            self.run,
            self.model,
            self.device,
            self.max_steps,
            on_step=lambda *step: report(step),
            should_stop=self.stop.is_set,
            eval_ideas=self.eval_ideas,
            eval_max_tokens=self.eval_max_tokens,
        )

    def cancel(self) -> None:
        self.stop.set()
        self.status.setText("Stopping after this step…")

    def _progress(self, step) -> None:
        name, i, total, loss, per_step = step
        self.bar.setValue(int(1000 * i / total))
        left = (total - i) * per_step
        self.status.setText(
            f"{name}: step {i} of {total}, loss {loss:.3f}, {left / 60:.1f} min left for it"
        )

    def _done(self, folders) -> None:
        self.task.wait()
        self.bar.setValue(1000)
        self.cancel_button.setEnabled(False)
        self.status.setText("Done: " + ", ".join(f"{n} in {f}" for n, f in folders.items()))
        self.finished_training.emit(folders)

    def _stopped(self, message: str) -> None:
        self.task.wait()
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        if message.startswith("training stopped"):  # the checkpoint is kept
            step = message.split(";")[0].removeprefix("training stopped ")
            message = f"Stopped {step}. Start continues from there."
        self.status.setText(message)
        self.stopped.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task.isRunning():
            self.cancel()
            event.ignore()
        else:
            super().closeEvent(event)

    def reject(self) -> None:
        if self.task.isRunning():
            self.cancel()
        else:
            super().reject()
