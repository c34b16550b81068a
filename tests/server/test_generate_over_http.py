"""`storyapp generate --backend openai` against our server on loopback, with the tiny SDXL: the
record names the HTTP backend and both adapters, and never holds the API key."""

import json

import pytest

from storyapp.system.package_data import shipped_adapters

from .conftest import KEY

ASSETS = shipped_adapters()

pytestmark = pytest.mark.slow


def test_generate_through_the_server(server, http, tmp_path, monkeypatch, capsys):
    from storyapp.cli import main

    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(ASSETS))
    monkeypatch.setenv("STORYAPP_API_KEY", "")  # restored afterwards: --api-key sets it
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "out"
    args = [
        "generate", "A fox who learns to sail", "--backend", "openai",
        "--base-url", server.url + "/v1", "--flavor", "vllm", "--api-key", KEY,
        "--sdxl", "tiny", "--steps", "2", "--max-tokens", "8", "--seed", "3",
        "--out", str(out), "--json",
    ]  # fmt: skip
    try:
        code = main(args)
    finally:
        for name in ("story-writer", "sd-prompt-writer"):
            http.post("/v1/unload_lora_adapter", json={"lora_name": name})
    text = capsys.readouterr().out
    assert code == 0
    record = json.loads(text)
    assert record == json.loads((out / "run.json").read_text())
    assert record["backend"] == "openai_http" and record["model"] == "default"
    assert record["adapters"] == {"story": "story-writer", "sd_prompt": "sd-prompt-writer"}
    assert record["settings"]["base_url"] == server.url + "/v1"
    assert (out / "illustration.png").is_file() and (out / "story.md").read_text().strip()
    assert KEY not in text
