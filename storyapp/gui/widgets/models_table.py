"""The model catalog as a table: one row per model with its size, memory needs, license, access
and whether it is downloaded; the row recommended for this machine is marked."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from storyapp.service.catalog import CATALOG, CatalogEntry
from storyapp.service.model_download import installed

COLUMNS = ("Model", "Size", "GPU memory", "CPU memory", "License", "Access", "Here")


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n else "-"


class ModelsTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(len(CATALOG), len(COLUMNS), parent)
        self.setObjectName("modelsTable")
        self.setAccessibleName("Model catalog")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.recommended: CatalogEntry | None = None
        self.refresh()

    def refresh(self) -> None:
        """Every row again, with what is downloaded now."""
        for row, e in enumerate(CATALOG):
            title = e.title + ("  (recommended)" if e is self.recommended else "")
            cells = (
                title,
                _gb(e.size),
                _gb(e.gpu_memory),
                _gb(e.cpu_memory),
                e.license,
                "needs a token" if e.gated else "open",
                "downloaded" if installed(e) else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(e.note or e.page)
                self.setItem(row, col, item)

    def recommend(self, entry: CatalogEntry) -> None:
        self.recommended = entry
        self.refresh()
        self.selectRow(CATALOG.index(entry))

    def select(self, name: str) -> None:
        for row, e in enumerate(CATALOG):
            if e.name == name:
                self.selectRow(row)

    def selected_entry(self) -> CatalogEntry | None:
        rows = self.selectionModel().selectedRows()
        return CATALOG[rows[0].row()] if rows else None
