"""A language model that cannot be loaded: the status bar says why in the app's words, the busy
bar stops, and a button opens the setting at fault."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from storyapp.gui.settings_dialog import SettingsDialog

from .conftest import LONG_WAIT_MS, small


def test_http_backend_without_server_shows_not_loaded(make_window, home, qtbot) -> None:
    w = make_window(small(backend="openai_http", base_url=""))
    qtbot.waitUntil(lambda: w.status.fix.isVisible(), timeout=LONG_WAIT_MS)
    text = w.status.stage.text()
    assert text.startswith("Language model not loaded: ") and "Settings → Models → Server" in text
    assert "--" not in text and "--" not in w.status.stage.toolTip()
    assert not w.status.busy.isVisible()  # not busy forever
    for box in w.findChildren(QMessageBox, "failureDialog"):
        assert "--base-url" not in box.informativeText()
        box.accept()
    w.grab().save("/tmp/i24-not-loaded.png")
    w.status.fix.click()
    dialog = w.findChild(SettingsDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.base_url)
    assert dialog.tabs.currentIndex() == 0 and dialog.base_url.isEnabled()
    assert dialog.base_url.text() == "" and dialog.base_url.placeholderText().startswith("required")
    dialog.reject()


def test_device_message_in_app_words() -> None:
    from storyapp.gui.app_words import field_for, in_app_words

    said = in_app_words("--device cuda was asked for, but this torch build sees no CUDA GPU")
    assert "--" not in said and "Settings → Models → Device" in said
    assert field_for(said) == "deviceCombo"
