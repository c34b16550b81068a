"""`storyapp models list` and `storyapp models download NAME`: the curated model catalog."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("models", help="list the model catalog, or download a model from it")
    inner = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    inner.add_parser("list", help="the catalog: sizes, memory needed, license, gated")
    d = inner.add_parser("download", help="download a catalog model into the models folder")
    d.add_argument("name", help="a name from `storyapp models list`")
    d.add_argument("--token", help="a Hugging Face token (default: $HF_TOKEN or `hf auth login`)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.models_command == "list":
        return _list()
    from storyapp.service.catalog import entry
    from storyapp.service.model_download import download_model

    chosen = entry(args.name)  # an unknown name fails here, before any network
    folder = download_model(chosen, on_progress=bar(chosen.name), token=args.token)
    sys.stderr.write("\n")
    print(folder)
    return 0


def _list() -> int:
    from storyapp.service.catalog import CATALOG
    from storyapp.service.model_download import installed

    rows = [("name", "size", "GPU", "CPU", "license", "access", "here")]
    for e in CATALOG:
        rows.append(
            (
                e.name,
                _gb(e.size),
                _gb(e.gpu_memory) if e.gpu_memory else "-",
                _gb(e.cpu_memory) if e.cpu_memory else "-",
                e.license,
                "gated (token)" if e.gated else "open",
                "yes" if installed(e) else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    from storyapp.system.paths import models_dir

    print(f"\nDownloads go to {models_dir()}.")
    print("GPU/CPU: memory to run it here. Gated models need a Hugging Face token: accept the")
    print("license on the model's page, then set HF_TOKEN or run `hf auth login`.")
    return 0


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 10**8 else f"{n / 1e6:.0f} MB"  # TAESD XL: 10 MB


def bar(name: str):
    def show(p) -> None:
        filled = int(30 * p.done / p.total) if p.total else 0
        left = p.seconds_left
        eta = "" if left is None else f"  {_duration(left)} left"
        rate = p.rate / 1e6
        speed = f"{rate:.1f} MB/s" if rate >= 1 else f"{rate * 1e3:.0f} kB/s"
        sys.stderr.write(
            f"\rdownloading {name} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{p.done / 1e9:.2f} / {p.total / 1e9:.2f} GB  {speed}{eta}   "
        )
        sys.stderr.flush()

    return show


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
