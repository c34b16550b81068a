"""A whole Generate on the real default model and the tiny SDXL pipeline, then the things done
with its result: a new image, compare, export. One window for the module (the models load once)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
)

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.gui.widgets.compare_dialog import CompareDialog
from storyapp.library import Library

from .conftest import LONG_WAIT_MS, SMALL
from .helpers import LoopGaps, Recorder

pytestmark = pytest.mark.slow
IDEA = "A lighthouse keeper befriends a talking whale"
SCREENSHOT = Path("/tmp/storyapp.png")


@pytest.fixture(scope="module")
def window(qapp, engines, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("generate")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STORYAPP_HOME", str(home / "app"))
        store = SettingsStore(home / "settings.ini")
        store.save(SMALL)
        w = MainWindow(store, engines)
        w.show()
        yield w
        w.close()


def test_generate_streams_saves_and_shows(window: MainWindow, qtbot) -> None:
    w = window
    story, image = w.findChild(QPlainTextEdit, "ideaEdit"), w.image.view
    assert w.findChild(QPushButton, "generateButton").isEnabled()
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)  # loaded
    rec = Recorder(w)
    qtbot.keyClicks(story, IDEA)
    gaps = LoopGaps().start()
    start = time.perf_counter()
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        qtbot.keyClick(story, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert w.job is not None and not w.idea.generate.isEnabled()
    longest = gaps.stop()
    rec.close()
    lengths, steps = rec.story_lengths, rec.steps
    print(
        f"\ngenerate: {time.perf_counter() - start:.1f} s, longest UI gap {longest * 1000:.0f} ms"
    )

    version = done.args[0]
    assert version is not None, "the run did not save a version"
    # streamed: the story view grew token by token before the run finished
    grown = [n for n in lengths if n > 0]
    assert len(set(grown)) >= 2 and grown == sorted(grown)
    assert steps == [(1, 2), (2, 2)]
    assert not image.pixmap().isNull() and image.pixmap().width() == 64
    assert w.premise.premise() and w.story.toPlainText().strip() and w.image.prompt_text()
    with Library.open() as lib:
        [saved] = lib.list_stories()
        [v] = lib.versions(saved.id)
        assert v.id == version.id and v.kind == "full" and v.image_path
        assert v.story_text in w.story.toPlainText() or v.story_text.strip() == ""
    assert w.versions.list.count() == 1 and w.versions.ids() == [v.id]
    assert w.findChild(QPushButton, "generateButton").isEnabled()
    assert not w.findChild(QPushButton, "cancelButton").isEnabled()
    assert "tokens/s" in w.status.speed.text() or "steps/s" in w.status.speed.text()
    assert "story" in w.status.times.text() and "image" in w.status.times.text()
    assert longest < 0.25  # the UI thread was never stuck (the measured value is printed)
    QApplication.processEvents()
    w.grab().save(str(SCREENSHOT))


def test_new_image_from_edited_prompt_then_compare(window: MainWindow, qtbot) -> None:
    w = window
    w.image.prompt.setPlainText("a red lighthouse at night, oil painting")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        qtbot.mouseClick(w.image.new_image, Qt.MouseButton.LeftButton)
    new = done.args[0]
    assert new is not None and new.kind == "image"
    assert new.image_prompt == "a red lighthouse at night, oil painting"
    assert w.versions.list.count() == 2 and w.shown.id == new.id
    # pick the first version to view it, then both to compare
    first = w.versions.list.item(1)
    w.versions.list.setCurrentItem(first)
    assert w.shown.id != new.id and w.shown.kind == "full"
    w.versions.list.selectAll()
    assert w.versions.compare.isEnabled()
    w.versions.compare.click()
    dialog = w.findChild(CompareDialog, "compareDialog")
    assert dialog is not None and dialog.isVisible()
    stories = dialog.findChildren(QTextBrowser, "compare_story_text")
    first_text, second_text = (s.toPlainText() for s in stories)
    assert first_text == second_text  # an image rerun: the same story text
    assert len(dialog.findChildren(QTextBrowser, "compare_premise")) == 2
    dialog.close()


def test_new_story_version_then_rewrite_from_edited_premise(window: MainWindow, qtbot) -> None:
    w = window
    w.versions.list.setCurrentRow(w.versions.list.count() - 1)  # the first version
    parent = w.shown
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.new_story_button.click()
    story = done.args[0]
    assert story.kind == "story" and story.parent_version_id == parent.id
    assert story.image_path == parent.image_path and story.premise == parent.premise
    assert not w.image.view.pixmap().isNull()  # the picture is kept

    w.premise.view.setPlainText("A whale sings to a lonely lighthouse keeper every night.")
    assert w.premise.is_edited()
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.premise.rewrite.click()
    rewritten = done.args[0]
    assert rewritten.kind == "premise" and rewritten.premise.startswith("A whale sings")
    assert rewritten.image_path and rewritten.image_path != parent.image_path
    assert w.versions.list.count() == 4


def test_library_browser_opens_a_story(window: MainWindow, qtbot) -> None:
    from storyapp.gui.library_browser import LibraryBrowser

    window.new_story()
    assert window.shown is None and window.versions.list.count() == 0
    window.open_library()
    browser = window.findChild(LibraryBrowser, "libraryBrowser")
    assert browser is not None and browser.tree.topLevelItemCount() == 1
    browser.accept()
    assert window.shown is not None and window.versions.list.count() == 4


@pytest.mark.parametrize(
    "action, suffix",
    [
        ("exportMarkdownAction", ".md"),
        ("exportHtmlAction", ".html"),
        ("exportEpubAction", ".epub"),
        ("exportPdfAction", ".pdf"),
    ],
)
def test_export_from_menu(window: MainWindow, monkeypatch, tmp_path: Path, action, suffix) -> None:
    out = tmp_path / f"story{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    act = next(a for a in window.export_menu.actions() if a.objectName() == action)
    assert act.isEnabled()
    act.trigger()
    assert out.is_file() and out.stat().st_size > 0
    assert str(out) in window.status.stage.text()


def test_cancel_mid_stream_then_carry_on(window: MainWindow, qtbot) -> None:
    w = window
    w.activateWindow()  # window shortcuts need the active window (a dialog was open before)
    qtbot.waitUntil(w.isActiveWindow)
    with Library.open() as lib:
        before = len(lib.list_stories())
    listed = w.versions.list.count()
    pressed: list[float] = []

    def press_esc() -> None:  # at the first token, wherever the focus is
        if not pressed:
            pressed.append(time.perf_counter())
            qtbot.keyClick(w, Qt.Key.Key_Escape)

    rec = Recorder(w, on_token=press_esc)
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    stopped = time.perf_counter()
    rec.close()
    assert done.args == [None] and pressed
    assert stopped - pressed[0] < 5.0 and rec.tokens < 16  # stopped mid-premise (16 max)
    assert w.idea.generate.isEnabled() and not w.idea.cancel.isEnabled()
    assert "Cancelled while writing the premise" in w.status.stage.text()
    # the version shown before is back; the new idea the user typed stays
    assert w.idea.idea() == "A fox who collects keys" and w.shown is not None
    assert w.story.toPlainText().strip().startswith(w.shown.story_text.strip()[:20])
    with Library.open() as lib:
        assert len(lib.list_stories()) == before  # nothing saved, nothing lost
    assert w.versions.list.count() == listed and w.versions.isEnabled()

    # the app carries on: a second run streams, and the Cancel button stops it too
    pressed.clear()

    def click_cancel() -> None:
        if not pressed:
            pressed.append(time.perf_counter())
            w.idea.cancel.click()

    rec = Recorder(w, on_token=click_cancel)
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.generate()
    rec.close()
    assert pressed and done.args == [None] and rec.tokens < 16
    assert w.idea.generate.isEnabled() and w.versions.list.count() == listed
