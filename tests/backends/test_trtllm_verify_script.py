"""scripts/verify_tensorrt_llm.py end to end against the double, so the script that will run on
an NVIDIA machine is known to work up to TensorRT-LLM itself."""

import importlib.util
import json
from pathlib import Path

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
    story = [s["lora"] and s["lora"].lora_name for s in trt.submitted[-3:]]
    assert story == [None, "story-writer", "sd-prompt-writer"]
    assert "STORY\n[story-writer]" in out and "model loaded in" in out
