"""Where the library lives by default."""

from pathlib import Path

from storyapp.system.paths import app_home


def default_library_dir() -> Path:
    # A subfolder, so the library shares the app's data folder with models and caches safely.
    return app_home() / "library"
