"""Unsaved edits to a version's premise and image prompt survive viewing other versions, and
quitting with them asks first. Versions come from a real library; nothing is generated."""

from __future__ import annotations

import pytest

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import Library, StoryVersion

from .helpers import answer_question


def two_versions() -> tuple[int, int, int]:
    with Library.open() as lib:
        story, first = lib.add_story(
            StoryVersion(
                idea="a fox",
                premise="A fox hoards keys.",
                image_prompt="a red fox",
                story_text="A fox.",
            )
        )
        second = lib.add_version(
            story,
            StoryVersion(
                kind="story", idea="a fox", premise="A fox hoards keys.", image_prompt="a fox"
            ),
        )
    return story, first, second


@pytest.fixture
def window(qtbot, engines, home, tmp_path):
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    yield w
    w.drafts = type(w.drafts)()
    w.shown = None  # nothing left to ask about
    w.close()
    w.deleteLater()


def test_edits_survive_switching_versions(window: MainWindow) -> None:
    story, first, second = two_versions()
    w = window
    w.open_story(story, first)
    w.premise.view.setPlainText("A fox hoards keys and one of them opens the sea.")
    w.image.prompt.setPlainText("a fox on a pier, dusk")
    w.versions.list.setCurrentRow(0)  # the newest: the second version
    assert w.shown.id == second
    assert w.premise.premise() == "A fox hoards keys." and w.image.prompt_text() == "a fox"
    edited = w.versions.list.item(1).text()
    assert edited.endswith("edited"), edited  # the list says which version has edits
    w.versions.list.setCurrentRow(1)
    assert w.shown.id == first
    assert w.premise.premise() == "A fox hoards keys and one of them opens the sea."
    assert w.image.prompt_text() == "a fox on a pier, dusk"
    assert w.premise.is_edited() and w.image.prompt_edited()
    # a story being edited: the text waits, in edit mode, until the user comes back
    w.edit_button.click()
    w.story.setPlainText("A story the user is rewriting.")
    w.versions.list.setCurrentRow(0)
    assert w.story.isReadOnly() and not w.edit_button.isChecked()
    assert "rewriting" not in w.story.toPlainText()
    # a new story and back: still there
    w.new_story()
    w.open_story(story, first)
    assert w.premise.premise().endswith("opens the sea.")
    assert w.edit_button.isChecked() and not w.story.isReadOnly()
    assert w.story.toPlainText() == "A story the user is rewriting."


def test_quit_with_edits_asks(window: MainWindow) -> None:
    story, first, _ = two_versions()
    w = window  # not shown: closing it still asks, and no model loads meanwhile
    w.open_story(story, first)
    w.premise.view.setPlainText("An edited premise.")
    seen = answer_question("Keep editing")
    assert not w.close()
    assert seen and "unsaved edits in 1 version" in seen[0]
    seen = answer_question("Discard and quit")
    assert w.close()
