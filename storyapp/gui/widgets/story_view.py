"""The story: plain text while it streams in, then set as a readable page with its title."""

from __future__ import annotations

import html

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from storyapp.library import split_title

SERIF = ["Georgia", "Charter", "Cambria", "Noto Serif", "DejaVu Serif", "serif"]
PAGE_CSS = """
h1 { font-size: 135%; font-weight: 600; margin-top: 4px; margin-bottom: 14px; }
p { margin-top: 0px; margin-bottom: 12px; line-height: 145%; }
"""


class StoryView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyView")
        self.setAccessibleName("Story")
        self.setAccessibleDescription("The story text; it appears as it is written")
        self.setPlaceholderText("Your story appears here as it is written.")
        self.setOpenLinks(False)
        font = QFont()
        font.setFamilies(SERIF)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.2)
        self.setFont(font)
        self.document().setDocumentMargin(22)
        self.document().setDefaultStyleSheet(PAGE_CSS)

    def start(self) -> None:
        """Clear, ready for streamed text."""
        self.clear()

    def append_text(self, text: str) -> None:
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if at_end:  # follow the text unless the reader scrolled up
            bar.setValue(bar.maximum())

    def show_story(self, text: str, keep_place: bool = False) -> None:
        """A finished story: its first line as the title, paragraphs spaced for reading.
        `keep_place`: the reader stays where they were (at the end, if they followed the
        stream), instead of jumping back to the top."""
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4 and bar.maximum() > 0
        share = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.setHtml(story_html(text))
        if keep_place:
            bar.setValue(bar.maximum() if at_end else round(share * bar.maximum()))


def story_html(text: str) -> str:
    title, body = split_title(text)
    if not text.strip():
        return ""
    parts = [f"<h1>{html.escape(title)}</h1>"] if title and body != text.strip() else []
    for para in body.split("\n\n"):
        if para.strip():
            lines = "<br>".join(html.escape(line) for line in para.strip().splitlines())
            parts.append(f"<p>{lines}</p>")
    return "\n".join(parts)
