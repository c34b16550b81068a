"""A picture book on screen: the page list with thumbnails on the left, the pages one after
another (picture, then text) in the middle, the cast sheet on the right. Every request (reroll,
more pictures, choose, edit, split, delete, a new cast, repaint stale pages) leaves as a signal
carrying page indexes (0-based); the window turns it into a job for the worker."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from storyapp.story.book import Book

from .book_cast import CastEditor
from .book_page import PageCard, pixmap_of, scaled

THUMB_SIDE = 56


class BookView(QWidget):
    editSaved = Signal(int, str)
    rerollRequested = Signal(int)
    morePicturesRequested = Signal(int)
    splitRequested = Signal(int, int)
    deleteRequested = Signal(int)
    candidateChosen = Signal(int, int)
    castEdited = Signal(tuple)
    repaintStaleRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookView")
        self.book: Book | None = None
        self.cards: list[PageCard] = []
        self._busy = False

        self.title = QLabel("", objectName="bookTitle")
        self.title.setWordWrap(True)
        self.repaint_stale = QPushButton("Repaint stale pages", objectName="repaintStaleButton")
        self.repaint_stale.setToolTip(
            "Paint again the pages whose text changed after their picture"
        )
        self.repaint_stale.clicked.connect(self.repaintStaleRequested)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.repaint_stale)

        self.page_list = QListWidget(objectName="bookPageList")
        self.page_list.setAccessibleName("Pages")
        self.page_list.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.page_list.setMinimumWidth(150)
        self.page_list.setWordWrap(True)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_list.currentRowChanged.connect(self._page_picked)

        self.pages = QWidget(objectName="bookPages")
        self.column = QVBoxLayout(self.pages)
        self.column.setSpacing(14)
        self.scroller = QScrollArea(objectName="bookScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.pages)

        self.cast = CastEditor()
        self.cast.castEdited.connect(self.castEdited)

        split = QSplitter(Qt.Orientation.Horizontal, objectName="bookSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self.page_list)
        split.addWidget(self.scroller)
        split.addWidget(self.cast)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        split.setSizes([190, 560, 300])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(split, 1)
        self.set_book(None)

    def set_book(self, book: Book | None) -> None:
        """Show `book` (None: nothing), keeping the current page where it still exists."""
        keep = self.current_page()
        bar = self.scroller.verticalScrollBar()
        place = bar.value() if self.book is not None and book is not None else 0
        self.book = book
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        self.page_list.blockSignals(True)
        self.page_list.clear()
        while self.column.count():
            self.column.takeAt(0)
        pages = book.pages if book else ()
        for i, page in enumerate(pages):
            card = PageCard(i, page, len(pages))
            card.editSaved.connect(self.editSaved)
            card.rerollRequested.connect(self.rerollRequested)
            card.morePicturesRequested.connect(self.morePicturesRequested)
            card.splitRequested.connect(self.splitRequested)
            card.deleteRequested.connect(self.deleteRequested)
            card.candidateChosen.connect(self.candidateChosen)
            card.focused.connect(self.select_page)
            self.column.addWidget(card)
            card.show()  # now, not when the layout gets round to it
            self.cards.append(card)
            item = QListWidgetItem(page_label(i, page.text, page.stale))
            thumb = scaled(pixmap_of(page.image), THUMB_SIDE)
            if not thumb.isNull():
                item.setIcon(QIcon(thumb))
            item.setToolTip(page.text)
            self.page_list.addItem(item)
        self.column.addStretch(1)
        if pages:
            self.page_list.setCurrentRow(min(max(keep, 0), len(pages) - 1))
        self.page_list.blockSignals(False)
        # the same place in the book once the new pages are laid out, not back at the top
        QTimer.singleShot(0, bar, lambda: bar.setValue(place))
        self.title.setText(f"<b>{html.escape(book.title)}</b> · {len(pages)} pages" if book else "")
        self.cast.set_cast(book.cast if book else (), book.style if book else "")
        self.set_busy(self._busy)

    def stale_pages(self) -> list[int]:
        return [i for i, p in enumerate(self.book.pages) if p.stale] if self.book else []

    def current_page(self) -> int:
        """The page picked in the list (0-based), or -1."""
        return self.page_list.currentRow()

    def select_page(self, index: int) -> None:
        """Mark page `index` as the one the Book menu acts on, without scrolling to it."""
        if 0 <= index < len(self.cards):
            self.page_list.blockSignals(True)
            self.page_list.setCurrentRow(index)
            self.page_list.blockSignals(False)

    def show_forming(self, index: int, picture: QPixmap, step: int, steps: int) -> None:
        """Page `index` (0-based)'s picture as it forms; nothing for a page the view lacks."""
        if 0 <= index < len(self.cards):
            self.cards[index].show_forming(picture, step, steps)

    def set_busy(self, busy: bool) -> None:
        """While a job runs nothing can be asked for; the pages can still be read."""
        self._busy = busy
        for card in self.cards:
            card.set_busy(busy)
        self.cast.set_busy(busy)
        stale = len(self.stale_pages())
        self.repaint_stale.setText(
            f"Repaint stale pages ({stale})" if stale else "Repaint stale pages"
        )
        self.repaint_stale.setEnabled(not busy and stale > 0)

    def _page_picked(self, row: int) -> None:
        if 0 <= row < len(self.cards):
            self.scroller.verticalScrollBar().setValue(self.cards[row].y())


def page_label(index: int, text: str, stale: bool) -> str:
    words = " ".join(text.split()[:6])
    mark = " · out of date" if stale else ""
    return f"Page {index + 1}{mark}\n{words}…"
