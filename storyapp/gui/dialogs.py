"""The failure dialog: what failed, in the words of the error, without stopping the app."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

TITLES = {
    "premise": "The premise could not be written",
    "story": "The story could not be written",
    "image": "The picture could not be painted",
    "load": "The language model could not be loaded",
    "image model": "The image model could not be loaded",
    "save": "The result could not be saved",
    "export": "The story could not be exported",
    "library": "The library could not be read",
    "download": "SDXL could not be downloaded",
}


def show_failure(parent: QWidget | None, what: str, message: str) -> QMessageBox:
    """A window-modal warning that does not block the event loop: the window keeps painting
    and the worker's next signals are handled while it shows."""
    box = QMessageBox(parent)
    box.setObjectName("failureDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("storyapp")
    box.setText(TITLES.get(what, f"{what.capitalize()} failed"))
    box.setInformativeText(message[:1].upper() + message[1:])
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName("Failure")
    box.setAccessibleDescription(message)
    box.open()
    return box
