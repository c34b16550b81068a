"""Cancelling a later stage keeps the stages that finished as a partial version, which the
user can go on from; quitting during a run asks first. The real default model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from storyapp.library import Library

from .conftest import LONG_WAIT_MS, small
from .helpers import Recorder, answer_question

pytestmark = pytest.mark.slow


def test_cancel_in_story_keeps_the_premise_as_partial(make_window, home, qtbot) -> None:
    w = make_window(small(max_tokens=8, image=False))
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)
    pressed: list[str] = []

    def esc_in_story() -> None:  # the first token of the story stage, the premise done
        if not pressed and w.status._stage == "story":
            pressed.append(w.premise.premise())
            qtbot.keyClick(w, Qt.Key.Key_Escape)

    rec = Recorder(w, on_token=esc_in_story)
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    rec.close()
    version = done.args[0]
    assert pressed and version is not None, "the finished premise was not kept"
    assert version.partial == "story" and version.story_text == ""
    assert version.premise and version.premise[:20] == pressed[0][:20]  # what was on screen
    assert "kept as version 1 (partial)" in w.status.stage.text()
    assert w.versions.list.item(0).text().startswith("1. Generated (partial)")
    with Library.open() as lib:
        [story] = lib.list_stories()
        assert lib.versions(story.id)[0].partial == "story"
    # going on from it writes the story from the kept premise
    assert w.new_story_button.isEnabled()
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.new_story_button.click()
    whole = done.args[0]
    assert whole is not None and not whole.partial and whole.story_text
    assert whole.premise == version.premise and whole.parent_version_id == version.id
    # Continue the story: the story-writer goes on; the old text stays at the start
    assert w.continue_button.isEnabled()
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.continue_button.click()
    longer = done.args[0]
    assert longer is not None and longer.parent_version_id == whole.id
    assert longer.story_text.startswith(whole.story_text.strip())
    assert len(longer.story_text) > len(whole.story_text.strip())


def test_quit_during_a_run_asks(make_window, home, qtbot) -> None:
    w = make_window(small(max_tokens=8, image=False))
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)
    w.idea.set_idea("A fox who collects keys")
    w.idea.generate.click()
    assert w.job is not None
    seen = answer_question("Keep writing")
    assert not w.close() and w.isVisible() and w.job is not None
    assert seen == ["A story is being written."]
    assert not w.job.cancel.is_set()
    seen = answer_question("Stop and quit")
    job = w.job
    assert w.close() and not w.isVisible()
    assert job.cancel.is_set()
