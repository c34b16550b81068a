"""One entry point: `storyapp` alone opens the window, with a command it is the command line;
`python -m storyapp.cli` is the command line only."""

from __future__ import annotations

import importlib.util

import pytest

from storyapp.__main__ import main


@pytest.mark.skipif(not importlib.util.find_spec("PySide6"), reason="needs the gui extra")
def test_no_command_opens_the_window(home, monkeypatch) -> None:
    import storyapp.gui.app as app

    opened = []
    monkeypatch.setattr(app, "run_app", lambda argv=None: opened.append(argv) or 0)
    assert main([]) == 0 and opened == [None]


def test_a_command_runs_the_command_line(home, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("storyapp ")


def test_the_command_line_alone_prints_its_help(home, capsys) -> None:
    from storyapp.cli import main as cli_main

    assert cli_main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: storyapp") and "generate" in out
