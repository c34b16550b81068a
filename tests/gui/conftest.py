"""Desktop-app tests: offscreen Qt, the real default model and the tiny SDXL pipeline, a private
library and settings file. One Engines for the session, so the models load once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storyapp.service.app_settings import AppSettings
from storyapp.service.engines import Engines

if not (importlib.util.find_spec("PySide6") and importlib.util.find_spec("pytestqt")):
    collect_ignore_glob = ["test_*.py"]  # they need pip install -e '.[gui,dev]'

# Small everything: these tests check the app's flow on the real code paths, not quality.
SMALL = AppSettings(sdxl="tiny", width=64, height=64, steps=2, max_tokens=16, seed=7)
LONG_WAIT_MS = 300_000  # a whole Generate on a busy 2-core machine


@pytest.fixture(scope="package", autouse=True)  # package: the settings end with tests/gui
def _offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No network, no SDXL or adapters from this machine, a private app home."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_VERBOSITY", "error")
        mp.setenv("STORYAPP_HOME", str(home / "app"))
        mp.setenv("XDG_CACHE_HOME", str(home / "cache"))
        mp.setenv("STORYAPP_ADAPTERS", str(home / "no-adapters"))
        mp.delenv("STORYAPP_SDXL", raising=False)
        yield


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh, empty library for one test."""
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "app"))
    return tmp_path / "app"


@pytest.fixture(scope="session")
def engines() -> Engines:
    return Engines()


@pytest.fixture
def make_window(qtbot, engines: Engines, tmp_path: Path) -> Callable:
    """make_window(settings=SMALL, ini=None): a shown MainWindow on the shared engines, its
    settings in `ini` (default: a new file); closed at the end of the test."""
    from storyapp.gui.main_window import MainWindow
    from storyapp.gui.settings_store import SettingsStore

    windows = []

    def make(settings: AppSettings | None = SMALL, ini: Path | None = None) -> MainWindow:
        store = SettingsStore(ini or tmp_path / f"settings-{len(windows)}.ini")
        if settings is not None:
            store.save(settings)
        w = MainWindow(store, engines)
        windows.append(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    yield make
    for w in windows:
        w.drafts = type(w.drafts)()  # a test's leftover edits: closing asks nothing
        if w.isVisible():
            w.close()


def small(**changes) -> AppSettings:
    return replace(SMALL, **changes)
