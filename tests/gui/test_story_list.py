"""The story list in the window: every story stays in view, newest first, with its picture and
newest title; the search looks in ideas, titles and text; the library window agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from storyapp.gui.library_browser import LibraryBrowser
from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import Library, StoryVersion

from .helpers import screenshot


def png(tmp_path: Path) -> bytes:
    path = tmp_path / "p.png"
    Image.new("RGB", (64, 64), (200, 90, 40)).save(path)
    return path.read_bytes()


@pytest.fixture
def window(qtbot, engines, home, tmp_path):
    with Library.open() as lib:
        whale, _ = lib.add_story(
            StoryVersion(idea="a whale", story_text="# The Whale\n\nIt sang."), png(tmp_path)
        )
        lib.add_version(
            whale, StoryVersion(kind="story", idea="a whale", story_text="# Song of Ice\n\nCold.")
        )
        lib.add_story(StoryVersion(idea="a fox who collects keys", story_text="# Keys\n\nA fox."))
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    w.resize(1400, 860)
    yield w
    w.worker_thread.stop()


def test_stories_listed_newest_first_with_newest_title(window: MainWindow, tmp_path: Path) -> None:
    w = window
    texts = [w.stories.list.item(i).text() for i in range(w.stories.list.count())]
    assert texts[0].startswith("Keys\n1 version") and texts[1].startswith("Song of Ice\n2 versions")
    assert w.stories.list.item(0).icon().isNull() and not w.stories.list.item(1).icon().isNull()
    # opening one from the list shows its newest version; the other stays listed
    w.stories.list.setCurrentRow(1)
    assert w.shown is not None and w.shown.title == "Song of Ice"
    assert "Song of Ice" in w.windowTitle() and w.versions.list.count() == 2
    assert w.stories.list.count() == 2
    w.new_story()
    assert w.stories.list.count() == 2 and w.shown is None
    # the search: the idea, not only the title
    w.stories.search.setText("collects")
    assert w.stories.shown_ids() == [w.stories.ids()[0]]
    w.stories.search.setText("sang")  # in an older version's text only: not the newest
    assert w.stories.shown_ids() == []
    w.stories.search.setText("ice cold")
    assert w.stories.shown_ids() == [w.stories.ids()[1]]
    w.stories.search.clear()
    w.stories.list.setCurrentRow(1)
    assert screenshot(w, "storyapp-stories", tmp_path).is_file()


def test_library_window_titles_and_search(window: MainWindow) -> None:
    browser = LibraryBrowser(window)
    titles = [browser.tree.topLevelItem(i).text(0) for i in range(2)]
    assert titles == ["Keys", "Song of Ice"]
    browser.filter.setText("whale")  # the idea
    assert [browser.tree.topLevelItem(i).isHidden() for i in range(2)] == [True, False]
