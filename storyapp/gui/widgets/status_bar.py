"""The status bar: what runs now, how fast, and how long each stage took."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QStyle,
    QToolButton,
    QWidget,
)

STAGE_NAMES = {"premise": "Writing the premise", "story": "Writing the story", "image": "Painting"}


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.stage = QLabel(objectName="stageLabel")
        self.speed = QLabel(objectName="speedLabel")
        self.times = QLabel(objectName="timesLabel")
        self.busy = QProgressBar(objectName="busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Working")
        for label, name in ((self.stage, "Stage"), (self.speed, "Speed"), (self.times, "Times")):
            label.setAccessibleName(name)
        self.notes = QToolButton(objectName="notesButton")
        self.notes.setAutoRaise(True)
        self.notes.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        info = QStyle.StandardPixmap.SP_MessageBoxInformation
        self.notes.setIcon(self.style().standardIcon(info))
        self.notes.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.notes.setMenu(QMenu(self.notes))
        self.notes.setAccessibleName("Notes about the last runs")
        self.notes.setVisible(False)
        self.fix = QPushButton("Open Settings…", objectName="fixSettingsButton")
        self.fix.setToolTip("Open the setting that stops the language model from loading")
        self.fix.setAccessibleName("Open the settings to fix this")
        self.fix.setVisible(False)
        self.addWidget(self.busy)
        self.addWidget(self.stage, 1)
        self.addWidget(self.fix)
        self.addPermanentWidget(self.speed)
        self.addPermanentWidget(self.times)
        self.addPermanentWidget(self.notes)
        self._start = 0.0
        self._tokens = 0
        self._stage = ""
        self._done: dict[str, float] = {}

    def show_stage(self, text: str, busy: bool = True) -> None:
        self.stage.setText(text)
        self.stage.setToolTip("")
        self.busy.setVisible(busy)
        self.fix.setVisible(False)

    def not_loaded(self, why: str) -> None:
        """The language model could not be loaded: why, and a button to the setting at fault."""
        self.show_stage("Language model not loaded: " + why.split("; ")[0], busy=False)
        self.stage.setToolTip(why)
        self.fix.setVisible(True)

    def run_started(self) -> None:
        self._done = {}
        self.times.setText("")
        self.speed.setText("")

    def stage_started(self, stage: str) -> None:
        self._start, self._tokens, self._stage = time.perf_counter(), 0, stage
        self.show_stage(STAGE_NAMES.get(stage, stage) + "…")
        if stage != "image":
            self.speed.setText("")

    def token(self) -> None:
        self._tokens += 1
        seconds = time.perf_counter() - self._start
        if seconds > 0.2:
            self.speed.setText(f"{self._stage} {self._tokens / seconds:.1f} tokens/s")

    def step(self, i: int, n: int) -> None:
        self.stage.setText(f"Painting: step {i} of {n}")

    def stage_done(self, stage: str, seconds: float, count: int, per_s: float) -> None:
        unit = "steps/s" if stage == "image" else "tokens/s"
        if stage != "image" or not self.speed.text():  # keep showing the text's speed
            self.speed.setText(f"{stage} {per_s:.1f} {unit}")
        self._done[stage] = seconds
        self.times.setText("  ·  ".join(f"{s} {t:.1f} s" for s, t in self._done.items()))

    def set_notes(self, notes: list[str]) -> None:
        """Things the user should know that did not stop a run (e.g. a missing adapter)."""
        menu = self.notes.menu()
        menu.clear()
        for note in notes:
            menu.addAction(note).setEnabled(False)
        self.notes.setText(f"{len(notes)} note{'s' if len(notes) != 1 else ''}")
        self.notes.setToolTip("\n\n".join(notes))
        self.notes.setVisible(bool(notes))

    def idle(self, text: str = "Ready") -> None:
        self.show_stage(text, busy=False)
