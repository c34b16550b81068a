"""`storyapp generate` as a user runs it: a fresh process, the default model, the tiny SDXL."""

import json
import os
import subprocess

import pytest

from storyapp.illustrate import read_png_meta
from storyapp.library import Library

from .conftest import storyapp_bin

pytestmark = pytest.mark.slow

RECORD_KEYS = {
    "format", "created", "kind", "idea", "seeds", "settings", "backend", "model", "adapters",
    "adapter_paths", "image_model", "image", "stages", "notices", "files", "version_id",
}  # fmt: skip


def test_generate_json(tmp_path, adapter_dirs):
    out, home = tmp_path / "out", tmp_path / "home"
    args = [
        storyapp_bin(), "generate", "A lighthouse keeper befriends a talking whale",
        "--out", out, "--seed", "3", "--sdxl", "tiny", "--steps", "2", "--json",
        "--max-tokens", "16",
        "--story-adapter", adapter_dirs["story-writer"],
        "--prompt-adapter", adapter_dirs["sd-prompt-writer"],
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STORYAPP_HOME": str(home)}
    done = subprocess.run(
        list(map(str, args)), capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr

    record = json.loads(done.stdout)
    assert record == json.loads((out / "run.json").read_text())
    assert set(record) == RECORD_KEYS
    assert (
        sorted(p.name for p in out.iterdir())
        == sorted(record["files"])
        == sorted(["premise.md", "story.md", "sd_prompt.txt", "illustration.png", "run.json"])
    )
    assert record["idea"] == "A lighthouse keeper befriends a talking whale"
    assert record["seeds"] == {"seed": 3, "premise": 3, "story": 4, "sd_prompt": 5, "image": 6}
    assert record["backend"] == "embedded" and record["model"].endswith(".gguf")
    assert record["adapters"] == {"story": "story-writer", "sd_prompt": "sd-prompt-writer"}
    assert record["adapter_paths"] == {  # what ran; no premise writer in the folder here
        "story-writer": str(adapter_dirs["story-writer"]),
        "sd-prompt-writer": str(adapter_dirs["sd-prompt-writer"]),
        "premise-writer": None,
    }
    assert record["notices"] == []
    for stage in ("premise", "story", "image"):
        stats = record["stages"][stage]
        assert stats["seconds"] > 0 and stats["tokens"] > 0 and stats["tokens_per_s"] > 0
    assert set(record["stages"]["story"]["rows"]) == {"story", "sd_prompt"}

    meta = read_png_meta(out / "illustration.png")
    assert meta == record["image"]
    assert meta["seed"] == 6 and meta["steps"] == 2 and (meta["width"], meta["height"]) == (64, 64)
    assert meta["model"] == "tiny"
    assert meta["prompt"] in (out / "sd_prompt.txt").read_text()

    version_id = record["version_id"]
    assert isinstance(version_id, int)
    assert f"saved as version {version_id}" in done.stderr
    with Library.open(home / "library") as lib:
        version = lib.get_version(version_id)
        assert version.story_text == (out / "story.md").read_text().strip()
        assert version.image_prompt == (out / "sd_prompt.txt").read_text().strip()
        assert lib.image_file(version).read_bytes() == (out / "illustration.png").read_bytes()
        assert version.adapters == {"story": "story-writer", "sd_prompt": "sd-prompt-writer"}
        assert version.timings["story"]["tokens"] == record["stages"]["story"]["tokens"]
