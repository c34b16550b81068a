"""Our engine against llama.cpp and transformers: decode throughput on the same GGUF, in one run.

    python benchmarks/peers.py [--quick] [--lora] [--json-out FILE] [--markdown]

Every engine gets the same random prompts (ISL tokens), makes exactly OSL new tokens greedily
(EOS ignored) for batch sizes 1, 4, 8, with the same thread count, each in its own process; rows
are the median of --repeats timed runs after a warm-up. With --lora, every engine also serves the
same random PEFT adapters (converted to GGUF for llama.cpp), one different adapter per request.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from _common import in_subprocess  # helpers next to this script (its folder is on sys.path)
from _ours import base_rows as ours_base_rows
from _report import lora_table, ratio_table, throughput_table
from lora_to_gguf import convert

from storyapp.engine.loader.resolve import default_model_path

OURS = "storyapp"
PEERS = {  # name -> (worker, extra arguments)
    "llama.cpp": ("_llamacpp:base_rows", {}),
    "transformers fp32": ("_hf:base_rows", {"dtype": "float32"}),
    "transformers bf16": ("_hf:base_rows", {"dtype": "bfloat16"}),
}
TARGETS = {"all": "qkvogud"}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default=str(default_model_path()), help="the GGUF every engine runs")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-sizes", default="1,4,8")
    p.add_argument("--isl", type=int, default=43, help="prompt length in tokens")
    p.add_argument("--osl", type=int, default=100, help="new tokens per request")
    p.add_argument("--repeats", type=int, default=3, help="timed runs per row (median)")
    p.add_argument("--quick", action="store_true", help="smoke test: OSL 20, 1 repeat")
    p.add_argument("--peers", default=",".join(PEERS), help=f"any of: {', '.join(PEERS)}")
    p.add_argument("--lora", action="store_true", help="add multi-LoRA rows against base rows")
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--targets", default="qkvo", help="letters of q k v o g u d, or 'all'")
    p.add_argument("--adapters", type=int, help="random adapters (default: the largest batch)")
    p.add_argument("--json-out", type=Path, help="also write everything as JSON here")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    a = p.parse_args(argv)
    if a.quick:
        a.osl, a.repeats = 20, 1
    a.sizes = [int(s) for s in a.batch_sizes.split(",")]
    a.peers = [s.strip() for s in a.peers.split(",") if s.strip()]
    unknown = set(a.peers) - set(PEERS)
    if unknown:
        p.error(f"unknown peers: {', '.join(sorted(unknown))}")
    a.targets = TARGETS.get(a.targets, a.targets)
    return a


def common(a) -> dict:
    return dict(
        model=a.model,
        batch_sizes=a.sizes,
        isl=a.isl,
        osl=a.osl,
        repeats=a.repeats,
        threads=a.threads,
    )


PHASES: list[dict] = []  # what ran when, and the 1-minute load average as it ended


def phase(name: str, fn, *args, **kwargs):
    print(f"{name} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds, load = time.perf_counter() - t0, os.getloadavg()[0]
    PHASES.append({"phase": name, "seconds": round(seconds, 1), "load1_at_end": round(load, 2)})
    return result


def throughput(a) -> tuple[list[dict], dict]:
    ours = phase(OURS, ours_base_rows, **common(a))
    rows = [{"engine": OURS, **r} for r in ours["rows"]]
    for peer in a.peers:
        target, extra = PEERS[peer]
        rs = phase(peer, in_subprocess, target, **common(a), **extra)
        rows += [{"engine": peer, **r} for r in rs]
    return rows, {k: v for k, v in ours.items() if k != "rows"}


def ratios(rows: list[dict]) -> dict[str, dict[str, float]]:
    """{peer: {batch: our tokens/s / the peer's}}."""
    ours = {r["batch_size"]: r["tokens_per_s"] for r in rows if r["engine"] == OURS}
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        if r["engine"] != OURS and r["batch_size"] in ours:
            out.setdefault(r["engine"], {})[str(r["batch_size"])] = round(
                ours[r["batch_size"]] / r["tokens_per_s"], 3
            )
    return out


def lora(a) -> list[dict]:
    """Base and multi-LoRA rows of each engine, on the same random adapters."""
    n = a.adapters or max(a.sizes)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        name = f"{n} random adapters, rank {a.rank}, targets {a.targets}"
        make = dict(model=a.model, n=n, rank=a.rank, targets=a.targets, out_dir=tmp)
        folders = phase(name, in_subprocess, "_hf:make_adapters", threads=a.threads, **make)
        ggufs = [str(convert(f, a.model, Path(f).with_suffix(".gguf"))) for f in folders]
        runs = [(OURS, "_ours:lora_rows", folders)]
        if "llama.cpp" in a.peers:
            runs.append(("llama.cpp", "_llamacpp:lora_rows", ggufs))
        if "transformers fp32" in a.peers:
            runs.append(("transformers+PEFT fp32", "_hf:lora_rows", folders))
        for engine, target, adapters in runs:
            rs = phase(f"{engine} LoRA", in_subprocess, target, adapters=adapters, **common(a))
            rows += [{"engine": engine, **r} for r in rs]
    return rows


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("storyapp", "torch", "llama_cpp_python", "transformers", "peft", "gguf"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return f"{line.split(':', 1)[1].strip()} ({os.cpu_count()} cores)"
    return platform.processor() or platform.machine()


def main(argv=None) -> int:
    a = parse_args(argv)
    t0, load_before = time.perf_counter(), os.getloadavg()
    rows, ours_meta = throughput(a)
    report = {
        "model": a.model,
        "cpu": cpu(),
        "threads": a.threads,
        "isl": a.isl,
        "osl": a.osl,
        "repeats": a.repeats,
        "versions": versions(),
        "storyapp": ours_meta,
        "rows": rows,
        "ratios": ratios(rows),
    }
    if a.lora:
        report["lora"] = {"rank": a.rank, "targets": a.targets, "rows": lora(a)}
    report["loadavg_before"], report["loadavg_after"] = load_before, os.getloadavg()
    report["wall_s"], report["phases"] = round(time.perf_counter() - t0, 1), PHASES
    print_report(report, a.markdown)
    if a.json_out:
        a.json_out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def print_report(report: dict, markdown: bool) -> None:
    v = report["versions"]
    print(
        f"{Path(report['model']).name} on {report['cpu']}, {report['threads']} threads, "
        f"ISL {report['isl']}, OSL {report['osl']}, median of {report['repeats']}; "
        f"storyapp {report['storyapp']['dtype']}, llama-cpp-python {v['llama_cpp_python']}, "
        f"transformers {v['transformers']}, torch {v['torch']}\n"
    )
    print(throughput_table(report["rows"], markdown) + "\n")
    print(ratio_table(report["ratios"], markdown) + "\n")
    if "lora" in report:
        lo = report["lora"]
        print(f"LoRA: rank {lo['rank']}, targets {lo['targets']}, one adapter per request\n")
        print(lora_table(lo["rows"], markdown) + "\n")
    before, after = report["loadavg_before"], report["loadavg_after"]
    print(f"load average before {before[0]:.2f}, after {after[0]:.2f}; {report['wall_s']} s")
    print(
        "1-min load at the end of each phase: "
        + ", ".join(f"{p['phase']} {p['load1_at_end']:.1f}" for p in report["phases"])
    )


if __name__ == "__main__":
    sys.exit(main())
