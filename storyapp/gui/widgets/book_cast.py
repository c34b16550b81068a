"""The book's cast sheet, editable: one row per main character (name, look), rows to add and
remove, and Apply, which asks for the edited sheet to become a new version (every page whose
scene shows a changed character is then marked stale)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyapp.story.book import CastMember


class CastEditor(QWidget):
    castEdited = Signal(tuple)  # the edited sheet: tuple[CastMember, ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("castEditor")
        self._cast: tuple[CastMember, ...] = ()
        label = QLabel("Cast sheet", objectName="sectionLabel")
        hint = QLabel(
            "How each character looks in every picture. After an edit, the pages showing that "
            "character are marked out of date."
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 2, objectName="castTable")
        self.table.setHorizontalHeaderLabels(["Name", "Look"])
        self.table.setAccessibleName("Cast sheet")
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add = QPushButton("Add", objectName="addCastButton")
        self.remove = QPushButton("Remove", objectName="removeCastButton")
        self.apply = QPushButton("Apply", objectName="applyCastButton")
        self.apply.setToolTip("Save the edited cast sheet as a new version")
        self.apply.setEnabled(False)
        self.style_line = QLabel("", objectName="bookStyle")
        self.style_line.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        buttons.addWidget(self.apply)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label)
        box.addWidget(hint)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        box.addWidget(self.style_line)
        self.add.clicked.connect(self._add_row)
        self.remove.clicked.connect(self._remove_row)
        self.apply.clicked.connect(self._apply)
        self.table.itemChanged.connect(self._changed)

    def set_cast(self, cast: tuple[CastMember, ...], style: str = "") -> None:
        self._cast = cast
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for member in cast:
            self._append(member.name, member.look)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self.style_line.setText(f"Style of every picture: {style}" if style else "")
        self.apply.setEnabled(False)

    def cast(self) -> tuple[CastMember, ...]:
        """The sheet as edited; rows without a name are left out."""
        rows = []
        for r in range(self.table.rowCount()):
            name, look = (self._cell(r, c) for c in (0, 1))
            if name:
                rows.append(CastMember(name, look))
        return tuple(rows)

    def set_busy(self, busy: bool) -> None:
        for w in (self.table, self.add, self.remove):
            w.setEnabled(not busy)
        self.apply.setEnabled(not busy and self.cast() != self._cast)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return " ".join(item.text().split()) if item is not None else ""

    def _append(self, name: str, look: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        self.table.setItem(r, 1, QTableWidgetItem(look))

    def _add_row(self) -> None:
        self._append("", "")
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    def _remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows or [self.table.rowCount() - 1]:
            if r >= 0:
                self.table.removeRow(r)
        self._changed()

    def _changed(self, *_args: object) -> None:
        self.apply.setEnabled(self.cast() != self._cast)

    def _apply(self) -> None:
        edited = self.cast()
        if edited != self._cast:
            self.apply.setEnabled(False)
            self.castEdited.emit(edited)
