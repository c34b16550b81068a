"""Two versions side by side: picture, image prompt and story each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from storyapp.library import StoryVersion

from .image_view import ImageView
from .story_view import StoryView
from .versions_list import KIND_NAMES


class CompareDialog(QDialog):
    def __init__(
        self,
        pair: list[tuple[StoryVersion, Path | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        """`pair`: (version, its picture file or None, its label) for each side."""
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare versions")
        self.setAccessibleName("Compare two versions")
        self.resize(1100, 760)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        for version, image, label in pair:
            split.addWidget(_side(version, image, label))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(split, 1)
        box.addWidget(buttons)


def _side(v: StoryVersion, image: Path | None, label: str) -> QWidget:
    w = QWidget()
    head = QLabel(f"<b>{label}</b> — {KIND_NAMES.get(v.kind, v.kind)}")
    picture = ImageView(placeholder="No picture in this version.")
    picture.setObjectName("compareImage")
    picture.setMinimumSize(160, 160)
    picture.set_image(image)
    prompt = QPlainTextEdit(v.image_prompt)
    prompt.setReadOnly(True)
    prompt.setAccessibleName(f"{label} image prompt")
    prompt.setFixedHeight(prompt.fontMetrics().lineSpacing() * 3 + 14)
    story = StoryView()
    story.setObjectName("compareStory")
    story.setAccessibleName(f"{label} story")
    story.show_story(v.story_text)
    top = QHBoxLayout()
    top.addWidget(picture, 1)
    box = QVBoxLayout(w)
    box.addWidget(head)
    box.addLayout(top, 2)
    box.addWidget(prompt)
    box.addWidget(story, 3)
    return w
