"""The installed app on Windows is windowed: it starts with sys.stdout and sys.stderr set to None.
Through its entry (open_window), a whole Generate (the default model, tiny SDXL) and a download
with progress run, and what would have gone to the missing streams is in the log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPlainTextEdit

from storyapp.gui import app as gui_app
from storyapp.gui.download_dialog import DownloadDialog
from storyapp.gui.models_dialog import OFFERED_KEY
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import Library
from storyapp.service.logs import log_path
from storyapp.system.stdio import to_log

from .conftest import LONG_WAIT_MS, SMALL

pytestmark = pytest.mark.slow
FILES = {"model_index.json": b"{}", "unet/diffusion_pytorch_model.fp16.safetensors": bytes(3000)}


def hub_snapshot(repo_id: str, *, local_dir, allow_patterns, tqdm_class=None, **_):
    """snapshot_download's progress as the hub drives it (a bar of files, one of bytes named
    'huggingface_hub.snapshot_download' grown as each file starts), from local bytes; and one
    of the hub's own bars left on, as a download without a progress callback draws it."""
    from huggingface_hub.utils import tqdm as hub_tqdm

    bar = tqdm_class or hub_tqdm
    data = bar(name="huggingface_hub.snapshot_download", total=0, unit="B")
    for name in hub_tqdm(FILES, desc=f"Fetching {len(FILES)} files", mininterval=0):
        out = Path(local_dir) / name
        out.parent.mkdir(parents=True, exist_ok=True)
        data.total += len(FILES[name])
        with out.open("wb") as f:
            for i in range(0, len(FILES[name]), 1000):
                f.write(FILES[name][i : i + 1000])
                data.update(len(FILES[name][i : i + 1000]))
    data.close()
    return str(local_dir)


@pytest.fixture
def windowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A private home and settings; the entry's hooks undone afterwards."""
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "app home"))
    monkeypatch.setenv("STORYAPP_GUI_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("STORYAPP_CACHE", str(tmp_path / "cache"))
    store = SettingsStore(tmp_path / "settings.ini")
    store.save(SMALL)
    store.set_value(OFFERED_KEY, True)  # a returning user: the first-run catalog was shown
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    yield
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
            h.close()


def test_windowed_app_generates_and_downloads_with_no_streams(windowed, qtbot, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)  # here: pytest sets its own before each test
    monkeypatch.setattr(sys, "stderr", None)
    _app, w = gui_app.open_window()
    qtbot.addWidget(w)
    assert to_log(sys.stdout) and to_log(sys.stderr)
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)
    assert w.findChild(QDialog, "modelsDialog") is None  # offered on an earlier run
    idea = w.findChild(QPlainTextEdit, "ideaEdit")
    qtbot.keyClicks(idea, "A lighthouse keeper befriends a talking whale")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        qtbot.keyClick(idea, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0] is not None and done.args[0].image_path, "no version with a picture"
    with Library.open() as lib:
        assert len(lib.list_stories()) == 1

    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", hub_snapshot)
    dialog = DownloadDialog(w)
    progress = []
    dialog.task.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(dialog.downloaded, timeout=30_000) as got:
        dialog.start()
    folder = Path(got.args[0])
    assert (folder / "model_index.json").is_file()
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == (3002, 3002), timeout=5_000)
    assert "Fetching 2 files: 100%" in log_path().read_text(encoding="utf-8")
    w.close()


def test_a_first_run_paints_the_window_then_offers_the_catalog(windowed, qtbot, tmp_path):
    SettingsStore(tmp_path / "settings.ini").set_value(OFFERED_KEY, False)  # never offered
    _app, w = gui_app.open_window()
    qtbot.addWidget(w)
    assert w.findChild(QDialog, "modelsDialog") is None  # not before the first paint
    qtbot.waitUntil(lambda: w.findChild(QDialog, "modelsDialog") is not None, timeout=60_000)
    log = log_path().read_text(encoding="utf-8")
    assert "start-up: window painted" in log
    w.findChild(QDialog, "modelsDialog").close()
    w.close()
