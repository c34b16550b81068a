"""`storyapp` alone opens the window at once and loads the models after it; the log says when,
and benchmarks/startup.py (run here once) reads those lines."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "startup.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not importlib.util.find_spec("PySide6"), reason="needs the gui extra"),
]


def test_the_window_paints_before_the_models_are_ready():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--repeats", "1", "--timeout", "600"],
        capture_output=True,
        text=True,
        timeout=700,
    )
    assert done.returncode == 0, done.stderr
    times = json.loads(done.stdout)["median_s"]
    assert 0 < times["to_storyapp"] < times["window"] < times["ready"]


def test_the_window_needs_neither_torch_nor_diffusers_to_paint():
    """What the window's modules import runs before its first paint; the models' libraries
    (torch alone took 2.5 s, diffusers 6 s here) load after it, on the worker."""
    check = (
        "import sys, storyapp.gui.app; "
        "print(sorted({'torch', 'diffusers', 'transformers'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
