"""Asking before something the user made is thrown away: a question with plain button words."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, text: str, detail: str, go: str, stay: str) -> bool:
    """True when the user picks `go`; `stay` is the default and what Esc picks."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("storyapp")
    box.setText(text)
    box.setInformativeText(detail)
    yes = box.addButton(go, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
