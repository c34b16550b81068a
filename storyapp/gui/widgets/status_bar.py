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

STAGE_NAMES = {
    "premise": "Writing the premise",
    "story": "Writing the story",
    "prompts": "Writing the scene prompts",
    "image": "Painting",
}


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
        self.undo = QPushButton("&Undo", objectName="undoButton")
        self.undo.setAccessibleName("Undo")
        self.undo.setVisible(False)
        self.addWidget(self.undo)
        self.addPermanentWidget(self.speed)
        self.addPermanentWidget(self.times)
        self.addPermanentWidget(self.notes)
        self._start = 0.0
        self._tokens = 0
        self._stage = ""
        self._row = ""
        self._row_tokens = 0
        self._limits: dict[str, int] = {}
        self._done: dict[str, float] = {}

    def show_stage(self, text: str, busy: bool = True) -> None:
        self.stage.setText(text)
        self.stage.setToolTip("")
        self.busy.setVisible(busy)
        self.fix.setVisible(False)
        self.undo.setVisible(False)

    def not_loaded(self, why: str) -> None:
        """The language model could not be loaded: why, and a button to the setting at fault."""
        self.show_stage("Language model not loaded: " + why.split("; ")[0], busy=False)
        self.stage.setToolTip(why)
        self.fix.setVisible(True)

    def run_started(self, limits: dict[str, int] | None = None) -> None:
        """A new run, or another story on screen: the last run's figures go. `limits`: the
        most tokens each text row may write, for the horizon of its stage."""
        self._done = {}
        self._limits = dict(limits or {})
        self.times.setText("")
        self.speed.setText("")

    def stage_started(self, stage: str, rows: list[str] | tuple[str, ...] = ()) -> None:
        self._start, self._tokens, self._stage = time.perf_counter(), 0, stage
        # the row that sets the horizon: the longest a stage writes (the story, not its prompt)
        self._row = max(rows, key=lambda r: self._limits.get(r, 0)) if rows else ""
        self._row_tokens = 0
        self.show_stage(STAGE_NAMES.get(stage, stage) + "…")
        if stage != "image":
            self.speed.setText("")

    def token(self, row: str = "") -> None:
        self._tokens += 1
        if row == self._row:
            self._row_tokens += 1
        seconds = time.perf_counter() - self._start
        limit = self._limits.get(self._row, 0)
        so_far = f"{self._row_tokens} / {limit} tokens" if limit else f"{self._tokens} tokens"
        text = f"{STAGE_NAMES.get(self._stage, self._stage)}: {so_far}"
        if seconds > 0.2 and self._row_tokens:
            rate = self._row_tokens / seconds
            text += f" · {self._tokens / seconds:.1f} tokens/s"
            if limit:
                text += f" · at most {_duration((limit - self._row_tokens) / rate)} left"
        self.stage.setText(text)

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


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"
