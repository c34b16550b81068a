"""Adapters belong to a base model: a tiny random Llama folder (not SmolLM2) gets no shipped
adapter, writes its story and image prompt on the base in ONE batched call and says what is
missing; adapters made for it are found by the base they record and their shapes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from tiny_llama import make_lora, make_tiny_llama

from storyapp.backends import AdapterUnavailable
from storyapp.story import Settings, StoryPipeline, TextSettings, open_text_backend
from storyapp.story.adapter_sets import adapters_for, candidates, describe_base
from storyapp.story.events import Notice
from storyapp.system.package_data import shipped_adapters
from storyapp.system.paths import user_adapters_dir

FEW = TextSettings(6)


@pytest.fixture(autouse=True)
def _private(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STORYAPP_ADAPTERS", raising=False)  # the shipped ones: SmolLM2's


def settings(model: Path | str, **kw) -> Settings:
    return Settings(
        model=str(model), device="cpu", image=False, story=FEW, sd_prompt=FEW, premise=FEW, **kw
    )


def test_a_base_without_adapters_writes_both_rows_in_one_call_and_says_what_is_missing(tiny):
    s = settings(tiny)
    backend = open_text_backend(s)  # the shipped SmolLM2 adapters do not fit: no error
    assert backend.adapters() == []
    calls = []
    chat = backend.chat
    backend.chat = lambda requests, *a, **k: calls.append(len(requests)) or chat(requests, *a, **k)
    events = []
    pipe = StoryPipeline(backend, None, s, on_event=events.append)
    result = pipe.from_premise("w1", "w1 w2 w3", seed=1)
    assert calls == [2]  # one backend call, both rows
    assert result.story and result.sd_prompt
    rows = result.stages["story"].rows
    assert {row: r.adapter for row, r in rows.items()} == {"story": None, "sd_prompt": None}
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert len(notices) == 2 and pipe.notices == notices  # once per adapter
    story_notice = notices[0]
    assert story_notice.startswith("no story-writer for tiny-llama yet: the story is written by")
    assert f"storyapp train --for-model {tiny}" in story_notice
    assert "min on this machine" in story_notice
    pipe.rerun_story(result, seed=2)
    assert pipe.notices == notices  # not said again


def test_a_named_adapter_that_does_not_fit_is_an_error_naming_both_shapes(tiny):
    named = shipped_adapters() / "story-writer"
    with pytest.raises(AdapterUnavailable) as e:
        open_text_backend(settings(tiny, story_adapter=str(named)))
    message = str(e.value)
    assert "story-writer" in message and "lora_A (16, " in message and "do not fit" in message
    assert "(128 in," in message or "128 out)" in message  # the base's side too


def test_adapters_are_matched_by_the_base_they_record_and_their_shapes(tiny, tmp_path):
    base = describe_base(str(tiny))
    root = user_adapters_dir()
    good = make_lora(root / "tiny-llama" / "story-writer", tiny)
    other = make_lora(root / "a-twin" / "sd-prompt-writer", tiny, base_name="someone/other-1B")
    # a folder called after the base, holding SmolLM2's adapter: the name alone decides nothing
    shutil.copytree(shipped_adapters() / "story-writer", root / "tiny-llama-2" / "story-writer")
    os.utime(root / "tiny-llama-2" / "story-writer" / "adapter_config.json")  # the newest
    chosen = adapters_for(settings(tiny))
    assert chosen["story-writer"].path == good
    assert chosen["sd-prompt-writer"].path is None
    why = dict(chosen["sd-prompt-writer"].passed_over)
    assert why[other] == f"it was trained for someone/other-1B, not {base.label}"
    smol = dict(chosen["story-writer"].passed_over)[root / "tiny-llama-2" / "story-writer"]
    assert smol == "it was trained for HuggingFaceTB/SmolLM2-135M-Instruct, not tiny-llama"
    backend = open_text_backend(settings(tiny))
    assert backend.adapters() == ["story-writer"]


def test_same_shapes_under_another_recorded_base_are_passed_over(tiny, tmp_path):
    """Shapes alone do not decide either: a twin of the same shape trained for another model."""
    twin = make_tiny_llama(tmp_path / "twin", seed=3, repo="someone/twin-model")
    lora = make_lora(user_adapters_dir() / "twin" / "story-writer", twin)
    cfg = json.loads((lora / "adapter_config.json").read_text())
    assert cfg["base_model_name_or_path"] == str(twin)
    assert adapters_for(settings(tiny))["story-writer"].path is None
    assert adapters_for(settings(twin))["story-writer"].path == lora


def test_the_user_folder_comes_before_the_default_adapter_folder(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(tmp_path / "shared"))
    shared = make_lora(tmp_path / "shared" / "story-writer", tiny, seed=5)
    mine = make_lora(user_adapters_dir() / "tiny-llama" / "story-writer", tiny, seed=6)
    assert candidates("story-writer") == [mine, shared]
    assert adapters_for(settings(tiny))["story-writer"].path == mine
    shutil.rmtree(mine.parent)
    assert adapters_for(settings(tiny))["story-writer"].path == shared


def test_storyapp_generate_with_a_base_without_adapters_writes_and_says_what_to_do(
    tiny, tmp_path, capsys
):
    from storyapp.cli import main

    out = tmp_path / "run"
    code = main(["generate", "w1 w2 w3", "--model", str(tiny), "--device", "cpu", "--no-image",
                 "--no-save", "--out", str(out), "--max-tokens", "6"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0, err
    record = json.loads((out / "run.json").read_text())
    assert record["stages"]["story"]["rows"]["story"]["tokens"] > 0
    assert record["stages"]["story"]["rows"]["sd_prompt"]["tokens"] > 0
    notes = [line for line in err.splitlines() if "no story-writer for tiny-llama yet" in line]
    assert len(notes) == 1 and "storyapp train --for-model" in notes[0]


def test_a_gguf_is_known_by_its_model_name_without_format_and_quantization():
    from storyapp.story.adapter_sets import _norm, _stem

    for file, name in [
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct"),
        ("Llama-3.2-1B-Instruct-Q4_0.gguf", "Llama-3.2-1B-Instruct"),
        ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", "Meta-Llama-3.1-8B-Instruct"),
    ]:
        assert _stem(Path(file)) == name
    assert _norm("meta-llama/Llama-3.2-1B-Instruct") == _norm(
        _stem(Path("Llama-3.2-1B-Instruct-Q4_0.gguf"))
    )
