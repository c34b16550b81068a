"""The small things: focus is visible, the premise box resizes, version labels are never cut,
the story does not jump to the top when a stream ends, the export dialog's title and folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import Library, StoryVersion


@pytest.fixture
def window(qtbot, engines, home, tmp_path):
    with Library.open() as lib:
        story, first = lib.add_story(StoryVersion(idea="a whale", story_text="# W\n\nIt sang."))
        for _ in range(2):
            lib.add_version(
                story,
                StoryVersion(
                    kind="premise",
                    idea="a whale",
                    story_text="# W\n\nIt sang.",
                    settings={"partial": "image"},
                ),
            )
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)
    w._prepared = True  # shown for focus, without loading a model: not what this is about
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    qtbot.waitExposed(w)
    w.open_story(story)
    yield w
    w.worker_thread.stop()


def test_focus_is_visible(window: MainWindow, qtbot) -> None:
    w = window
    for widget in (w.idea.generate, w.premise.toggle, w.story):
        w.activateWindow()
        w.idea.edit.setFocus()
        qtbot.waitUntil(lambda: w.idea.edit.hasFocus())
        before = widget.grab().toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        QApplication.processEvents()
        assert widget.grab().toImage() != before, widget.objectName()


def test_premise_resizes_and_labels_fit(window: MainWindow) -> None:
    w = window
    height = w.premise.view.height()
    top, bottom = w.middle.sizes()
    w.middle.setSizes([top + 120, bottom - 120])
    assert w.premise.view.height() >= height + 100
    metrics = w.versions.list.fontMetrics()
    for i in range(w.versions.list.count()):
        item = w.versions.list.item(i)
        rect = w.versions.list.visualItemRect(item)
        lines = max(1, rect.height() // metrics.lineSpacing())
        assert metrics.horizontalAdvance(item.text()) <= rect.width() * lines, item.text()
    w.grab().save("/tmp/i24-small.png")


def test_no_jump_when_the_stream_ends(window: MainWindow) -> None:
    story = window.story
    story.start()
    text = "# Title\n\n" + "\n\n".join(f"Paragraph {i} of a long story." for i in range(80))
    story.append_text(text)
    bar = story.verticalScrollBar()
    bar.setValue(bar.maximum())
    story.show_story(text, keep_place=True)
    assert bar.maximum() > 0 and bar.value() == bar.maximum()


def test_export_dialog_title_folder_premise_author(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[tuple[str, str]] = []
    out = tmp_path / "exports" / "story.md"
    out.parent.mkdir()

    def save_name(_parent, title, start, _filter):
        asked.append((title, start))
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    menu = window.export_menu
    menu.with_premise.setChecked(True)
    menu.ask_author("Ada")
    menu.actions_["md"].trigger()
    menu.actions_["md"].trigger()
    assert asked[0][0] == "Export as Markdown"
    assert Path(asked[1][1]).parent == out.parent  # the last folder, remembered
    assert "*by Ada*" in out.read_text(encoding="utf-8")
