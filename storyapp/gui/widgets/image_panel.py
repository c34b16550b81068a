"""The illustration beside the story: the picture, diffusion-step progress, the editable image
prompt and "New image"; or, without an image model, a plain word about it and a way to pick one."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .image_view import ImageView

NO_MODEL = (
    "<b>No image model yet.</b><br>Stories are written without pictures until you choose an "
    "SDXL model: a diffusers folder or a single <tt>.safetensors</tt> checkpoint."
)
OFF = "<b>Pictures are off.</b><br>Turn them on in Settings to illustrate stories."


class ImagePanel(QWidget):
    newImageRequested = Signal()
    chooseModel = Signal(str)  # 'folder', 'file' or 'download'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Illustration", objectName="sectionLabel")
        self.view = ImageView()
        self.progress = QProgressBar(objectName="imageProgress")
        self.progress.setAccessibleName("Painting progress")
        self.progress.setFormat("Painting: step %v of %m")
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)

        self.note = QLabel(objectName="imageNote")  # under the picture: a cancelled preview
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setVisible(False)
        self.note.linkActivated.connect(lambda _link: self.set_image(self._saved))
        self._saved: Path | None = None

        self.message = QLabel(objectName="imageModelMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose = QPushButton("Choose SDXL model…", objectName="chooseModelButton")
        self.choose.setAccessibleName("Choose SDXL model")
        menu = QMenu(self.choose)

        def choose(kind: str) -> Callable[[], None]:
            return lambda: self.chooseModel.emit(kind)

        for text, kind in (
            ("SDXL &folder (diffusers)…", "folder"),
            ("Single .&safetensors file…", "file"),
            ("&Download SDXL base (about 7 GB)…", "download"),
        ):
            menu.addAction(text, choose(kind))
        self.choose.setMenu(menu)
        no_model = QFrame(objectName="noModelBox")
        no_model.setStyleSheet(
            "QFrame#noModelBox { border: 1px dashed palette(mid); border-radius: 8px;"
            " background: palette(base); }"
        )
        col = QVBoxLayout(no_model)
        col.setContentsMargins(24, 24, 24, 24)
        col.addStretch(1)
        col.addWidget(self.message)
        col.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(no_model)

        self.prompt = QPlainTextEdit(objectName="promptEdit")
        self.prompt.setPlaceholderText("The image prompt written for the story appears here.")
        self.prompt.setTabChangesFocus(True)
        self.prompt.setAccessibleName("Image prompt")
        self.prompt.setAccessibleDescription("What the picture shows; edit it, then New image")
        self.prompt.setFixedHeight(self.prompt.fontMetrics().lineSpacing() * 4 + 18)
        prompt_label = QLabel("Image p&rompt", objectName="sectionLabel")
        prompt_label.setBuddy(self.prompt)
        self.new_image = QPushButton("New &image", objectName="newImageButton")
        self.new_image.setToolTip("Paint a new picture: a new seed, and your edits to the prompt")
        self.new_image.setAccessibleName("New image")
        self.new_image.setEnabled(False)

        foot = QHBoxLayout()
        foot.addWidget(prompt_label)
        foot.addStretch(1)
        foot.addWidget(self.new_image)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(title)
        box.addWidget(self.stack, 1)
        box.addWidget(self.progress)
        box.addWidget(self.note)
        box.addLayout(foot)
        box.addWidget(self.prompt)
        box.addStretch(0)
        self.new_image.clicked.connect(self.newImageRequested)
        self._prompt = ""

    def resizeEvent(self, event: QResizeEvent) -> None:
        # the picture square, the prompt right under it, spare height below both
        self.stack.setMaximumHeight(max(self.stack.minimumHeight(), self.width()))
        super().resizeEvent(event)

    def set_model_state(self, state: str, detail: str = "") -> None:
        """'ready', 'none' (no model chosen), 'off' (pictures off) or 'error' (detail: why)."""
        if state == "ready":
            self.stack.setCurrentIndex(0)
            self.view.setToolTip(f"Image model: {detail}")
            return
        if state == "error":
            text = f"<b>The image model could not be loaded.</b><br>{html.escape(detail)}"
        else:
            text = OFF if state == "off" else NO_MODEL
        self.message.setText(text)
        self.choose.setVisible(state != "off")
        self.stack.setCurrentIndex(1)

    def has_model(self) -> bool:
        return self.stack.currentIndex() == 0

    def set_image(self, path: str | Path | None) -> None:
        self.note.setVisible(False)
        self.view.set_image(path)

    def show_cancelled_preview(self, preview: QPixmap, i: int, n: int) -> None:
        """The last preview of a cancelled painting stays on screen, marked as not saved; the
        note's link puts the picture shown before back."""
        self._saved = self.view.path
        self.view.set_pixmap(preview)
        back = ' <a href="saved">Show the saved picture</a>' if self._saved else ""
        self.note.setText(f"Cancelled at step {i} of {n}: this preview was not saved.{back}")
        self.note.setVisible(True)

    def set_prompt(self, text: str) -> None:
        self._prompt = text
        self.prompt.setPlainText(text)

    def append_prompt(self, text: str) -> None:
        self.prompt.moveCursor(self.prompt.textCursor().MoveOperation.End)
        self.prompt.insertPlainText(text)

    def prompt_text(self) -> str:
        return self.prompt.toPlainText().strip()

    def prompt_edited(self) -> bool:
        return self.prompt_text() != self._prompt.strip()

    def start_steps(self, n: int) -> None:
        """Painting starts: `n` steps (0: not known yet; the bar waits for the first)."""
        self.progress.setRange(0, max(n, 1))
        self.progress.setValue(0)
        self.progress.setFormat("Starting to paint…")
        self.note.setVisible(False)
        self.progress.setVisible(True)

    def step(self, i: int, n: int) -> None:
        if self.progress.maximum() != n:
            self.progress.setRange(0, n)
        self.progress.setFormat("Painting: step %v of %m")
        self.progress.setValue(i)
        self.progress.setVisible(True)

    def end_steps(self) -> None:
        self.progress.setVisible(False)
