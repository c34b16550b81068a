"""The premise: collapsible, editable, with "Rewrite from edited premise"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class PremiseBox(QWidget):
    rewriteRequested = Signal()
    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(objectName="premiseToggle")
        self.toggle.setText("&Premise")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show or hide the premise")
        self.rewrite = QPushButton("Rewrite from edited premise", objectName="rewriteButton")
        self.rewrite.setToolTip("Write a new story, image prompt and picture from this premise")
        self.rewrite.setAccessibleName("Rewrite from edited premise")
        self.rewrite.setEnabled(False)

        self.view = QPlainTextEdit(objectName="premiseView")
        self.view.setPlaceholderText("The premise the model writes from your idea appears here.")
        self.view.setTabChangesFocus(True)
        self.view.setAccessibleName("Premise")
        self.view.setAccessibleDescription("The story's premise; edit it, then rewrite from it")
        # resizable (the splitter below it): two lines at least, five to start with
        self.view.setMinimumHeight(self.view.fontMetrics().lineSpacing() * 2 + 18)
        self.start_height = self.view.fontMetrics().lineSpacing() * 5 + 18

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addStretch(1)
        head.addWidget(self.rewrite)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addLayout(head)
        box.addWidget(self.view)

        self._saved = ""
        self.toggle.toggled.connect(self.set_expanded)
        self.rewrite.clicked.connect(self.rewriteRequested)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.view.setVisible(expanded)
        # collapsed, the box is its heading alone, whatever height the splitter gave it
        self.setMaximumHeight(16777215 if expanded else self.toggle.sizeHint().height() + 4)
        self.toggled.emit(expanded)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_premise(self, text: str) -> None:
        """Show a saved version's premise (edits are measured against it)."""
        self._saved = text
        self.view.setPlainText(text)

    def clear(self) -> None:
        self.set_premise("")

    def append(self, text: str) -> None:
        self.view.moveCursor(self.view.textCursor().MoveOperation.End)
        self.view.insertPlainText(text)

    def premise(self) -> str:
        return self.view.toPlainText().strip()

    def is_edited(self) -> bool:
        return self.premise() != self._saved.strip()
