"""What a user does with the picture itself: save it as a file, copy it, look at it full size."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .widgets.image_view import ImageView


class PictureActions:
    def __init__(self, view: ImageView, parent: QWidget) -> None:
        self.view, self.parent = view, parent
        self.save = QAction("&Save picture as…", parent, objectName="savePictureAction")
        self.copy = QAction("&Copy picture", parent, objectName="copyPictureAction")
        self.full = QAction("View &full size", parent, objectName="fullSizeAction")
        self.save.triggered.connect(lambda: self.save_as())
        self.copy.triggered.connect(self.copy_picture)
        self.full.triggered.connect(lambda: self.full_size())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([self.full, self.copy, self.save])
        self.update()

    def update(self) -> None:
        has = self.view.path is not None
        for action in (self.save, self.copy, self.full):
            action.setEnabled(has)

    def save_as(self, target: str | None = None) -> Path | None:
        """Copy the PNG (its settings in the metadata) to a file the user picks."""
        source = self.view.path
        if source is None:
            return None
        if target is None:
            docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
            target, _ = QFileDialog.getSaveFileName(
                self.parent,
                "Save picture as",
                str(Path(docs or Path.home()) / source.name),
                "PNG pictures (*.png)",
            )
        if not target:
            return None
        out = Path(target).with_suffix(".png")
        shutil.copyfile(source, out)
        return out

    def copy_picture(self) -> None:
        if self.view.path is not None:
            QGuiApplication.clipboard().setPixmap(self.view.pixmap())

    def full_size(self) -> QDialog | None:
        if self.view.path is None:
            return None
        dialog = QDialog(self.parent, objectName="fullSizeDialog")
        dialog.setWindowTitle(self.view.path.name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label = QLabel()
        label.setPixmap(self.view.pixmap())
        label.setAccessibleName("Picture at full size")
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        box = QVBoxLayout(dialog)
        box.addWidget(scroll, 1)
        box.addWidget(buttons)
        size = self.view.pixmap().size()
        dialog.resize(min(size.width() + 40, 1400), min(size.height() + 80, 1000))
        dialog.open()
        return dialog
