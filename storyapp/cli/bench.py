"""`storyapp bench`: decode throughput and latency per batch size, as JSON or a table."""

import argparse
import json

from .options import add_model_options, load_llm


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure decode throughput and latency")
    add_model_options(p)
    p.set_defaults(model="default")
    p.add_argument("--batch-sizes", default="1,4,8")
    p.add_argument("--isl", type=int, default=43, help="input (prompt) length in tokens")
    p.add_argument("--osl", type=int, default=100, help="output length in tokens")
    p.add_argument("--repeats", type=int, default=3, help="timed runs per row (median)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyapp.bench.decode import measure

    sizes = [int(s) for s in args.batch_sizes.split(",")]
    llm = load_llm(args, max_num_seqs=max(sizes), max_model_len=args.isl + args.osl + 8)
    rows = [measure(llm, b, args.isl, args.osl, "base", None, args.repeats) for b in sizes]
    report = {
        "model": str(args.model),
        "device": str(llm.engine.device),
        "dtype": str(llm.engine.dtype).removeprefix("torch."),
        "threads": _threads(),
        "isl": args.isl,
        "osl": args.osl,
        "rows": [r.as_dict() for r in rows],
    }
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
    print(f"{'batch':>5} {'mode':>10} {'tok/s':>9} {'ttft s':>8} {'latency s':>10} {'overhead':>9}")
    for r in report["rows"]:
        over = f"{r['overhead_pct']:+.1f}%" if "overhead_pct" in r else ""
        print(
            f"{r['batch_size']:>5} {r['mode']:>10} {r['tokens_per_s']:>9.1f} "
            f"{r['ttft_s']:>8.3f} {r['latency_s']:>10.3f} {over:>9}"
        )
