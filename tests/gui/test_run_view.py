"""While a run streams: the old picture and prompt leave the screen, the status bar shows the
tokens so far against the limit and the time left, and the picture's progress starts at the
real step count. After New story, the last run's figures go. The real default model and the
tiny SDXL."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from storyapp.library import Library, StoryVersion

from .conftest import LONG_WAIT_MS, small
from .helpers import Recorder, screenshot

pytestmark = pytest.mark.slow


def test_run_clears_old_results_and_shows_its_horizon(make_window, home, tmp_path, qtbot) -> None:
    picture = tmp_path / "old.png"
    Image.new("RGB", (64, 64), (20, 120, 200)).save(picture)
    with Library.open() as lib:
        story, first = lib.add_story(
            StoryVersion(
                idea="a whale",
                premise="A whale sings.",
                story_text="# The Whale\n\nIt sang.",
                image_prompt="a blue whale",
            ),
            picture.read_bytes(),
        )
    w = make_window(small(max_tokens=16))
    w.resize(1280, 820)
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)
    w.open_story(story, first)
    assert not w.image.view.pixmap().isNull()
    seen: dict[str, object] = {}

    def look() -> None:
        stage = w.status._stage
        if stage == "premise" and "premise" not in seen:
            seen["premise"] = (
                w.image.view.pixmap().isNull(),
                w.image.prompt_text(),
                w.story.toPlainText(),
            )
        if stage == "story" and w.status._row_tokens >= 3 and "story" not in seen:
            seen["story"] = w.status.stage.text()
            QApplication.processEvents()
            screenshot(w, "storyapp-running", tmp_path)

    rec = Recorder(w, on_token=look)
    formats: list[str] = []
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
        qtbot.waitUntil(lambda: w.image.progress.isVisible(), timeout=LONG_WAIT_MS)
        formats.append(w.image.progress.text())
    rec.close()
    assert done.args[0] is not None
    assert seen["premise"] == (True, "", "")  # the whale's picture, prompt and story gone
    text = str(seen["story"])
    assert text.startswith("Writing the story: ") and " / 16 tokens" in text, text
    assert "tokens/s" in text and "left" in text
    assert formats and "0 of 1" not in formats[0]
    # the new idea made a new story; the earlier one stays in the story list
    assert w.stories.list.count() == 2 and w.shown.story_id != story
    assert w.stories.ids()[1] == story
    w.new_story()
    assert w.status.speed.text() == "" and w.status.times.text() == ""
