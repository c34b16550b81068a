"""The stories in the library, newest first, each with its picture and newest title; a search
over their ideas, titles and text. Pick one to open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyapp.library import Story, StoryCard, StoryVersion
from storyapp.library.titles import UNTITLED

ID_ROLE = Qt.ItemDataRole.UserRole
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # what the search looks in, lower case
THUMB = 44


def searchable(story: Story, newest: StoryVersion) -> str:
    return "\n".join(
        [story.title, newest.idea, newest.premise, newest.story_text, newest.image_prompt]
    ).lower()


def matches(text: str, query: str) -> bool:
    return all(word in text for word in query.lower().split())


class StoryList(QWidget):
    storyPicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(objectName="storySearch")
        self.search.setPlaceholderText("Search ideas, titles, text…")
        self.search.setAccessibleName("Search stories")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(objectName="storyList")
        self.list.setAccessibleName("Stories in the library")
        self.list.setAccessibleDescription("Newest first; select one to open it")
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        label = QLabel("S&tories", objectName="sectionLabel")
        label.setBuddy(self.list)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(label)
        box.addWidget(self.search)
        box.addWidget(self.list, 1)
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._current)
        self._quiet = False

    def set_stories(
        self,
        cards: list[StoryCard],
        pictures: Path,
        current: int | None = None,
    ) -> None:
        """`cards` newest first; `pictures`: the library folder the image paths are relative
        to; `current`: the story to select, quietly."""
        self._quiet = True
        try:
            self.list.clear()
            for card in cards:
                story, newest, count = card.story, card.newest, card.versions
                when = story.updated_at.astimezone().strftime("%d %b %H:%M")
                plural = "s" if count != 1 else ""
                title = story.title or newest.title or UNTITLED
                item = QListWidgetItem(f"{title}\n{count} version{plural} · {when}")
                item.setToolTip(title)
                item.setData(ID_ROLE, story.id)
                item.setData(TEXT_ROLE, searchable(story, newest))
                if card.picture:
                    thumb = QPixmap(str(pictures / card.picture))
                    if not thumb.isNull():
                        item.setIcon(QIcon(thumb.scaled(THUMB * 2, THUMB * 2)))
                self.list.addItem(item)
                if story.id == current:
                    self.list.setCurrentItem(item)
            self._filter(self.search.text())
        finally:
            self._quiet = False

    def ids(self) -> list[int]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def shown_ids(self) -> list[int]:
        """The stories the search leaves in view, in order."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.data(ID_ROLE) for item in items if not item.isHidden()]

    def _filter(self, query: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not matches(item.data(TEXT_ROLE), query))

    def _current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._quiet:
            self.storyPicked.emit(item.data(ID_ROLE))
