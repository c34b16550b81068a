"""A failed stage or model shows a dialog with the specific message; the app carries on."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from storyapp.library import Library

from .conftest import LONG_WAIT_MS, small

pytestmark = pytest.mark.slow


def failure_dialog(window, qtbot) -> QMessageBox:
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox, "failureDialog")),
        timeout=LONG_WAIT_MS,
    )
    return next(b for b in window.findChildren(QMessageBox, "failureDialog") if b.isVisible())


def test_corrupt_sdxl_model_is_named_and_text_goes_on(make_window, home, tmp_path, qtbot) -> None:
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"this is not a safetensors checkpoint")
    w = make_window(small(sdxl=str(broken), max_tokens=4))
    box = failure_dialog(w, qtbot)
    assert box.text() == "The image model could not be loaded"
    assert str(broken) in box.informativeText()
    box.accept()
    # the image panel says so and offers another model; Generate still works, text only
    assert not w.image.has_model() and str(broken) in w.image.message.text()
    assert w.image.choose.isVisible()
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    version = done.args[0]
    assert version is not None and version.story_text and version.image_path is None
    assert not any(b.isVisible() for b in w.findChildren(QMessageBox, "failureDialog"))
    with Library.open() as lib:
        assert [s.id for s in lib.list_stories()] == [version.story_id]


def test_failed_stage_shows_its_message_and_nothing_is_lost(make_window, home, qtbot) -> None:
    # a size SDXL cannot paint: the run stops before writing anything, saying why
    w = make_window(small(width=100))
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    assert done.args == [None]
    box = failure_dialog(w, qtbot)
    assert box.text() == "The picture could not be painted"
    assert "Width must be a multiple of 64" in box.informativeText()
    assert "100" in box.informativeText()
    box.accept()
    assert w.idea.generate.isEnabled() and w.idea.idea() == "A fox who collects keys"
    with Library.open() as lib:
        assert lib.list_stories() == []
