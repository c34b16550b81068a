"""Settings live under $STORYAPP_HOME when it is set; About says the version, the folders and
how to use the app; the device list offers only what this computer has."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_dialog import SettingsDialog, available_devices
from storyapp.gui.settings_store import SettingsStore
from storyapp.library import default_library_dir

from .conftest import small


def test_settings_under_storyapp_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORYAPP_GUI_SETTINGS", raising=False)
    store = SettingsStore()
    store.save(small(temperature=0.55))
    assert Path(store.file()) == home / "settings.ini" and (home / "settings.ini").is_file()
    assert SettingsStore().load().temperature == 0.55


def test_about_and_devices(qtbot, engines, home: Path, tmp_path: Path) -> None:
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    box = w.about()
    text = box.text()
    assert "storyapp 0." in text and str(default_library_dir()) in text
    assert str(tmp_path / "s.ini") in text and "Logs: " in text and "Ctrl+Enter" in text
    box.close()
    devices = available_devices()
    assert ("cuda" in devices) == torch.cuda.is_available()
    dialog = SettingsDialog(small(device="cuda"), w)
    offered = [dialog.device.itemText(i) for i in range(dialog.device.count())]
    assert offered[: len(devices)] == devices and dialog.device.currentText() == "cuda"
    w.worker_thread.stop()
