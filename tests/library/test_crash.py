"""Really kill a process in the middle of saving versions, then check nothing committed is lost."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storyapp
from storyapp.library import Library

from .helpers import big_image

ROUNDS = 6
IMAGE_SIZE = 3 * 1024 * 1024
WRITER = Path(__file__).with_name("crash_writer.py")
REPO = Path(storyapp.__file__).resolve().parent.parent


def run_and_kill(root: Path, first: int, rng: random.Random) -> list[tuple[int, int]]:
    """Start the writer, let it commit a random number of versions, SIGKILL it at a random
    moment (often inside a save), and return the (version id, index) pairs it reported."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(root), str(first), str(IMAGE_SIZE)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    committed = []
    try:
        for _ in range(rng.randint(1, 4)):
            line = child.stdout.readline()
            assert line, f"writer exited early with {child.wait()}"
            committed.append(tuple(map(int, line.split())))
        time.sleep(rng.uniform(0, 0.04))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    committed += [tuple(map(int, line.split())) for line in child.stdout.read().splitlines()]
    child.stdout.close()
    return committed


@pytest.mark.slow
def test_sigkill_while_saving_loses_no_committed_version(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    root = tmp_path / "lib"
    committed: dict[int, int] = {}
    for round_ in range(ROUNDS):
        committed.update(run_and_kill(root, first=1000 * round_, rng=rng))
        conn = sqlite3.connect(root / "library.sqlite3")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {seed}"
        conn.close()
        with Library.open(root) as lib:
            stored = {v.id: v for s in lib.list_stories() for v in lib.versions(s.id)}
            assert set(committed) <= set(stored), f"seed {seed}: a committed version is lost"
            for vid, version in stored.items():  # including one that committed unreported
                index = version.settings["index"]
                assert committed.get(vid, index) == index
                assert version.story_text == f"Version {index}\n\nText."
                data = lib.image_file(version).read_bytes()
                assert data == big_image(index, IMAGE_SIZE), f"seed {seed}: image {vid} damaged"
    with Library.open(root) as lib:
        lib.trash_orphans(older_than_s=0)
        referenced = {v.image_path for s in lib.list_stories() for v in lib.versions(s.id)}
        on_disk = {f"images/{p.name}" for p in (root / "images").iterdir()}
        assert on_disk == referenced
