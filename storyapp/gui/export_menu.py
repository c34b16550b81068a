"""The Export menu: the shown version as Markdown, HTML, EPUB or PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from storyapp.library import Library, StoryVersion, export_version

FORMATS = (
    # (format, menu text, object name, suffix, file filter)
    ("markdown", "&Markdown…", "exportMarkdownAction", ".md", "Markdown (*.md)"),
    ("html", "&HTML…", "exportHtmlAction", ".html", "Web page (*.html)"),
    ("epub", "&EPUB…", "exportEpubAction", ".epub", "E-book (*.epub)"),
    ("pdf", "&PDF…", "exportPdfAction", ".pdf", "PDF (*.pdf)"),
)


class ExportMenu(QMenu):
    exported = Signal(str)  # the file written
    failed = Signal(str)

    def __init__(self, shown: Callable[[], StoryVersion | None], parent: QWidget) -> None:
        """`shown()`: the version on screen, or None."""
        super().__init__("&Export", parent)
        self.setObjectName("exportMenu")
        self.shown = shown
        self.actions_: dict[str, QAction] = {}
        for fmt, text, name, suffix, filt in FORMATS:
            action = self.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(
                lambda _=False, f=fmt, s=suffix, flt=filt: self.export(f, s, flt)
            )
            self.actions_[fmt] = action
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions_.values():
            action.setEnabled(enabled)

    def export(self, fmt: str, suffix: str, file_filter: str) -> Path | None:
        version = self.shown()
        if version is None:
            return None
        start = Path(_documents()) / (_slug(version.title) + suffix)
        path, _ = QFileDialog.getSaveFileName(
            self.parentWidget(), f"Export as {fmt.upper()}", str(start), file_filter
        )
        if not path:
            return None
        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(suffix)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with Library.open() as lib:
                written = export_version(lib, version.id, fmt, out)
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


def _slug(title: str) -> str:
    return re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-")[:60] or "story"
