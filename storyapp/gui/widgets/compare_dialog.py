"""Two versions side by side: picture, premise, image prompt and story each, the words that
differ marked, and "Keep this one" to go on with either."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from storyapp.library import StoryVersion

from .image_view import ImageView
from .versions_list import KIND_NAMES
from .word_diff import marked_pair

FIELDS = (("premise", "Premise"), ("image_prompt", "Image prompt"), ("story_text", "Story"))


class CompareDialog(QDialog):
    kept = Signal(int)  # the version the user keeps going with

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
        self.resize(1100, 800)
        (a, _, _), (b, _, _) = pair
        marked = {name: marked_pair(getattr(a, name), getattr(b, name)) for name, _ in FIELDS}
        differ = sum(m[2] for m in marked.values())
        summary = QLabel(
            f"{differ} word{'s' if differ != 1 else ''} differ (marked)"
            if differ
            else "The texts are the same",
            objectName="compareSummary",
        )
        split = QSplitter()
        split.setChildrenCollapsible(False)
        for side, (version, image, label) in enumerate(pair):
            texts = {name: marked[name][side] for name, _ in FIELDS}
            split.addWidget(self._side(version, image, label, texts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(summary)
        box.addWidget(split, 1)
        box.addWidget(buttons)

    def _keep(self, version_id: int) -> None:
        self.kept.emit(version_id)
        self.accept()

    def _side(self, v: StoryVersion, image: Path | None, label: str, texts: dict) -> QWidget:
        w = QWidget()
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{label}</b> — {KIND_NAMES.get(v.kind, v.kind)}"), 1)
        keep = QPushButton(f"&Keep {label.lower()}", objectName="keepButton")
        keep.setToolTip("Show this version in the window and go on from it")
        keep.clicked.connect(lambda: self._keep(v.id))
        head.addWidget(keep)
        picture = ImageView(placeholder="No picture in this version.")
        picture.setObjectName("compareImage")
        picture.setMinimumSize(140, 140)
        picture.set_image(image)
        box = QVBoxLayout(w)
        box.addLayout(head)
        box.addWidget(picture, 2)
        for name, title in FIELDS:
            view = QTextBrowser(objectName=f"compare_{name}")
            view.setAccessibleName(f"{label} {title.lower()}")
            view.setHtml(f"<p><b>{title}</b></p><p>{texts[name]}</p>")
            if name != "story_text":
                view.setMaximumHeight(view.fontMetrics().lineSpacing() * 5 + 20)
            box.addWidget(view, 3 if name == "story_text" else 0)
        return w
