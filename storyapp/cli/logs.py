"""The log file: one rotating file in the app's data folder, shared by the CLI and the desktop
app. Warnings still reach the terminal as one line; the file gets tracebacks too."""

from __future__ import annotations

import logging
import logging.handlers
from importlib import metadata
from pathlib import Path

from storyapp.library.paths import app_home

FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 3
FILE_ONLY = {"file_only": True}  # `extra=` for records the terminal has already said in its words

log = logging.getLogger("storyapp")


def log_path() -> Path:
    """Where the log file is ($STORYAPP_HOME/logs/storyapp.log, else the user's data folder)."""
    return app_home() / "logs" / "storyapp.log"


def version() -> str:
    try:
        return metadata.version("storyapp")
    except metadata.PackageNotFoundError:
        return "unknown"


def setup_logging() -> Path | None:
    """Terminal warnings and the log file, once per process (again when the data folder moved).
    The file path, or None when it cannot be written (the app runs on without it)."""
    root = logging.getLogger()
    if not any(getattr(h, "_storyapp", False) for h in root.handlers):
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("storyapp: warning: %(message)s"))
        console.addFilter(lambda r: not getattr(r, "file_only", False))
        console._storyapp = True  # type: ignore[attr-defined]
        root.addHandler(console)
    path = log_path()
    for h in list(root.handlers):
        if isinstance(h, logging.handlers.RotatingFileHandler) and getattr(h, "_storyapp", False):
            if Path(h.baseFilename) == path.absolute():
                return path
            root.removeHandler(h)
            h.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler._storyapp = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    log.info("storyapp %s started", version())
    return path
