"""`storyapp train` end to end on a tiny slice: a PEFT folder the engine loads, and resume."""

import json

import pytest
import torch

pytestmark = pytest.mark.slow

PAIRS = [
    ("A fox in a snowy wood.", "fox, snowy forest, soft light, watercolor"),
    ("A robot on the moon.", "robot, lunar surface, earthrise, cinematic"),
    ("A girl and a kite.", "girl flying a kite, windy hill, golden hour, gouache"),
    ("An old ship at sea.", "sailing ship, stormy sea, lightning, oil painting"),
]
TINY = ["--max-len", "64", "--rank", "2", "--batch-size", "2", "--lr", "3e-3", "--threads", "1"]


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    f = tmp_path_factory.mktemp("data") / "tiny.jsonl"
    rows = [
        {"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": a}]}
        for u, a in PAIRS
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return f


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_data, run_cli):
    out = tmp_path_factory.mktemp("adapter")
    r = run_cli("train", "--data", tiny_data, "--out", out, "--epochs", "1", *TINY, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return out, json.loads(r.stdout.strip().splitlines()[-1])


def test_peft_folder(trained):
    from safetensors import safe_open

    out, summary = trained
    cfg = json.loads((out / "adapter_config.json").read_text())
    assert cfg["peft_type"] == "LORA" and cfg["r"] == 2 and not cfg["use_dora"]
    assert not cfg["modules_to_save"] and cfg["bias"] == "none"
    assert cfg["base_model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    with safe_open(str(out / "adapter_model.safetensors"), "pt") as f:
        keys = list(f.keys())  # noqa: SIM118
        assert {f.get_tensor(k).dtype for k in keys} == {torch.float16}
    assert len(keys) == 30 * 7 * 2
    assert all(k.startswith("base_model.model.model.layers.") for k in keys)
    assert (out / "loss.png").stat().st_size > 1000
    assert summary["steps"] == 2 and summary["epochs_done"] == 1


def test_engine_loads_it_and_it_changes_outputs(trained):
    from storyapp.engine import LLM, SamplingParams

    llm = LLM.load("default", dtype="float32")
    llm.add_adapter("tiny", trained[0])
    msgs = [{"role": "user", "content": PAIRS[0][0]}]
    base, tuned = llm.chat(
        [msgs, msgs], SamplingParams(max_tokens=12, temperature=0), [None, "tiny"]
    )
    assert base.token_ids != tuned.token_ids


def test_resume_continues_where_it_stopped(trained, tiny_data, run_cli):
    out, _ = trained
    again = run_cli("train", "--data", tiny_data, "--out", out, "--epochs", "1", *TINY)
    assert again.returncode == 1 and "--resume" in again.stderr
    r = run_cli(
        "train", "--data", tiny_data, "--out", out, "--epochs", "2", "--resume", *TINY, timeout=300
    )
    assert r.returncode == 0, r.stderr[-2000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["steps"] == 4 and summary["epochs_done"] == 2
    state = json.loads(
        sorted((out / "checkpoints").glob("step-*"))[-1].joinpath("state.json").read_text()
    )
    assert len(state["progress"]["losses"]) == 4
    args = ["train", "--data", tiny_data, "--out", out, "--epochs", "3", "--resume", *TINY]
    changed = run_cli(*args, "--rank", "4")
    assert changed.returncode == 1 and "--rank was 2" in changed.stderr
