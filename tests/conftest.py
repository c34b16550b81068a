import os
import subprocess
import sys

import pytest
from tiny_llama import make_tiny_llama


@pytest.fixture(scope="session")
def run_cli():
    """Run `storyapp ARGS...` in a fresh process, as a user would."""

    def run(*args: str, timeout: float = 600, env: dict | None = None, **kw):
        return subprocess.run(
            [sys.executable, "-m", "storyapp.cli", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
            **kw,
        )

    return run


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny random Llama folder (tests/tiny_llama.py): a base model that is not SmolLM2."""
    return make_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-llama")
