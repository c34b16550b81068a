"""The server and the HTTP backend are optional installs: without their packages each says which
extra to install, in one line, instead of a traceback."""

import subprocess
import sys

import pytest

# Running the command line in a process where importing `missing` fails as if not installed.
RUN_WITHOUT = """
import sys
sys.modules[{missing!r}] = None  # `import {missing}` now raises ModuleNotFoundError
from storyapp.cli import main
sys.exit(main({argv!r}))
"""


def run_without(missing: str, *argv: str) -> subprocess.CompletedProcess:
    code = RUN_WITHOUT.format(missing=missing, argv=list(argv))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("missing", ["fastapi", "uvicorn"])
@pytest.mark.slow
def test_serve_without_the_server_extra_names_it(missing):
    r = run_without(missing, "serve", "--port", "0")
    assert r.returncode == 1
    assert "pip install 'storyapp[serve]'" in r.stderr and missing in r.stderr
    assert "Traceback" not in r.stderr


def test_http_backend_without_openai_names_the_extra(tmp_path):
    r = run_without(
        "openai",
        "generate",
        "an idea",
        "--backend",
        "openai",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--no-image",
        "--no-save",
        "--out",
        str(tmp_path / "out"),
    )
    assert r.returncode == 1
    assert "pip install 'storyapp[http]'" in r.stderr
    assert "Traceback" not in r.stderr
