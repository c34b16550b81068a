"""The Export menu: the shown version as Markdown, HTML, EPUB or PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from storyapp.library import Library, StoryVersion, export_version
from storyapp.library.export import ALL, ExportFormat
from storyapp.system.names import file_name


class ExportMenu(QMenu):
    exported = Signal(str)  # the file written
    failed = Signal(str)

    def __init__(self, shown: Callable[[], StoryVersion | None], parent: QWidget) -> None:
        """`shown()`: the version on screen, or None."""
        super().__init__("&Export", parent)
        self.setObjectName("exportMenu")
        self.shown = shown
        self.actions_: dict[str, QAction] = {}
        for fmt in ALL:
            action = self.addAction(f"&{fmt.title}…")
            action.setObjectName(f"export{fmt.title.capitalize()}Action")
            action.triggered.connect(lambda _=False, f=fmt: self.export(f))
            self.actions_[fmt.name] = action
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions_.values():
            action.setEnabled(enabled)

    def export(self, fmt: ExportFormat) -> Path | None:
        version = self.shown()
        if version is None:
            return None
        suffix = fmt.suffix
        start = Path(_documents()) / file_name(version.title, suffix)
        path, _ = QFileDialog.getSaveFileName(
            self.parentWidget(),
            f"Export as {fmt.title.upper()}",
            str(start),
            f"{fmt.kind} (*{suffix})",
        )
        if not path:
            return None
        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(suffix)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with Library.open() as lib:
                written = export_version(lib, version.id, fmt.name, out)
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
