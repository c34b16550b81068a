"""What `storyapp library` prints from stored text, and where it prints it: escape sequences in
an idea are shown, not acted on; a reader that stops early ends the command quietly."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyapp.library import Library, StoryVersion

TITLE_SET = "\x1b]0;pwned\x07"  # OSC 0: retitles the terminal window
CLEAR = "\x1b[2J\x1b[H"  # erase the screen, cursor home
CSI_8BIT = "\x9b31m"  # the one-byte C1 form of ESC [
IDEA = f"a fox {TITLE_SET}who{CLEAR} collects keys{CSI_8BIT} \u202eevil"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "STORYAPP_HOME": str(home)}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def version_id(home: Path) -> int:
    with Library.open(home / "library") as lib:
        story = lib.new_story()
        version = StoryVersion(
            kind="full",
            idea=IDEA,
            premise=f"premise {CLEAR}",
            story_text=f"# The Fox{TITLE_SET}\n\n"
            + "Once.\n" * 4000
            + f"the end{TITLE_SET}",  # more than a pipe holds
            image_prompt="a fox",
            negative_prompt="blurry",
        )
        return lib.add_version(story.id, version, None)


def _no_controls(text: str) -> None:
    for c in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert c not in text, f"{c!r} reached the terminal"


def test_show_and_list_escape_control_characters(run_cli, home: Path, version_id: int) -> None:
    env = {"STORYAPP_HOME": str(home)}
    shown = run_cli("library", "show", version_id, env=env)
    assert shown.returncode == 0, shown.stderr
    _no_controls(shown.stdout)
    assert "a fox \\x1b]0;pwned\\x07who\\x1b[2J\\x1b[H collects keys\\x9b31m \\u202eevil" in (
        shown.stdout
    )
    listed = run_cli("library", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    _no_controls(listed.stdout)
    assert "\\x1b" in listed.stdout
    as_json = run_cli("library", "show", version_id, "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    _no_controls(as_json.stdout)
    assert json.loads(as_json.stdout)["idea"] == IDEA  # escaped for the terminal, same data


@pytest.mark.parametrize("action", ["show", "list"])
def test_a_reader_that_stops_early_ends_it_quietly(
    home: Path, version_id: int, action: str
) -> None:
    """`storyapp library show N | head -1`, with a reader that has already gone, so every write
    meets a closed pipe, whether the text fills the pipe or waits for the exit flush."""
    read, write = os.pipe()
    reader = subprocess.Popen(["head", "-c", "0"], stdin=read)
    os.close(read)
    reader.wait(timeout=30)
    args = [action, str(version_id)] if action == "show" else [action]
    try:
        cli = subprocess.run(
            [sys.executable, "-m", "storyapp.cli", "library", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=_env(home),
        )
    finally:
        os.close(write)
    assert cli.stderr == ""
    assert cli.returncode == 141


def test_log_file_on_a_full_disk_says_so_once(run_cli, home: Path, version_id: int) -> None:
    """/dev/full answers every write with ENOSPC, as a full disk does."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    (home / "logs").mkdir(parents=True)
    (home / "logs" / "storyapp.log").symlink_to("/dev/full")
    cli = run_cli("library", "show", version_id + 1, env={"STORYAPP_HOME": str(home)})
    assert cli.returncode == 1
    lines = cli.stderr.splitlines()
    assert lines == [
        f"storyapp: warning: logging to {home / 'logs' / 'storyapp.log'} is off: "
        "[Errno 28] No space left on device",
        f"storyapp: error: no version {version_id + 1} in library {home / 'library'}",
    ]
