"""Compare: Ctrl+D only with two versions selected and a hint until then; the dialog shows the
premise, marks the words that differ, and "Keep" shows the chosen version."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTextBrowser

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.gui.widgets.compare_dialog import CompareDialog
from storyapp.library import Library, StoryVersion

from .helpers import screenshot


@pytest.fixture
def window(qtbot, engines, home, tmp_path):
    with Library.open() as lib:
        story, _ = lib.add_story(
            StoryVersion(
                idea="a whale",
                premise="A whale sings to a keeper.",
                story_text="# The Whale\n\nIt sang every night by the old lighthouse.",
                image_prompt="a whale, dusk",
            )
        )
        lib.add_version(
            story,
            StoryVersion(
                kind="premise",
                idea="a whale",
                premise="A whale sings to a lonely keeper.",
                story_text="# The Whale\n\nIt sang every morning by the old pier.",
                image_prompt="a whale, dawn",
            ),
        )
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    w.open_story(story)
    yield w
    w.worker_thread.stop()


def test_compare_needs_two_and_marks_differences(window: MainWindow, tmp_path: Path) -> None:
    w = window
    compare = w.window_actions.compare
    assert not compare.isEnabled() and not w.versions.compare.isEnabled()
    assert "Ctrl+click two" in w.versions.hint.text() and not w.versions.hint.isHidden()
    w.versions.list.selectAll()
    assert compare.isEnabled() and w.versions.hint.isHidden()
    compare.trigger()
    dialog = w.findChild(CompareDialog, "compareDialog")
    assert dialog is not None and dialog.isVisible()
    premises = dialog.findChildren(QTextBrowser, "compare_premise")
    assert sorted(p.toPlainText().split("\n")[-1] for p in premises) == [
        "A whale sings to a keeper.",
        "A whale sings to a lonely keeper.",
    ]
    stories = [s.toHtml() for s in dialog.findChildren(QTextBrowser, "compare_story_text")]
    newer = next(s for s in stories if "morning" in s)
    assert "background-color" in newer.split("morning")[0][-200:]  # the changed word, marked
    assert "differ" in dialog.findChild(type(dialog.children()[1]), "compareSummary").text()
    dialog.resize(1100, 800)
    assert screenshot(dialog, "storyapp-compare", tmp_path).is_file()
    oldest = w.versions.ids()[-1]
    buttons = dialog.findChildren(type(w.versions.compare), "keepButton")
    keep_first = next(b for b in buttons if b.text() == "&Keep version 1")
    keep_first.click()
    assert not dialog.isVisible() and w.shown.id == oldest
