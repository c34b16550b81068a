"""scripts/verify_tensorrt_llm.py end to end against the double, so the script that will run on
an NVIDIA machine is known to work up to TensorRT-LLM itself."""

import importlib.util
import json
from pathlib import Path

import pytest

from .trtllm_double import install

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "verify_tensorrt_llm.py"


def load_script():
    spec = importlib.util.spec_from_file_location("verify_tensorrt_llm", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_verification_script_runs_the_benchmark_and_the_story(
    trt, model_folder, tmp_path, capsys
):
    script = load_script()
    report = tmp_path / "report.json"
    argv = ["--model", str(model_folder), "--batch-sizes", "1,2", "--osl", "6", "--repeats", "1"]
    assert script.main([*argv, "--plot", str(tmp_path / "plot.png"), "--json", str(report)]) == 0
    out = capsys.readouterr().out
    rows = json.loads(report.read_text())["rows"]
    assert [(r["batch_size"], r["mode"]) for r in rows] == [
        (1, "base"),
        (1, "multi_lora"),
        (2, "base"),
        (2, "multi_lora"),
    ]
    assert all("overhead_pct" in r for r in rows if r["mode"] == "multi_lora")
    assert "  2 multi_lora" in out and (tmp_path / "plot.png").stat().st_size > 10_000
    # the benchmark's rows: unique random adapters, every row exactly OSL tokens, ISL 43 prompts
    bench = [s for s in trt.submitted if s["params"].ignore_eos and s["params"].max_tokens == 6]
    assert {len(s["prompt"]) for s in bench} == {43}
    lora_rows = [s["lora"].lora_name for s in bench if s["lora"]]
    assert {"random-qkvo-r8-0", "random-qkvo-r8-1"} == set(lora_rows)
    # then the story: premise on the base, story and image prompt with the shipped adapters
    story = [
        s["lora"] and s["lora"].lora_name for s in trt.submitted if s["params"].max_tokens > 90
    ]
    assert story == [None, "story-writer", "sd-prompt-writer"]
    assert "STORY\n[story-writer]" in out and "model loaded in" in out
    # the version table's choices, and the checks of them
    checks = json.loads(report.read_text())["checks"]
    assert checks["choices"]["version"] == "TensorRT-LLM 1.1.0 (in the tested range >=1.0,<1.3)"
    assert checks["choices"]["rows"] == 2 and checks["choices"]["max_lora_rank"] == 16
    assert checks["choices"]["int4"] == "W4A16 AWQ runs on Ada Lovelace (sm89)"
    assert checks["seeds"] == {"honoured": False, "table_agrees": True}
    assert checks["graphs"] == {"checked": False}  # 1.1.0: LoRA runs without graphs
    assert "LoRA with CUDA graphs: not checked (CUDA graphs off while LoRA is loaded" in out


@pytest.mark.parametrize(
    ("version", "flags", "status", "same"),
    [("1.2.1", ["--graph-check"], 1, False), ("1.3.0", [], 0, True)],
)
def test_the_graph_check_compares_lora_rows_with_graphs_on_and_off(
    trt, monkeypatch, model_folder, tmp_path, capsys, version, flags, status, same
):
    install(monkeypatch, trt, version)
    script = load_script()
    report = tmp_path / "report.json"
    argv = ["--model", str(model_folder), "--batch-sizes", "2", "--osl", "4", "--repeats", "1"]
    assert script.main([*argv, *flags, "--json", str(report)]) == status
    graphs = json.loads(report.read_text())["checks"]["graphs"]
    assert graphs["checked"] and graphs["same"] is same
    assert graphs["adapters"] == ["random-qkvo-r8-0", "random-qkvo-r8-1", None]
    out = capsys.readouterr().out
    if same:
        assert "LoRA with CUDA graphs: same text as without (3 rows)" in out
    else:
        assert "LoRA with CUDA graphs: DIFFERENT text (3 rows; rows [1] differ)" in out
    built = [llm.cuda_graphs for llm in trt.llms]
    assert sorted(built) == [False, True] and all(llm.shut_down for llm in trt.llms)
