"""The Export menu: the shown version as Markdown, HTML, EPUB or PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from storyapp.library import Library, StoryVersion, export_version
from storyapp.library.export import ALL, ExportFormat
from storyapp.system.names import file_name

from .settings_store import SettingsStore


class ExportMenu(QMenu):
    exported = Signal(str)  # the file written
    failed = Signal(str)

    def __init__(
        self,
        shown: Callable[[], StoryVersion | None],
        parent: QWidget,
        store: SettingsStore | None = None,
    ) -> None:
        """`shown()`: the version on screen, or None; `store`: where the last folder, the
        premise choice and the author's name are remembered."""
        super().__init__("&Export", parent)
        self.setObjectName("exportMenu")
        self.shown = shown
        self.store = store
        self.actions_: dict[str, QAction] = {}
        for fmt in ALL:
            action = self.addAction(f"&{fmt.title}…")
            action.setObjectName(f"export{fmt.title.capitalize()}Action")
            action.triggered.connect(lambda _=False, f=fmt: self.export(f))
            self.actions_[fmt.name] = action
        self.addSeparator()
        self.with_premise = self.addAction("Include the &premise")
        self.with_premise.setObjectName("exportPremiseAction")
        self.with_premise.setCheckable(True)
        self.with_premise.setChecked(str(self._value("export/premise", "false")) == "true")
        self.with_premise.toggled.connect(
            lambda on: self._set("export/premise", "true" if on else "false")
        )
        self.author_action = self.addAction("")
        self.author_action.setObjectName("exportAuthorAction")
        self.author_action.triggered.connect(lambda: self.ask_author())
        self._show_author()
        self.set_enabled(False)

    def author(self) -> str:
        return str(self._value("export/author", "") or "")

    def ask_author(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(
                self.parentWidget(),
                "Author",
                "The name under the title (empty: none):",
                text=self.author(),
            )
            if not ok:
                return
        self._set("export/author", name.strip())
        self._show_author()

    def _show_author(self) -> None:
        name = self.author()
        self.author_action.setText(f"&Author: {name}…" if name else "&Author name…")

    def _value(self, key: str, default: object) -> object:
        return self.store.value(key, default) if self.store is not None else default

    def _set(self, key: str, value: object) -> None:
        if self.store is not None:
            self.store.set_value(key, value)
            self.store.sync()

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions_.values():
            action.setEnabled(enabled)

    def export(self, fmt: ExportFormat) -> Path | None:
        version = self.shown()
        if version is None:
            return None
        suffix = fmt.suffix
        folder = str(self._value("export/folder", "") or "") or _documents()
        start = Path(folder) / file_name(version.title, suffix)
        path, _ = QFileDialog.getSaveFileName(
            self.parentWidget(),
            f"Export as {fmt.title}",
            str(start),
            f"{fmt.kind} (*{suffix})",
        )
        if not path:
            return None
        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(suffix)
        self._set("export/folder", str(out.parent))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with Library.open() as lib:
                written = export_version(
                    lib,
                    version.id,
                    fmt.name,
                    out,
                    premise=self.with_premise.isChecked(),
                    author=self.author(),
                )
        except Exception as e:  # LibraryError, OSError: say which, carry on
            self.failed.emit(f"{out}: {e}")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.exported.emit(str(written))
        return written


def _documents() -> str:
    loc = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(loc) or str(Path.home())
