"""A path in a line edit, with buttons to pick a folder or a file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class PathField(QWidget):
    changed = Signal(str)

    def __init__(
        self,
        name: str,
        placeholder: str = "",
        folder: bool = True,
        file_filter: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`folder`: offer "Folder…"; `file_filter` (e.g. 'Checkpoints (*.safetensors)'):
        offer "File…" too."""
        super().__init__(parent)
        self.name = name
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(name)
        self.edit.setClearButtonEnabled(True)
        self.file_filter = file_filter
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        if folder:
            b = QPushButton("Folder…")
            b.setAccessibleName(f"Choose a folder for {name}")
            b.clicked.connect(self.pick_folder)
            row.addWidget(b)
        if file_filter:
            b = QPushButton("File…")
            b.setAccessibleName(f"Choose a file for {name}")
            b.clicked.connect(self.pick_file)
            row.addWidget(b)
        self.edit.textChanged.connect(self.changed)

    def path(self) -> str:
        return self.edit.text().strip()

    def set_path(self, path: str) -> None:
        self.edit.setText(path)

    def pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, f"Choose {self.name}", self.path())
        if path:
            self.set_path(path)

    def pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, f"Choose {self.name}", self.path(), self.file_filter or ""
        )
        if path:
            self.set_path(path)
