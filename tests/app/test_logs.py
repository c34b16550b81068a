"""The log file and `storyapp --version`, through main() with a private STORYAPP_HOME."""

import logging
from importlib import metadata
from pathlib import Path

import pytest

from storyapp.cli import main
from storyapp.service.logs import BACKUPS, MAX_BYTES, LogFile, log_path, setup_logging


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"storyapp {metadata.version('storyapp')}\n"


def test_cli_error_is_one_line_and_its_traceback_is_logged(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "999", "--out", str(home / "x.md")]) == 1
    err = capsys.readouterr().err
    assert err == f"storyapp: error: no version 999 in library {home / 'library'}\n"
    text = (home / "logs" / "storyapp.log").read_text()
    assert "ERROR storyapp: export failed\nTraceback (most recent call last):" in text
    assert "LibraryError: no version 999" in text
    assert not (home / "x.md").exists()


def test_the_file_rotates_and_follows_the_home(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert setup_logging() == log_path() == home / "logs" / "storyapp.log"
    assert setup_logging() == log_path()  # once: no second handler
    assert len([h for h in logging.getLogger().handlers if isinstance(h, LogFile)]) == 1
    for _ in range(3):
        logging.getLogger("storyapp.test").info("x" * (MAX_BYTES // 2))
    names = sorted(p.name for p in (home / "logs").iterdir())
    assert names == ["storyapp.log", "storyapp.log.1", "storyapp.log.2"][: BACKUPS + 1]
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "other"))
    assert setup_logging() == tmp_path / "other" / "logs" / "storyapp.log"
    logging.getLogger("storyapp.test").warning("moved")
    assert "moved" in (tmp_path / "other" / "logs" / "storyapp.log").read_text()
    assert "moved" not in (home / "logs" / "storyapp.log").read_text()


def test_an_unwritable_home_runs_on_without_a_file(home: Path) -> None:
    home.parent.mkdir(exist_ok=True)
    home.write_text("a file where the folder should be")
    assert setup_logging() is None


def test_the_cli_makes_no_data_folder_just_to_log(home: Path) -> None:
    assert main(["export", "1", "--format", "doc", "--out", str(home.parent / "y.doc")]) == 1
    assert not home.exists()
    home.mkdir()
    assert main(["export", "1", "--format", "doc", "--out", str(home.parent / "y.doc")]) == 1
    assert "ERROR storyapp: export failed" in (home / "logs" / "storyapp.log").read_text()
