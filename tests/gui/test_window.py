"""The window's parts, without running anything: stable object names, accessible names,
keyboard reach, the no-image-model state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore

NAMES = [
    "ideaEdit",
    "generateButton",
    "cancelButton",
    "premiseView",
    "storyView",
    "promptEdit",
    "imageView",
    "imageProgress",
    "versionsList",
]


@pytest.fixture
def window(qtbot, engines, tmp_path):
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    yield w
    w.worker_thread.stop()


def test_object_and_accessible_names(window: MainWindow) -> None:
    for name in NAMES:
        found = window.findChildren(QWidget, name)
        assert len(found) == 1, name
        assert found[0].accessibleName(), f"{name} has no accessible name"


def test_keyboard_reaches_every_control(window: MainWindow) -> None:
    chain, w = [], window.idea.edit
    for _ in range(40):
        chain.append(w.objectName())
        w = w.nextInFocusChain()
        while not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            w = w.nextInFocusChain()
        if w is window.idea.edit:
            break
    for name in [n for n in NAMES if n not in ("imageView", "imageProgress")] + [
        "newStoryButton",
        "rewriteButton",
        "newImageButton",
        "compareButton",
    ]:
        assert name in chain, name
    assert chain.index("generateButton") == chain.index("ideaEdit") + 1


def test_shortcuts(window: MainWindow) -> None:
    a = window.window_actions
    assert "Ctrl+Return" in [s.toString() for s in a.generate.shortcuts()]
    assert a.cancel.shortcut().toString() == "Esc"
    assert not a.cancel.isEnabled() and a.generate.isEnabled()


def test_image_panel_without_a_model_offers_to_choose(window: MainWindow) -> None:
    window.image.set_model_state("none")
    assert not window.image.has_model()
    assert "No image model" in window.image.message.text()
    menu = window.image.choose.menu()
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts[0].startswith("SDXL folder") and texts[1].startswith("Single .safetensors")
    assert not any("tiny" in t.lower() for t in texts)
