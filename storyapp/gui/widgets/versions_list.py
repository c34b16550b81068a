"""The current story's versions: pick one to view it, pick two to compare them side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyapp.library import StoryVersion

KIND_NAMES = {
    "full": "Generated",
    "story": "New story version",
    "image": "New image",
    "premise": "From edited premise",
    "book": "Picture book",
    "page": "Pages changed",
}
ID_ROLE = Qt.ItemDataRole.UserRole
EDITED = "  · edited"
SELECT_TWO = "Ctrl+click two to compare"


def version_label(v: StoryVersion, number: int) -> str:
    when = v.created_at.astimezone().strftime("%H:%M") if v.created_at else ""
    kind = v.label or KIND_NAMES.get(v.kind, v.kind)
    kind += " (partial)" if v.partial else ""
    return f"{number}. {kind}  ·  {when}".rstrip(" ·")


class VersionsPanel(QWidget):
    versionPicked = Signal(int)
    compareRequested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(objectName="versionsList")
        self.list.setAccessibleName("Versions of this story")
        self.list.setAccessibleDescription(
            "Select a version to view it; select two (Ctrl+click) to compare them"
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)  # a long label wraps instead of being cut off
        label = QLabel("&Versions", objectName="sectionLabel")
        label.setBuddy(self.list)
        self.compare = QPushButton("&Compare two", objectName="compareButton")
        self.hint = QLabel(SELECT_TWO, objectName="compareHint")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn as a quiet hint
        self.compare.setToolTip("Select two versions (Ctrl+click), then compare them side by side")
        self.compare.setAccessibleName("Compare two versions")
        self.compare.setEnabled(False)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(label)
        box.addWidget(self.list, 1)
        box.addWidget(self.hint)
        box.addWidget(self.compare)
        self.list.currentItemChanged.connect(self._current)
        self.list.itemSelectionChanged.connect(self._selection)
        self.compare.clicked.connect(self._compare)
        self._quiet = False

    def set_versions(self, versions: list[StoryVersion], current: int | None = None) -> None:
        """List `versions` (oldest first), newest on top; select `current` without a signal."""
        self._quiet = True
        try:
            self.list.clear()
            for number, v in reversed(list(enumerate(versions, 1))):
                item = QListWidgetItem(version_label(v, number))
                item.setData(ID_ROLE, v.id)
                item.setToolTip(_tooltip(v))
                self.list.addItem(item)
                if v.id == current:
                    self.list.setCurrentItem(item)
        finally:
            self._quiet = False
        self._selection()

    def mark_edited(self, edited: set[int]) -> None:
        """Mark the versions that have unsaved edits."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            text = item.text().removesuffix(EDITED)
            item.setText(text + EDITED if item.data(ID_ROLE) in edited else text)

    def ids(self) -> list[int]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def selected_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]

    def _current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._quiet:
            self.versionPicked.emit(item.data(ID_ROLE))

    def _selection(self) -> None:
        two = len(self.list.selectedItems()) == 2
        self.compare.setEnabled(two)
        self.hint.setVisible(not two and self.list.count() >= 2)

    def _compare(self) -> None:
        ids = sorted(self.selected_ids())
        if len(ids) == 2:
            self.compareRequested.emit(ids[0], ids[1])


def _tooltip(v: StoryVersion) -> str:
    seeds = v.settings.get("seeds") or {}
    adapters = ", ".join(f"{row}: {name}" for row, name in v.adapters.items())
    lines = [f"Version {v.id}", f"Seed {seeds['seed']}" if "seed" in seeds else "", adapters]
    return "\n".join(line for line in lines if line)
