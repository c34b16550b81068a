"""The story stage batched (story + image prompt, two adapters, one call) against the same two
rows run one after the other, with the same tokens.

    .venv/bin/python benchmarks/pipeline_stage.py [--tokens 128,128] [--repeats 3] [--json]

Both rows generate exactly their max_tokens (ignore_eos), so both modes make the same tokens.
Without --story-adapter/--prompt-adapter, two random rank-8 PEFT adapters are made with PEFT.
Runs alternate between the modes so drifting load on a shared machine hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

IDEA = "A lighthouse keeper finds a talking whale"
PREMISE = (
    "Old Tomas keeps the lighthouse on a lonely northern island. One stormy night a great grey "
    "whale surfaces below the cliffs and asks him for help: the noise of ships is driving her "
    "family away. Tomas must decide whether to dim the light that guides the fishing fleet."
)
TARGETS = {
    "attn": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "all": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
}


def random_adapters(folder: Path, rank: int, targets: list[str]) -> dict[str, Path]:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging

    from storyapp.engine.loader.resolve import default_model_path

    logging.set_verbosity_error()

    gguf = default_model_path()
    base = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    out = {}
    for i, name in enumerate(("story-writer", "sd-prompt-writer")):
        torch.manual_seed(i)
        config = LoraConfig(r=rank, target_modules=targets, init_lora_weights=False)
        model = get_peft_model(base, config)
        model.save_pretrained(folder / name)
        base = model.unload()
        out[name] = folder / name
    return out


def main() -> None:
    os.environ.setdefault("TQDM_DISABLE", "1")  # transformers' GGUF conversion bar
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tokens", default="128,128", help="story,image-prompt tokens; ';' for more")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--targets", default="all", choices=sorted(TARGETS))
    p.add_argument("--device", default="auto")
    p.add_argument("--story-adapter", type=Path)
    p.add_argument("--prompt-adapter", type=Path)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()

    from storyapp.backends import EmbeddedBackend
    from storyapp.story import Settings, StoryPipeline

    backend = EmbeddedBackend.load("default", args.device)
    with tempfile.TemporaryDirectory() as tmp:
        if args.story_adapter and args.prompt_adapter:
            paths = {"story-writer": args.story_adapter, "sd-prompt-writer": args.prompt_adapter}
        else:
            paths = random_adapters(Path(tmp), args.rank, TARGETS[args.targets])
        for name, path in paths.items():
            backend.add_adapter(name, path)
    rows = []
    for pair in args.tokens.split(";"):
        story_n, prompt_n = (int(n) for n in pair.split(","))
        settings = Settings(
            ignore_eos=True,
            story=replace(Settings().story, max_tokens=story_n),
            sd_prompt=replace(Settings().sd_prompt, max_tokens=prompt_n),
        )
        rows.append(measure(StoryPipeline(backend, None, settings), args.repeats))
    report = {
        "device": str(backend.llm.engine.device),
        "threads": torch.get_num_threads(),
        "model": backend.model,
        "adapters": "given" if args.story_adapter else f"random r={args.rank} on {args.targets}",
        "repeats": args.repeats,
        "rows": rows,
    }
    print(json.dumps(report, indent=2) if args.json else table(report))


def measure(pipe, repeats: int) -> dict:
    seeds = pipe.seeds_for(1)

    def batched() -> int:
        return pipe.write_texts(IDEA, PREMISE, ("story", "sd_prompt"), seeds)[1].tokens

    def sequential() -> int:
        _, a = pipe.write_texts(IDEA, PREMISE, ("story",), seeds)
        _, b = pipe.write_texts(IDEA, PREMISE, ("sd_prompt",), seeds)
        return a.tokens + b.tokens

    batched(), sequential()  # warm-up: first-call kernel and cache set-up
    times: dict[str, list[float]] = {"batched": [], "sequential": []}
    cpu: dict[str, list[float]] = {"batched": [], "sequential": []}
    tokens = {}
    for _ in range(repeats):
        for name, run in (("batched", batched), ("sequential", sequential)):
            start, start_cpu = time.perf_counter(), time.process_time()
            tokens[name] = run()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    assert tokens["batched"] == tokens["sequential"], tokens
    med = {name: statistics.median(t) for name, t in times.items()}
    med_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    return {
        "story_tokens": pipe.settings.story.max_tokens,
        "prompt_tokens": pipe.settings.sd_prompt.max_tokens,
        "tokens": tokens["batched"],
        "batched_s": round(med["batched"], 3),
        "sequential_s": round(med["sequential"], 3),
        "batched_tok_s": round(tokens["batched"] / med["batched"], 1),
        "sequential_tok_s": round(tokens["sequential"] / med["sequential"], 1),
        "speedup": round(med["sequential"] / med["batched"], 2),
        "batched_cpu_s": round(med_cpu["batched"], 3),
        "sequential_cpu_s": round(med_cpu["sequential"], 3),
        "cpu_speedup": round(med_cpu["sequential"] / med_cpu["batched"], 2),
        "all_s": {name: [round(t, 3) for t in ts] for name, ts in times.items()},
    }


def table(report: dict) -> str:
    head = (
        f"story stage, {report['model']} on {report['device']} ({report['threads']} threads), "
        f"adapters: {report['adapters']}, median of {report['repeats']}\n"
    )
    cols = f"{'story+prompt tokens':>20} {'batched s':>10} {'tok/s':>7} {'one-by-one s':>13} "
    cols += f"{'tok/s':>7} {'speedup':>8} {'cpu-time speedup':>17}\n"
    lines = [
        f"{r['story_tokens']:>9} + {r['prompt_tokens']:<8} {r['batched_s']:>10.2f} "
        f"{r['batched_tok_s']:>7.1f} {r['sequential_s']:>13.2f} {r['sequential_tok_s']:>7.1f} "
        f"{r['speedup']:>7.2f}x {r['cpu_speedup']:>16.2f}x"
        for r in report["rows"]
    ]
    return head + cols + "\n".join(lines)


if __name__ == "__main__":
    main()
