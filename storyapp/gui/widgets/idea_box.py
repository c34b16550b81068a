"""The idea box: what the story should be about, with Generate, Cancel and the number of pages
beside it (1: one story with one picture; 2 to 12: a picture book, a picture on every page)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from storyapp.story.book import MAX_PAGES


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
        self.pages = QSpinBox(objectName="pagesSpin")
        self.pages.setRange(1, MAX_PAGES)
        self.pages.setValue(1)
        self.pages.setSpecialValueText("1 (one picture)")
        self.pages.setToolTip(
            f"1: a story with one picture. 2 to {MAX_PAGES}: a picture book, the story told in "
            "that many pages, each with its own picture and the same characters throughout"
        )
        self.pages.setAccessibleName("Pages")
        pages_label = QLabel("&Pages")
        pages_label.setBuddy(self.pages)
        for b in (self.generate, self.cancel):
            b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            b.setMinimumWidth(120)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.addWidget(label, 0, 0)
        pages_row = QHBoxLayout()
        pages_row.setSpacing(6)
        pages_row.addStretch(1)
        pages_row.addWidget(pages_label)
        pages_row.addWidget(self.pages)
        grid.addLayout(pages_row, 0, 1)
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

    def page_count(self) -> int:
        """1 for a one-picture story, else the pages of the book to make."""
        return self.pages.value()

    def set_running(self, running: bool) -> None:
        self.generate.setEnabled(not running)
        self.pages.setEnabled(not running)
        self.cancel.setEnabled(running)
