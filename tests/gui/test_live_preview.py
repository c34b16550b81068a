"""The picture as it forms: with a (tiny random) TAESD XL in the models folder, the image panel
shows previews during the render and then the finished picture; Cancel during the render leaves
the version's picture as it was. Offscreen, the real default model, the tiny SDXL."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QObject, Qt

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.illustrate.preview import TAESD_XL_DIR
from storyapp.illustrate.tiny import build_tiny_preview_vae
from storyapp.library import Library
from storyapp.system.paths import models_dir

from .conftest import LONG_WAIT_MS, small

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def window(qapp, engines, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("previews")
    decoder = models_dir() / TAESD_XL_DIR  # where `storyapp models download taesdxl` puts it
    build_tiny_preview_vae().save_pretrained(decoder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STORYAPP_HOME", str(home / "app"))
        store = SettingsStore(home / "settings.ini")
        store.save(small(steps=4))
        w = MainWindow(store, engines)
        w.show()
        yield w
        w.close()
    shutil.rmtree(decoder)  # the other tests' engines see no decoder again


class PreviewRecorder(QObject):
    """The image view's pixmap after each preview reached it. A QObject's method is queued to
    the main thread (a lambda would run in the worker), after the live view's, which was
    connected first and so has drawn the preview when this runs."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__()
        self.w, self.seen = w, []
        w.worker.preview.connect(self.preview)

    def preview(self, i: int, n: int, _picture) -> None:
        self.seen.append((i, n, self.w.image.view.pixmap().toImage()))

    def close(self) -> None:
        self.w.worker.preview.disconnect(self.preview)


def test_the_image_panel_shows_the_picture_as_it_forms(window: MainWindow, qtbot) -> None:
    w = window
    recorder = PreviewRecorder(w)
    w.idea.set_idea("A lighthouse keeper befriends a talking whale")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    recorder.close()
    seen, version = recorder.seen, done.args[0]
    assert version is not None
    assert seen and seen[0][:2] == (1, 4) and all(i < n for i, n, _ in seen)
    preview = seen[0][2]
    assert not preview.isNull() and preview.width() == 64
    final = w.image.view.pixmap().toImage()
    assert not final.isNull() and final != preview  # the finished picture replaced the preview
    with Library.open() as lib:
        assert w.image.view.path == lib.image_file(lib.get_version(version.id))


def test_cancel_during_the_render_keeps_the_versions_picture(window: MainWindow, qtbot) -> None:
    w = window
    with Library.open() as lib:
        [story] = lib.list_stories()
        [before] = lib.versions(story.id)
        picture = lib.image_file(before).read_bytes()
    recorder = PreviewRecorder(w)

    def cancel_now(*_args) -> None:  # in the worker, at the first preview: Cancel, pressed then
        if w.job is not None:
            w.job.cancel.set()

    w.worker.preview.connect(cancel_now)
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        qtbot.mouseClick(w.image.new_image, Qt.MouseButton.LeftButton)
    w.worker.preview.disconnect(cancel_now)
    recorder.close()
    assert done.args == [None]
    assert [i for i, _, _ in recorder.seen] == [1]  # cancelled after the first preview
    assert "Cancelled while" in w.status.stage.text()
    # the last preview stays on screen, marked as not saved
    assert w.image.view.path is None
    assert w.image.view.pixmap().toImage() == recorder.seen[0][2]
    assert w.image.note.isVisible()
    assert w.image.note.text().startswith("Cancelled at step 1 of 4: this preview was not saved")
    with Library.open() as lib:
        assert [v.id for v in lib.versions(story.id)] == [before.id]  # nothing saved
        assert lib.image_file(before).read_bytes() == picture
        w.image.note.linkActivated.emit("saved")  # "Show the saved picture"
        assert w.image.view.path == lib.image_file(before)
    assert not w.image.note.isVisible()


def test_reuse_settings_from_the_shown_picture(window: MainWindow) -> None:
    from storyapp.illustrate import read_png_meta

    w = window
    assert w.image.view.path is not None and w.reuse_picture.isEnabled()
    meta = read_png_meta(w.image.view.path)
    w.reuse_picture.trigger()
    assert w.reuse_picture.failed is None
    s = w.settings
    assert (s.width, s.height, s.steps, s.image_seed) == (64, 64, 4, meta["seed"])
    assert (s.image_mode, s.scheduler, s.guidance) == ("quality", meta["scheduler"], 6.0)
    assert w.store.load().image_seed == meta["seed"]  # kept for the next start
    assert w.settings.pipeline().illustration.seed == meta["seed"]
