"""Everyday actions on a saved story, on a real library, nothing generated: edit the story (a
new version), the picture's save/copy/full size, the trash with undo, renaming."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import Library, StoryVersion


@pytest.fixture
def window(qtbot, engines, home, tmp_path):
    picture = tmp_path / "p.png"
    Image.new("RGB", (64, 64), (200, 90, 40)).save(picture)
    with Library.open() as lib:
        story, first = lib.add_story(
            StoryVersion(
                idea="a whale", premise="A whale sings.", story_text="# The Whale\n\nIt sang."
            ),
            picture.read_bytes(),
        )
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    w.open_story(story, first)
    yield w
    w.worker_thread.stop()


def test_edit_the_story_saves_a_version(window: MainWindow) -> None:
    w = window
    first = w.shown
    assert w.edit_button.isEnabled() and w.continue_button.isEnabled()
    w.edit_button.click()
    assert not w.story.isReadOnly() and w.story.toPlainText().startswith("# The Whale")
    w.story.setPlainText("# The Whale\n\nIt sang all night, and the keeper sang back.")
    w.edit_button.click()
    assert w.story.isReadOnly() and w.versions.list.count() == 2
    edited = w.shown
    assert edited.id != first.id and edited.parent_version_id == first.id
    assert edited.story_text.endswith("sang back.") and edited.image_path == first.image_path
    assert "saved as version 2" in w.status.stage.text()


def test_picture_save_copy_full_size(window: MainWindow, tmp_path: Path) -> None:
    w = window
    assert w.picture.save.isEnabled()
    out = w.picture.save_as(str(tmp_path / "mine"))
    assert out == tmp_path / "mine.png" and out.read_bytes() == w.image.view.path.read_bytes()
    w.picture.copy.trigger()
    assert QGuiApplication.clipboard().image().width() == 64
    dialog = w.picture.full_size()
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_trash_with_undo_and_rename(window: MainWindow) -> None:
    w = window
    story_id = w.shown.story_id
    w.rename_story("My whale")
    assert w.stories.list.item(0).text().startswith("My whale")
    w.window_actions.delete_story.trigger()
    assert w.stories.list.count() == 0 and w.shown is None
    assert not w.status.undo.isHidden() and "trash" in w.status.stage.text()
    w.status.undo.click()
    assert w.shown is not None and w.shown.story_id == story_id
    assert w.stories.list.count() == 1
    # a version: the list loses it, Undo brings it back
    w.edit_button.click()
    w.story.setPlainText("Another text.")
    w.edit_button.click()
    assert w.versions.list.count() == 2
    w.versions.list.setCurrentRow(0)
    w.rename_version("The keeper's cut")
    assert w.versions.list.item(0).text().startswith("2. The keeper's cut")
    assert w.shown.label == "The keeper's cut"
    w.window_actions.delete_version.trigger()
    assert w.versions.list.count() == 1
    w.status.undo.click()
    assert w.versions.list.count() == 2
    with Library.open() as lib:
        assert lib.get_story(story_id).title == "My whale" and lib.trash() == []
