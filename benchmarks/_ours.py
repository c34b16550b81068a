"""Our engine: `storyapp bench --json` for the base rows, storyapp.bench.lora_rows for LoRA."""

import json
import subprocess
import sys
from pathlib import Path

from _common import thread_env


def base_rows(model, batch_sizes, isl, osl, repeats, threads) -> dict:
    """The report of `storyapp bench --json` (rows, dtype, threads)."""
    cmd = [sys.executable, "-m", "storyapp.cli", "bench", "--json", "--model", model]
    cmd += ["--batch-sizes", ",".join(map(str, batch_sizes))]
    cmd += ["--isl", str(isl), "--osl", str(osl), "--repeats", str(repeats)]
    out = subprocess.run(cmd, check=True, env=thread_env(threads), capture_output=True, text=True)
    return json.loads(out.stdout)


def lora_rows(model, adapters, batch_sizes, isl, osl, repeats, threads) -> list[dict]:
    """Per batch size: base vs B requests each with its own adapter, all in one batch."""
    from storyapp.bench.lora_rows import compare
    from storyapp.engine import LLM

    rank = max(json.loads((Path(a) / "adapter_config.json").read_text())["r"] for a in adapters)
    llm = LLM.load(
        model,
        max_num_seqs=max(batch_sizes),
        max_model_len=isl + osl + 8,
        max_loras=max(8, len(adapters)),
        max_lora_rank=max(64, rank),
    )
    names = [f"a{i}" for i in range(len(adapters))]
    for name, folder in zip(names, adapters, strict=True):
        llm.add_adapter(name, folder)
    return [r.as_dict() for r in compare(llm, batch_sizes, isl, osl, repeats, names)]
