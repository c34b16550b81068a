"""The idea box: what the story should be about, with Generate and Cancel beside it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)


class IdeaBox(QWidget):
    generateRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit(objectName="ideaEdit")
        self.edit.setPlaceholderText(
            "A few words about the story you want, e.g. “a lighthouse keeper befriends a "
            "talking whale”.  Ctrl+Enter to generate."
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName("Story idea")
        self.edit.setAccessibleDescription("Describe the story to write; Ctrl+Enter generates it")
        line = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(line * 3 + 18)
        label = QLabel("Story &idea")
        label.setBuddy(self.edit)
        label.setObjectName("sectionLabel")

        self.generate = QPushButton("&Generate", objectName="generateButton")
        self.generate.setDefault(True)
        self.generate.setToolTip("Write a premise, the story and its picture (Ctrl+Enter)")
        self.generate.setAccessibleName("Generate story")
        self.cancel = QPushButton("Cancel", objectName="cancelButton")
        self.cancel.setToolTip("Stop the stage that is running (Esc)")
        self.cancel.setAccessibleName("Cancel generation")
        self.cancel.setEnabled(False)
        for b in (self.generate, self.cancel):
            b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            b.setMinimumWidth(120)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.addWidget(label, 0, 0, 1, 2)
        grid.addWidget(self.edit, 1, 0, 2, 1)
        grid.addWidget(self.generate, 1, 1)
        grid.addWidget(self.cancel, 2, 1)
        grid.setColumnStretch(0, 1)

        self.generate.clicked.connect(self.generateRequested)
        self.cancel.clicked.connect(self.cancelRequested)

    def idea(self) -> str:
        return self.edit.toPlainText().strip()

    def set_idea(self, text: str) -> None:
        self.edit.setPlainText(text)

    def set_running(self, running: bool) -> None:
        self.generate.setEnabled(not running)
        self.cancel.setEnabled(running)
