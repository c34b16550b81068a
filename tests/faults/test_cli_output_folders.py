"""`storyapp generate`'s output folders: a run killed while saving leaves a temporary folder that
the next run removes (never one a live run is still writing), and two runs of one idea in the
same second never share a default folder."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

IDEA = "a fox who collects keys"
SLUG = "a-fox-who-collects-keys"
# A process in the middle of the real save: publish() has written a file into its temporary
# folder and waits there, as a run does while it saves into the library.
SAVER = """
import sys, time
from pathlib import Path
from storyapp.story.output_dir import publish

def write(folder):
    (folder / "story.md").write_text("half a story")
    print("saving", flush=True)
    time.sleep(600)

publish(Path(sys.argv[1]), write)
"""


def _saver(out: Path) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", SAVER, str(out)], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline() == "saving\n"
    return p


def _temps(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.tmp-*"))


@pytest.fixture(scope="module")
def run(run_cli, tmp_path_factory: pytest.TempPathFactory):
    """One real `storyapp generate` without --out, in a folder holding: a temporary folder of a
    save SIGKILLed midway, one of a save still going on, and an earlier run of the same idea for
    every second around this one (as a run started in the same second would have made)."""
    cwd = tmp_path_factory.mktemp("work")
    stories = cwd / "stories"
    live = _saver(stories / "live")  # first: a save cleans up after killed ones itself
    killed = _saver(stories / "killed")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    now = time.time()
    earlier = {}
    for dt in range(-5, 600):
        name = f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now + dt))}-{SLUG}"
        (stories / name).mkdir()
        (stories / name / "story.md").write_text(f"earlier run {dt}")
        (stories / name / "run.json").write_text("{}")
        earlier[name] = f"earlier run {dt}"
    left = {"killed": _temps(stories, "killed"), "live": _temps(stories, "live")}
    try:
        cli = run_cli(
            "generate", IDEA, "--no-image", "--no-save", "--max-tokens", "4",
            env={"STORYAPP_HOME": str(cwd / "home")}, cwd=cwd,
        )  # fmt: skip
        after = {"killed": _temps(stories, "killed"), "live": _temps(stories, "live")}
    finally:
        live.kill()
        live.wait(timeout=30)
    return cli, stories, earlier, left, after


@pytest.mark.slow
def test_a_killed_saves_leftover_goes_and_a_live_one_stays(run) -> None:
    cli, _, _, left, after = run
    assert cli.returncode == 0, cli.stderr
    assert len(left["killed"]) == 1 and len(left["live"]) == 1
    assert after["killed"] == []
    assert after["live"] == left["live"]
    assert (left["live"][0] / "story.md").read_text() == "half a story"


@pytest.mark.slow
def test_the_default_folder_is_never_an_earlier_runs(run) -> None:
    cli, stories, earlier, _, _ = run
    assert cli.returncode == 0, cli.stderr
    out = Path(cli.stdout.strip())
    out = out if out.is_absolute() else stories.parent / out
    assert out.name not in earlier
    assert out.name.split("-", 2)[2].startswith(SLUG)
    assert json.loads((out / "run.json").read_text())["idea"] == IDEA
    for name, text in earlier.items():
        assert (stories / name / "story.md").read_text() == text
