"""The library browser: earlier stories, newest first, with a filter; open one to go on with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyapp.library import Library

from .widgets.story_list import matches, searchable

ID_ROLE = Qt.ItemDataRole.UserRole
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1


class LibraryBrowser(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        """Raises LibraryError when the library cannot be read."""
        super().__init__(parent)
        self.setObjectName("libraryBrowser")
        self.setWindowTitle("Open a story")
        self.filter = QLineEdit(objectName="libraryFilter")
        self.filter.setPlaceholderText("Search ideas, titles, text…")
        self.filter.setAccessibleName("Filter stories")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(objectName="storiesList")
        self.tree.setHeaderLabels(["Title", "Versions", "Last changed"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Stories in the library")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        box = QVBoxLayout(self)
        box.addWidget(self.filter)
        box.addWidget(self.tree, 1)
        box.addWidget(self.buttons)
        self.resize(640, 460)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tree.itemActivated.connect(lambda *_: self.accept())
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.filter.textChanged.connect(self._filter)
        self._load()

    def _load(self) -> None:
        with Library.open() as lib:
            for card in lib.story_cards():
                story, newest, count = card.story, card.newest, card.versions
                when = story.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
                title = story.title or newest.title or "Untitled story"
                item = QTreeWidgetItem([title, str(count), when])
                item.setData(0, ID_ROLE, story.id)
                item.setData(0, TEXT_ROLE, searchable(story, newest))
                self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(1)
        self.tree.setColumnWidth(0, 380)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._enable()

    def _filter(self, text: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            assert item is not None  # i < topLevelItemCount()
            item.setHidden(not matches(item.data(0, TEXT_ROLE), text))

    def _enable(self) -> None:
        item = self.tree.currentItem()
        ok = item is not None and not item.isHidden()
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(ok)

    def story_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ID_ROLE)
