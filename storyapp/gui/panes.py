"""The window's body: the idea on top; versions, premise with story, and illustration side by
side below, in a splitter; the keyboard order through them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from .widgets.book_view import BookView
from .widgets.idea_box import IdeaBox
from .widgets.image_panel import ImagePanel
from .widgets.premise_box import PremiseBox
from .widgets.story_list import StoryList
from .widgets.story_view import StoryView
from .widgets.versions_list import VersionsPanel

STYLE = """
QLabel#sectionLabel, QToolButton#premiseToggle { font-weight: 600; }
QToolButton#premiseToggle { border: none; padding: 0px; }
QPushButton#generateButton { font-weight: 600; }
QStatusBar QLabel { padding: 0px 8px; }
QListWidget#versionsList::item { padding: 5px 4px; }
QPushButton:focus, QToolButton:focus {
    border: 2px solid palette(highlight); border-radius: 4px; padding: 3px 8px;
}
QToolButton#premiseToggle:focus { border: 1px solid palette(highlight); border-radius: 3px; }
QTextBrowser#storyView:focus, QPlainTextEdit:focus, QListWidget:focus, QLineEdit:focus {
    border: 2px solid palette(highlight);
}
"""


class Panes(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idea = IdeaBox()
        self.premise = PremiseBox()
        self.story = StoryView()
        self.image = ImagePanel()
        self.versions = VersionsPanel()
        self.stories = StoryList()
        self.new_story = QPushButton("New &story version", objectName="newStoryButton")
        self.new_story.setToolTip("Write the story again from the same premise")
        self.new_story.setAccessibleName("New story version")

        self.edit_story = QPushButton("&Edit", objectName="editStoryButton")
        self.edit_story.setCheckable(True)
        self.edit_story.setToolTip("Edit the story; press again to save it as a new version")
        self.edit_story.setAccessibleName("Edit the story")
        self.continue_story = QPushButton("C&ontinue", objectName="continueButton")
        self.continue_story.setToolTip("The story-writer goes on from where the story stops")
        self.continue_story.setAccessibleName("Continue the story")
        story_head = QHBoxLayout()
        story_label = QLabel("Story", objectName="sectionLabel")
        story_label.setBuddy(self.story)
        story_head.addWidget(story_label)
        story_head.addStretch(1)
        story_head.addWidget(self.edit_story)
        story_head.addWidget(self.continue_story)
        story_head.addWidget(self.new_story)
        story_block = QWidget()
        column = QVBoxLayout(story_block)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(story_head)
        column.addWidget(self.story, 1)
        self.middle = QSplitter(Qt.Orientation.Vertical, objectName="premiseSplitter")
        self.middle.setChildrenCollapsible(False)
        self.middle.addWidget(self.premise)
        self.middle.addWidget(story_block)
        self.middle.setStretchFactor(1, 1)
        self.middle.setSizes([self.premise.start_height + 30, 600])
        middle = _column(self.middle)[0]

        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.split.setChildrenCollapsible(False)
        self.left = QSplitter(Qt.Orientation.Vertical, objectName="leftSplitter")
        self.left.setChildrenCollapsible(False)
        self.left.addWidget(_column(self.stories)[0])
        self.left.addWidget(_column(self.versions)[0])
        self.left.setSizes([380, 300])
        self.split.addWidget(self.left)
        self.split.addWidget(middle)
        image = _column(self.image)[0]
        self.split.addWidget(image)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 2)
        # a picture book takes the place of the premise, story and picture
        self.book = BookView()
        self.one_picture = (middle, image)
        self.split.addWidget(self.book)
        self.split.setStretchFactor(3, 5)
        self.book.hide()
        self.split.setSizes([260, 600, 420])

        box = QVBoxLayout(self)
        box.setContentsMargins(12, 12, 12, 4)
        box.setSpacing(10)
        box.addWidget(self.idea)
        box.addWidget(self.split, 1)
        self._tab_order()

    def show_book(self, on: bool) -> None:
        """The book view (on) or the premise, story and picture (off)."""
        for pane in self.one_picture:
            pane.setVisible(not on)
        self.book.setVisible(on)

    def _tab_order(self) -> None:
        chain = [
            self.idea.edit,
            self.idea.generate,
            self.idea.cancel,
            self.idea.pages,
            self.premise.toggle,
            self.premise.view,
            self.premise.rewrite,
            self.edit_story,
            self.continue_story,
            self.new_story,
            self.story,
            self.image.choose,
            self.image.new_image,
            self.image.prompt,
            self.stories.search,
            self.stories.list,
            self.versions.list,
            self.versions.compare,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)


def _column(widget: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A holder of `widget` and its layout, to add more below it."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(4, 0, 4, 0)
    box.setSpacing(6)
    box.addWidget(widget)
    return holder, box
