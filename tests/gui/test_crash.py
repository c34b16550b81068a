"""An unexpected error in the app: its traceback in the log file, a plain dialog naming that
file, and the app still running."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from storyapp.gui.crash import CrashReporter
from storyapp.service.logs import setup_logging


@pytest.fixture
def reporter(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CrashReporter]:
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "app"))
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    setup_logging()
    hook, crash = sys.excepthook, CrashReporter()
    crash.install()
    yield crash
    sys.excepthook = hook
    if crash.box is not None:
        crash.box.close()
    for h in [h for h in root.handlers if h not in before]:
        root.removeHandler(h)
        h.close()
    root.setLevel(level)


def crash_dialog(qtbot) -> QMessageBox:
    def shown() -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    return shown()[0]


def log_text(tmp_path: Path) -> str:
    return (tmp_path / "app" / "logs" / "storyapp.log").read_text()


def explode() -> None:
    raise ValueError("the spline could not be reticulated")


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_is_logged_and_shown(reporter, qtbot, tmp_path: Path) -> None:
    QTimer.singleShot(0, explode)
    box = crash_dialog(qtbot)
    log = str(tmp_path / "app" / "logs" / "storyapp.log")
    assert box.text() == "Something went wrong"
    assert "the spline could not be reticulated" in box.informativeText()
    assert log in box.informativeText() and "Traceback" not in box.informativeText()
    text = log_text(tmp_path)
    assert "CRITICAL storyapp.gui: unexpected error\nTraceback (most recent call last):" in text
    assert 'in explode\n    raise ValueError("the spline' in text


def test_error_in_another_thread_is_shown_by_the_main_thread(reporter, qtbot, tmp_path) -> None:
    def work() -> None:
        try:
            explode()
        except ValueError:
            reporter.hook(*sys.exc_info())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    box = crash_dialog(qtbot)
    assert box.thread() is QApplication.instance().thread()
    assert "reticulated" in box.informativeText()
    assert "in work\n    explode()" in log_text(tmp_path)
