"""The QApplication: names, style and palette, then the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

from storyapp.service.logs import setup_logging
from storyapp.system.stdio import streams_to_log

from .crash import CrashReporter
from .main_window import MainWindow
from .models_dialog import offer_on_first_run
from .qt_libs import startup_problem
from .settings_store import SettingsStore
from .startup_log import StartupLog
from .theme import apply_theme


def make_app(argv: list[str] | None = None) -> QApplication:
    """The application object (the existing one, if there is one), named and themed."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)  # not a QCoreApplication: the window needs widgets
    app.setApplicationName("storyapp")
    app.setOrganizationName("storyapp")
    app.setApplicationDisplayName("storyapp")
    return app


def open_window(argv: list[str] | None = None) -> tuple[QApplication, MainWindow]:
    """The app and its shown main window; the models load in the background from here on."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    streams_to_log()  # a windowed app (no console) has none; a progress bar would raise
    setup_logging()
    app = make_app(argv)
    CrashReporter(app).install()  # the app keeps it alive
    store = SettingsStore()  # $STORYAPP_GUI_SETTINGS, $STORYAPP_HOME or the user's settings
    apply_theme(app, store.load().appearance)
    window = MainWindow(store)
    startup = StartupLog(window)
    window.show()
    # the first run's catalog asks torch for this machine's GPU (seconds to import): not before
    # the window is on screen
    startup.painted.connect(lambda: offer_on_first_run(window))
    return app, window


def run_app(argv: list[str] | None = None) -> int:
    """Open the main window and run the event loop until it closes; the exit status. Stops
    first, naming every missing system library, when Qt could not open the window."""
    problem = startup_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app, _window = open_window(argv)
    return app.exec()
