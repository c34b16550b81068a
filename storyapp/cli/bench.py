"""`storyapp bench`: decode throughput and latency per batch size, as JSON or a table."""

import argparse
import json
from pathlib import Path

from .options import add_model_options, load_llm


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure decode throughput and latency")
    add_model_options(p)
    p.add_argument("--batch-sizes", default="1,4,8")
    p.add_argument("--isl", type=int, default=43, help="input (prompt) length in tokens")
    p.add_argument("--osl", type=int, default=100, help="output length in tokens")
    p.add_argument("--repeats", type=int, default=3, help="timed runs per row (median)")
    p.add_argument("--lora", action="store_true", help="add multi-LoRA rows against base rows")
    p.add_argument("--adapters", type=int, help="random adapters (default: the largest batch)")
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--targets", default="qkvo", choices=["qkvo", "all"])
    p.add_argument("--plot", type=Path, help="draw throughput and latency to this PNG")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyapp.bench.decode import measure
    from storyapp.bench.lora_rows import compare, load_random_adapters
    from storyapp.engine.layers.quant import int4_kernel_name

    sizes = [int(s) for s in args.batch_sizes.split(",")]
    n_adapters = args.adapters or max(sizes)
    llm = load_llm(
        args,
        max_num_seqs=max(sizes),
        max_model_len=args.isl + args.osl + 8,
        max_lora_rank=max(64, args.rank),
        max_loras=max(n_adapters, 1),
    )
    if args.lora:
        names = load_random_adapters(llm, n_adapters, args.rank, args.targets)
        rows = compare(llm, sizes, args.isl, args.osl, args.repeats, names)
    else:
        rows = [measure(llm, b, args.isl, args.osl, "base", None, args.repeats) for b in sizes]
    report = {
        "model": str(args.model),
        "device": str(llm.engine.device),
        "dtype": str(llm.engine.dtype).removeprefix("torch."),
        "int4_kernel": int4_kernel_name(llm.engine.device, llm.engine.dtype),
        "threads": _threads(),
        "isl": args.isl,
        "osl": args.osl,
        "rows": [r.as_dict() for r in rows],
    }
    if args.lora:
        report["lora"] = {"adapters": n_adapters, "rank": args.rank, "targets": args.targets}
    if args.plot:
        from storyapp.bench.plot import plot

        plot(report, args.plot)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def print_table(report: dict) -> None:
    print(
        f"{report['model']} on {report['device']} ({report['dtype']}, {report['threads']} threads)"
    )
    if "int4_kernel" in report:
        print(f"4-bit kernel: {report['int4_kernel']}")
    print(f"{'batch':>5} {'mode':>10} {'tok/s':>9} {'ttft s':>8} {'latency s':>10} {'overhead':>9}")
    for r in report["rows"]:
        over = f"{r['overhead_pct']:+.1f}%" if "overhead_pct" in r else ""
        print(
            f"{r['batch_size']:>5} {r['mode']:>10} {r['tokens_per_s']:>9.1f} "
            f"{r['ttft_s']:>8.3f} {r['latency_s']:>10.3f} {over:>9}"
        )
