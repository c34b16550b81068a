"""The log file: one rotating file in the app's data folder, shared by the CLI and the desktop
app. Warnings still reach the terminal as one line; the file gets tracebacks too."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from importlib import metadata
from pathlib import Path

from storyapp.system import stdio
from storyapp.system.paths import app_home

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


class LogFile(logging.handlers.RotatingFileHandler):
    """Opened at the first record. Unless `create`, it writes only once the data folder exists:
    a command refused for bad input leaves no folder behind."""

    def __init__(self, path: Path, create: bool) -> None:
        super().__init__(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        self.create = create
        self.off = False  # set at the first failed write: the app runs on without the file
        self.setLevel(logging.INFO)
        self.setFormatter(logging.Formatter(FILE_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        if self.off:
            return
        if self.stream is None:
            folder = Path(self.baseFilename).parent
            if not (self.create or folder.parent.is_dir()):
                return
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        """A full disk or a lost drive: say so once, then stop writing (the default prints a
        traceback for every record)."""
        if self.off:
            return
        self.off = True
        reason = sys.exc_info()[1]
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        say(f"storyapp: warning: logging to {self.baseFilename} is off: {reason}")


def say(line: str) -> None:
    """One line on stderr, if there is one (a windowed app has none) and it can take it."""
    if sys.stderr is None or stdio.to_log(sys.stderr):  # the log file has the record already
        return
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def setup_logging(create: bool = True) -> Path | None:
    """Terminal warnings and the log file, once per process (again when the data folder moved).
    With `create` the folder is made now; None when that fails (the app runs on without it)."""
    root = logging.getLogger()
    terminal = sys.stderr is not None and not stdio.to_log(sys.stderr)
    if terminal and not any(getattr(h, "_storyapp", False) for h in root.handlers):
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("storyapp: warning: %(message)s"))
        console.addFilter(lambda r: not getattr(r, "file_only", False))
        console._storyapp = True  # type: ignore[attr-defined]
        root.addHandler(console)
    path = log_path()
    handler = next((h for h in root.handlers if isinstance(h, LogFile)), None)
    if handler is not None and Path(handler.baseFilename) != path.absolute():
        root.removeHandler(handler)
        handler.close()
        handler = None
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    if handler is None:
        handler = LogFile(path, create)
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
        log.info("storyapp %s started", version())
    handler.create = handler.create or create
    return path
