"""One page of a picture book on screen: its picture, the stale mark when the text changed after
the picture was painted, its text (editable in place), the page's commands, and the other
pictures made for it side by side, each with Choose. It only shows and asks; the window runs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyapp.illustrate import RenderedImage
from storyapp.story.book import MIN_PAGES, Page

from .preview_image import qimage_from_pil
from .story_view import SERIF

PICTURE_SIDE = 300  # the page's picture, at most, in pixels
CANDIDATE_SIDE = 150
STALE_STYLE = "QLabel { background: #fff3cd; color: #664d03; border-radius: 4px; padding: 4px; }"
STALE_TEXT = "Out of date: the text changed after this picture was painted. Repaint stale pages."
UNPAINTED_TEXT = "Not painted yet (the book was cancelled while painting). Repaint stale pages."


def pixmap_of(picture: RenderedImage | None) -> QPixmap:
    return QPixmap.fromImage(qimage_from_pil(picture.image)) if picture else QPixmap()


def scaled(pixmap: QPixmap, side: int) -> QPixmap:
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class PageCard(QFrame):
    """Page `index` (0-based). Its signals carry the index."""

    editSaved = Signal(int, str)  # the page's new text
    rerollRequested = Signal(int)
    morePicturesRequested = Signal(int)
    splitRequested = Signal(int, int)  # page, where in its text (characters)
    deleteRequested = Signal(int)
    candidateChosen = Signal(int, int)  # page, which candidate
    focused = Signal(int)

    def __init__(self, index: int, page: Page, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index, self.page, self.count = index, page, count
        self.setObjectName(f"bookPage{index + 1}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Page {index + 1} of {count}")

        head = QLabel(f"Page {index + 1} of {count}", objectName="sectionLabel")
        self.picture = QLabel(objectName="pagePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(f"Picture of page {index + 1}")
        shown = scaled(pixmap_of(page.image), PICTURE_SIDE)
        if shown.isNull():
            self.picture.setText("No picture yet")
            self.picture.setMinimumHeight(120)
        else:
            self.picture.setPixmap(shown)
        self.stale = QLabel(STALE_TEXT if page.image else UNPAINTED_TEXT, objectName="staleMark")
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet(STALE_STYLE)
        self.stale.setVisible(page.stale)
        self.text = QLabel(page.text, objectName="pageText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont()
        font.setFamilies(SERIF)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.text.setFont(font)
        self.editor = QPlainTextEdit(objectName="pageEditor")
        self.editor.setAccessibleName(f"Text of page {index + 1}")
        self.editor.setVisible(False)

        self.edit = QPushButton("&Edit text", objectName="editPageButton")
        self.edit.setCheckable(True)
        self.edit.setToolTip("Edit this page's text; press again to save it as a new version")
        self.reroll = QPushButton("Reroll", objectName="rerollPageButton")
        self.reroll.setToolTip("Paint this page again with a new seed; the other pages stay")
        self.more = QPushButton("More pictures", objectName="morePicturesButton")
        self.more.setToolTip("Paint several pictures for this page at once and choose one")
        self.split = QPushButton("Split", objectName="splitPageButton")
        self.split.setToolTip("Cut this page in two (at the cursor while editing)")
        self.delete = QPushButton("Delete", objectName="deletePageButton")
        self.delete.setToolTip("Take this page out of the book (a new version)")
        self.delete.setEnabled(count > MIN_PAGES)
        buttons = QHBoxLayout()
        for b in (self.edit, self.reroll, self.more, self.split, self.delete):
            buttons.addWidget(b)
            b.pressed.connect(lambda: self.focused.emit(self.index))  # the page acted on
        buttons.addStretch(1)

        box = QVBoxLayout(self)
        box.setSpacing(8)
        box.addWidget(head)
        box.addWidget(self.picture)
        box.addWidget(self.stale)
        box.addWidget(self.text)
        box.addWidget(self.editor)
        box.addLayout(buttons)
        self.candidates = self._candidates_row(page.candidates)
        if self.candidates is not None:
            box.addWidget(self.candidates)

        self.edit.toggled.connect(self._edit_toggled)
        self.reroll.clicked.connect(lambda: self.rerollRequested.emit(self.index))
        self.more.clicked.connect(lambda: self.morePicturesRequested.emit(self.index))
        self.split.clicked.connect(lambda: self.splitRequested.emit(self.index, self.split_at()))
        self.delete.clicked.connect(lambda: self.deleteRequested.emit(self.index))

    def show_forming(self, picture: QPixmap, step: int, steps: int) -> None:
        """The page's new picture as it forms, in place of its old one until the finished book
        comes back (the view is then built again)."""
        self.picture.setPixmap(scaled(picture, PICTURE_SIDE))
        self.picture.setToolTip(f"Forming: step {step} of {steps}")
        self.picture.setAccessibleDescription(f"The new picture, forming: step {step} of {steps}")

    def _candidates_row(self, candidates: tuple[RenderedImage, ...]) -> QWidget | None:
        if not candidates:
            return None
        row = QWidget(objectName="candidatesRow")
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(QLabel("Other pictures for this page", objectName="sectionLabel"))
        line = QHBoxLayout()
        for k, picture in enumerate(candidates):
            cell = QVBoxLayout()
            thumb = QLabel(objectName=f"candidate{k + 1}")
            thumb.setPixmap(scaled(pixmap_of(picture), CANDIDATE_SIDE))
            thumb.setAccessibleName(f"Other picture {k + 1} for page {self.index + 1}")
            choose = QPushButton("Choose", objectName=f"chooseCandidate{k + 1}")
            choose.setToolTip("Make this the page's picture (the current one is kept here)")
            choose.clicked.connect(lambda _=False, k=k: self.candidateChosen.emit(self.index, k))
            cell.addWidget(thumb)
            cell.addWidget(choose)
            line.addLayout(cell)
        line.addStretch(1)
        column.addLayout(line)
        return row

    def set_busy(self, busy: bool) -> None:
        for b in (self.edit, self.reroll, self.more, self.split, self.delete):
            b.setEnabled(not busy and (b is not self.delete or self.count > MIN_PAGES))
        if self.candidates is not None:
            for b in self.candidates.findChildren(QPushButton):
                b.setEnabled(not busy)

    def split_at(self) -> int:
        """Where Split cuts: the cursor while editing, else the paragraph or sentence break
        nearest the middle of the text."""
        if self.edit.isChecked():
            return self.editor.textCursor().position()
        return middle_break(self.page.text)

    def _edit_toggled(self, on: bool) -> None:
        self.focused.emit(self.index)
        if on:
            self.editor.setPlainText(self.page.text)
            self.editor.setMinimumHeight(max(120, self.text.sizeHint().height() + 24))
            self.edit.setText("Save &edit")
        else:
            self.edit.setText("&Edit text")
        self.text.setVisible(not on)
        self.editor.setVisible(on)
        if on:
            self.editor.setFocus()
            return
        text = self.editor.toPlainText().strip()
        if text and text != self.page.text.strip():
            self.editSaved.emit(self.index, text)

    def mousePressEvent(self, event) -> None:
        self.focused.emit(self.index)
        super().mousePressEvent(event)


def middle_break(text: str) -> int:
    """The paragraph break nearest the middle of `text`, else the sentence end nearest it, else
    the middle itself: where a page splits when no place was chosen."""
    middle = len(text) // 2
    for marks in (("\n\n", "\n"), (". ", "! ", "? ")):
        breaks = [
            i + len(m)
            for m in marks
            for i in range(len(text))
            if text.startswith(m, i) and 0 < i + len(m) < len(text)
        ]
        if breaks:
            return min(breaks, key=lambda at: abs(at - middle))
    return middle
