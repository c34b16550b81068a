"""Verify the TensorRT-LLM backend on a machine that has it (Linux, an NVIDIA GPU,
`pip install 'storyapp[trtllm]'`); see README, "TensorRT-LLM".

1. The seed's benchmark through this backend: ISL 43, OSL 100, batch 1/2/4/8, a unique random
   adapter per row (rank 8 on q/k/v/o by default), base rows against multi-LoRA rows, alternated
   so drift hits both; the same table (and --plot) as `storyapp bench`.
2. The story pipeline once: the premise on the base model, then story and image prompt in one
   batch with the two adapters (the shipped ones fit SmolLM2-135M only: pass adapters trained for
   your model, or the stage runs on the base model and says so).
3. The choices the version table makes (storyapp/backends/trtllm_versions.py), checked:
   - LoRA with CUDA graphs: where the table allows them (or with --graph-check), a mixed-adapter
     greedy batch with graphs on must give the same text as with graphs off, row by row;
   - per-request seeds: a sampled row alone against the same row beside another seed;
   - the W4A16 AWQ gate for this GPU and the KV cache the memory plan gives (no SDXL here).
   Exit status 1 when graphs change a LoRA row's text.

All of it runs in one go, sized to finish in under 8 minutes for an 8B model on one GPU (the model
is built twice for the graph check; the total is printed at the end).

    python scripts/verify_tensorrt_llm.py --model ~/models/Meta-Llama-3-8B-Instruct-AWQ \\
        --plot trtllm.png
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from storyapp.backends import AdapterUnavailable, Sampling
from storyapp.backends.tensorrt_llm import TensorRTLLMBackend
from storyapp.backends.trtllm_int4 import int4_awq_gate
from storyapp.backends.trtllm_probe import probe
from storyapp.bench.decode import Row, median_row, random_prompts
from storyapp.bench.plot import plot
from storyapp.bench.random_adapters import write_random_adapter
from storyapp.cli.bench import print_table
from storyapp.story import Settings, StoryPipeline
from storyapp.story.settings import adapter_paths
from storyapp.story.trtllm_setup import fit_kv_cache


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="a Hugging Face model folder (FP16 or INT4 AWQ)")
    p.add_argument("--batch-sizes", default="1,2,4,8")
    p.add_argument("--isl", type=int, default=43)
    p.add_argument("--osl", type=int, default=100)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--targets", default="qkvo", choices=["qkvo", "all"])
    p.add_argument("--plot", type=Path, help="draw throughput and latency to this PNG")
    p.add_argument("--json", type=Path, help="also write the report to this JSON file")
    p.add_argument("--story-adapter", help="a story-writer adapter trained for --model")
    p.add_argument("--prompt-adapter", help="an sd-prompt-writer adapter trained for --model")
    p.add_argument("--idea", default="A lighthouse keeper finds a talking whale")
    p.add_argument(
        "--graph-check",
        action="store_true",
        help="compare LoRA rows with CUDA graphs on and off even where the version table keeps "
        "them off (to test whether a new version can move its line)",
    )
    args = p.parse_args(argv)
    began = time.perf_counter()
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    backend = TensorRTLLMBackend.load(args.model, max_rows=max(sizes))
    settings = _story_adapters(backend, args)  # before start(): LoRA modules are fixed there
    fit_kv_cache(settings, backend)
    checks: dict = {"choices": _choices(backend)}
    with tempfile.TemporaryDirectory() as tmp:  # TensorRT-LLM reads an adapter at its first use
        names = _random_adapters(backend, Path(tmp), max(sizes), args.rank, args.targets)
        t0 = time.perf_counter()
        backend.start()
        print(f"model loaded in {time.perf_counter() - t0:.1f} s: {backend.model}")
        report = _benchmark(backend, sizes, args, names)
        print_table(report)
        _story(backend, settings, args.idea)
        checks["seeds"] = _seed_check(backend)
        checks["graphs"] = _graph_check(backend, args, names)
    backend.close()
    report["checks"] = checks
    if args.plot:
        plot(report, args.plot)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    print(f"\nall checks in {time.perf_counter() - began:.0f} s")
    return 1 if checks["graphs"].get("same") is False else 0


def _choices(backend) -> dict:
    """What the version table and the GPU decided, printed and recorded."""
    f, gpu = backend.features, backend.gpu
    int4 = int4_awq_gate(gpu.capability)[1] if gpu else "no GPU seen"
    built = backend.build_args()
    choices = {
        "version": f.describe(),
        "cuda_graphs_with_lora": backend.graph_choice(),
        "per_request_seeds": f.per_request_seeds,
        "int4": int4,
        "rows": backend.rows,
        "context": backend.context,
        "kv_budget_bytes": backend.kv_budget_bytes,
        "kv_tokens": built["kv_cache_config"].max_tokens,
        "max_lora_rank": built["lora_config"].max_lora_rank if "lora_config" in built else None,
    }
    for key, value in choices.items():
        print(f"{key:>22}: {value}")
    return choices


def _seed_check(backend) -> dict:
    """A sampled row with seed 1 alone, then beside a row with seed 2: the same text means the
    seed pinned the row."""
    prompts = random_prompts(2, 16, backend.trt_model.config.vocab_size, seed=99)
    s1, s2 = (Sampling(max_tokens=32, temperature=1.0, top_p=1.0, seed=n) for n in (1, 2))
    alone = backend.complete(prompts[:1], [s1], [None])[0].text
    beside = backend.complete(prompts, [s1, s2], [None, None])[0].text
    honoured = alone == beside
    agrees = honoured == backend.features.per_request_seeds
    print(
        f"seeds: a row's seed {'pins' if honoured else 'does not pin'} its text beside another "
        f"seed ({'as the table says' if agrees else 'NOT as the table says: update it'})"
    )
    return {"honoured": honoured, "table_agrees": agrees}


def _graph_check(backend, args, names: list[str]) -> dict:
    """The same greedy mixed-adapter batch with CUDA graphs on and off; None where skipped."""
    graphs = backend.graphs_with_lora()
    if not graphs and not args.graph_check:
        print(f"LoRA with CUDA graphs: not checked ({backend.graph_choice()})")
        return {"checked": False}
    rows = names[: max(2, min(4, len(names)))] + [None]
    prompts = random_prompts(len(rows), args.isl, backend.trt_model.config.vocab_size, seed=7)
    greedy = [Sampling(max_tokens=48, temperature=0.0)] * len(rows)
    texts: dict[bool, list[str]] = {}
    other = backend.twin(cuda_graphs=not graphs)
    texts[graphs] = [r.text for r in backend.complete(prompts, greedy, rows)]
    backend.close()  # one model on the card at a time
    texts[not graphs] = [r.text for r in other.complete(prompts, greedy, rows)]
    other.close()
    same = texts[True] == texts[False]
    differ = [i for i, (a, b) in enumerate(zip(texts[True], texts[False], strict=True)) if a != b]
    print(
        f"LoRA with CUDA graphs: {'same text as without' if same else 'DIFFERENT text'} "
        f"({len(rows)} rows{'' if same else f'; rows {differ} differ'})"
    )
    return {"checked": True, "same": same, "rows_differ": differ, "adapters": rows}


def _random_adapters(backend, folder: Path, n: int, rank: int, targets: str) -> list[str]:
    names = []
    for i in range(n):
        name = f"random-{targets}-r{rank}-{i}"
        cfg = backend.trt_model.config
        backend.add_adapter(name, write_random_adapter(folder / name, cfg, rank, targets, i))
        names.append(name)
    return names


def _benchmark(backend, sizes: list[int], args, names: list[str]) -> dict:
    rows: list[Row] = []
    for b in sizes:
        prompts = random_prompts(b, args.isl, backend.trt_model.config.vocab_size, seed=b)
        per_row = [names[i % len(names)] for i in range(b)]
        runs: dict[str, list[tuple[float, float]]] = {"base": [], "multi_lora": []}
        for adapters in ([None] * b, per_row):  # warm-up: first-use costs out of the timings
            _timed(backend, prompts, 4, adapters)
        for _ in range(args.repeats):
            runs["base"].append(_timed(backend, prompts, args.osl, [None] * b))
            runs["multi_lora"].append(_timed(backend, prompts, args.osl, per_row))
        base, lora = (median_row(runs[m], b, args.osl, m) for m in ("base", "multi_lora"))
        lora.overhead_pct = 100 * (1 - lora.tokens_per_s / base.tokens_per_s)
        rows += [base, lora]
    gpu = probe().gpu
    return {
        "model": backend.model,
        "device": gpu.name if gpu else "cuda",
        "dtype": backend.trt_model.quant or "fp16/bf16",
        "threads": 0,
        "isl": args.isl,
        "osl": args.osl,
        "rows": [r.as_dict() for r in rows],
        "lora": {"adapters": len(names), "rank": args.rank, "targets": args.targets},
        "backend": "tensorrt_llm",
    }


def _timed(backend, prompts, osl: int, adapters) -> tuple[float, float]:
    """(latency, time to first token) of one batch: every row makes exactly `osl` tokens."""
    first: dict[int, float] = {}
    t0 = time.perf_counter()
    fixed = Sampling(max_tokens=osl, temperature=0.0, ignore_eos=True)
    out = backend.complete(
        prompts,
        [fixed] * len(prompts),
        adapters,
        on_token=lambda row, _text: first.setdefault(row, time.perf_counter() - t0),
    )
    if any(r.tokens != osl for r in out):
        raise RuntimeError(f"a row stopped early: {[r.tokens for r in out]} tokens, not {osl}")
    return max(r.seconds for r in out), max(first.values(), default=0.0)


def _story_adapters(backend, args) -> Settings:
    settings = Settings(
        backend="tensorrt_llm",
        model=args.model,
        image=False,
        story_adapter=args.story_adapter,
        prompt_adapter=args.prompt_adapter,
    )
    for name, (path, _given) in adapter_paths(settings).items():
        try:
            backend.add_adapter(name, path)
        except AdapterUnavailable as e:
            print(f"note: {e}; that part runs on the base model", file=sys.stderr)
    return settings


def _story(backend, settings: Settings, idea: str) -> None:
    result = StoryPipeline(backend, None, settings).run(idea)
    for stage, stats in result.stages.items():
        print(f"{stage}: {stats.tokens} tokens in {stats.seconds:.2f} s")
    print(
        f"\nPREMISE\n{result.premise}\n\nSTORY\n{result.story}\n\nIMAGE PROMPT\n{result.sd_prompt}"
    )


if __name__ == "__main__":
    sys.exit(main())
