"""`storyapp train --for-model`: both adapters for a tiny random Llama folder from the shipped
data, a few steps each; they load on that base, change what it writes, and the app picks them
over the default folder's. A stopped run resumes; a base too large says what it needs."""

from __future__ import annotations

import json

import pytest
import torch
from tiny_llama import make_lora

from storyapp.cli import main
from storyapp.service.adapter_training import WORK, prepare, train_adapters
from storyapp.story import Settings
from storyapp.story.adapter_sets import adapters_for
from storyapp.system.paths import user_adapters_dir
from storyapp.training.errors import TrainingCancelled, TrainingError
from storyapp.training.for_model import JOBS

STEPS = 8


@pytest.fixture(autouse=True)
def _private(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(tmp_path / "default-adapters"))


@pytest.mark.slow
def test_train_for_model_makes_adapters_the_app_uses(tiny, tmp_path, capsys):
    from storyapp.engine import LLM, SamplingParams

    older = make_lora(tmp_path / "default-adapters" / "story-writer", tiny)  # fits, and is older
    assert adapters_for(Settings(model=str(tiny)))["story-writer"].path == older
    code = main(["train", "--for-model", str(tiny), "--max-steps", str(STEPS), "--device", "cpu",
                 "--threads", "1", "--eval-ideas", "2", "--eval-max-tokens", "8"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "storyapp: training for tiny-llama: float32 LoRA on the cpu: rank 16" in err
    assert f"story-writer: step {STEPS}/{STEPS}  loss " in err and "min left" in err
    home = user_adapters_dir() / "tiny-llama"
    assert out.split() == [
        "story-writer:", str(home / "story-writer"),
        "sd-prompt-writer:", str(home / "sd-prompt-writer"),
    ]  # fmt: skip
    assert not (user_adapters_dir() / WORK).exists()  # no work folder left behind
    for job in JOBS:
        folder = home / job.name
        cfg = json.loads((folder / "adapter_config.json").read_text())
        assert cfg["base_model_name_or_path"] == str(tiny) and cfg["r"] == 16
        card = (folder / "README.md").read_text()
        assert card.startswith(f"# {job.name} for tiny-llama")
        assert "adapter " in card and "base model " in card and job.heldout in card
        assert json.loads((folder / "training.json").read_text())["steps"] == STEPS
        assert "None" not in card
        assert (
            "## storyapp eval\n\nOn 2 held-out ideas of `story_writer_heldout.jsonl`: in form "
            in card
        )
    assert json.loads((home / "eval" / "eval.json").read_text())["summary"]["ideas"] == 2
    chosen = adapters_for(Settings(model=str(tiny)))
    assert chosen["story-writer"].path == home / "story-writer"  # over the default folder's
    assert chosen["sd-prompt-writer"].path == home / "sd-prompt-writer"

    llm = LLM.load(str(tiny), device="cpu", dtype="float32", quant="bf16")
    llm.add_adapter("story-writer", home / "story-writer")
    msgs = [{"role": "user", "content": "w1 w2 w3"}]
    greedy = SamplingParams(max_tokens=8, temperature=0, ignore_eos=True)
    base, tuned = llm.chat([msgs, msgs], greedy, [None, "story-writer"])
    assert base.token_ids != tuned.token_ids


@pytest.mark.slow
def test_a_stopped_run_resumes_and_nothing_half_trained_is_picked_up(tiny):
    run = prepare(str(tiny), "cpu")
    job = (JOBS[1],)  # the image prompt writer: the shorter examples
    threads = torch.get_num_threads()
    with pytest.raises(TrainingCancelled) as e:
        train_adapters(run, str(tiny), "cpu", max_steps=4, threads=1, should_stop=lambda: True,
                       jobs=job)  # fmt: skip
    assert "stopped at step 1 of 4" in str(e.value)
    assert torch.get_num_threads() == threads  # threads=1 was the run's, not the process's
    assert not run.dest.exists()  # nothing where the app looks
    assert adapters_for(Settings(model=str(tiny)))["sd-prompt-writer"].path is None
    steps = []
    done = train_adapters(run, str(tiny), "cpu", max_steps=4, threads=1, jobs=job,
                          on_step=lambda name, i, *_: steps.append(i))  # fmt: skip
    assert steps == [2, 3, 4]  # continued after the first step
    assert torch.get_num_threads() == threads
    assert done["sd-prompt-writer"] == run.dest / "sd-prompt-writer"
    summary = json.loads((run.dest / "sd-prompt-writer" / "training.json").read_text())
    assert summary["steps"] == 4


LLAMA3_8B = {
    "architectures": ["LlamaForCausalLM"],
    "vocab_size": 128256,
    "hidden_size": 4096,
    "intermediate_size": 14336,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "max_position_embeddings": 8192,
}


def test_a_base_too_large_for_this_machine_says_what_it_needs(tmp_path, capsys):
    folder = tmp_path / "Llama-3.1-8B-Instruct"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA3_8B))
    with pytest.raises(TrainingError) as e:
        prepare(str(folder), "cpu")
    message = str(e.value)
    assert message.startswith("Llama-3.1-8B-Instruct (8.0 B parameters) is too large to train")
    assert "GB of memory" in message and "CUDA GPU with at least" in message
    assert message.count(". ") == 0 and "\n" not in message  # one sentence
    assert main(["train", "--for-model", str(folder), "--device", "cpu"]) == 1
    assert capsys.readouterr().err.strip().startswith("storyapp: error: Llama-3.1-8B-Instruct")
    assert not user_adapters_dir().exists()


def test_a_folder_that_is_not_a_model_is_one_line(tmp_path, capsys):
    (tmp_path / "notes").mkdir()
    assert main(["train", "--for-model", str(tmp_path / "notes")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"storyapp: error: --for-model {tmp_path / 'notes'}: ")
    assert "config.json" in err and "\n" not in err


def test_the_plan_scales_with_the_model():
    from storyapp.engine.loader.random_model import SHAPES
    from storyapp.training.for_model import plan_for

    big = plan_for(SHAPES["llama3-8b-random"], "cuda")
    assert big.qlora and big.batch_size == 8 and big.steps == 100
    assert 8e9 < big.memory_bytes < 11e9  # a 4-bit 8B trains on a 12 GB card
