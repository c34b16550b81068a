"""Where the library lives by default."""

import os
from pathlib import Path

import platformdirs

HOME_ENV = "STORYAPP_HOME"


def app_home() -> Path:
    """$STORYAPP_HOME, else the platform's per-user data folder for storyapp."""
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("storyapp"))


def default_library_dir() -> Path:
    # A subfolder, so the library shares the app's data folder with models and caches safely.
    return app_home() / "library"
