"""`storyapp download-sdxl`: fetch the official SDXL base (about 7 GB) for illustrations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "download-sdxl", help="download the SDXL base model (about 7 GB) for illustrations"
    )
    p.add_argument("--dest", type=Path, help="folder to put it in (default: the user cache)")
    p.add_argument(
        "--configs-only", action="store_true", help="only the small files a checkpoint needs"
    )
    p.add_argument(
        "--no-vae-fix",
        action="store_true",
        help="skip the fp16-fix VAE (about 335 MB; keeps GPU decodes in float16)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.dest is None and not args.configs_only:
        return _from_catalog(vae_fix=not args.no_vae_fix)
    from storyapp.illustrate import download_sdxl

    folder = download_sdxl(
        args.dest, on_progress=_bar, configs_only=args.configs_only, vae_fix=not args.no_vae_fix
    )
    sys.stderr.write("\n")
    print(folder)
    return 0


def _from_catalog(vae_fix: bool) -> int:
    """Into the models folder, where the app finds it: verified, and visible only complete (as
    `storyapp models download sdxl-base-1.0`)."""
    from storyapp.service.catalog import entry
    from storyapp.service.model_download import download_model

    from .models import bar

    names = ["sdxl-base-1.0", "sdxl-vae-fp16-fix"] if vae_fix else ["sdxl-base-1.0"]
    folders = []
    for name in names:
        folders.append(download_model(entry(name), on_progress=bar(name)))
        sys.stderr.write("\n")
    print(folders[0])
    return 0


def _bar(done: int, total: int) -> None:
    gb = 2**30
    if total:
        filled = int(30 * done / total)
        text = f"[{'#' * filled}{'.' * (30 - filled)}] {done / gb:.2f} / {total / gb:.2f} GB"
    else:
        text = f"{done / gb:.2f} GB"
    sys.stderr.write("\rdownloading SDXL base " + text)
    sys.stderr.flush()
