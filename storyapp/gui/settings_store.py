"""AppSettings kept in QSettings between runs, with the window's own state beside them."""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from storyapp.service.app_settings import APPEARANCES, AppSettings
from storyapp.system.paths import HOME_ENV, app_home, gui_settings_file

__all__ = ["APPEARANCES", "AppSettings", "SettingsStore"]


class SettingsStore:
    """QSettings under 'settings/…' plus the window's geometry. `path`: an .ini file (tests);
    None: the platform's usual place for the user's settings."""

    def __init__(self, path: str | Path | None = None) -> None:
        path = path or default_settings_file()
        if path is None:
            self.qt = QSettings("storyapp", "storyapp")
        else:
            self.qt = QSettings(str(path), QSettings.Format.IniFormat)

    def file(self) -> str:
        """Where the settings are kept, for About."""
        return self.qt.fileName()

    def load(self) -> AppSettings:
        s = AppSettings()
        changes: dict[str, Any] = {}
        for f in fields(AppSettings):
            key = f"settings/{f.name}"
            if not self.qt.contains(key):
                continue
            value = self.qt.value(key)
            try:
                changes[f.name] = _decode(f.name, value, getattr(s, f.name))
            except (TypeError, ValueError):
                continue  # a hand-edited or older value: keep the default
        return replace(s, **changes)

    def save(self, s: AppSettings) -> None:
        for f in fields(AppSettings):
            value = getattr(s, f.name)
            if f.name == "adapters":
                value = [f"{name}\t{path}" for name, path in value]
            elif value is None:
                value = ""
            self.qt.setValue(f"settings/{f.name}", value)
        self.qt.sync()

    def value(self, key: str, default: Any = None) -> Any:
        return self.qt.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.qt.setValue(key, value)

    def sync(self) -> None:
        self.qt.sync()


def _decode(name: str, value: Any, default: Any) -> Any:
    """QSettings gives strings back from .ini files: cast to the field's type."""
    if name == "adapters":
        items = [value] if isinstance(value, str) else list(value or [])
        pairs = [tuple(v.split("\t", 1)) for v in items if "\t" in v]
        return [(n, p) for n, p in pairs if n and p]
    if name in ("seed", "image_seed"):  # None (a random one) is kept as ""
        return None if value in ("", None) else int(value)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return str(value)


def default_settings_file() -> Path | None:
    """$STORYAPP_GUI_SETTINGS; else, when $STORYAPP_HOME is set, settings.ini in it (all of
    the app's files in one folder); else None: the platform's usual place."""
    chosen = gui_settings_file()
    if chosen:
        return Path(chosen)
    if os.environ.get(HOME_ENV):
        return app_home() / "settings.ini"
    return None
