import logging
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private app home; the log handlers storyapp added are taken off afterwards."""
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STORYAPP_DEBUG", raising=False)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield tmp_path / "home"
    for h in [h for h in root.handlers if h not in before]:
        root.removeHandler(h)
        h.close()
    root.setLevel(level)
