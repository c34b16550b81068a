"""`storyapp train --data FILE --out DIR`: fine-tune a LoRA adapter (PEFT) on chat examples.
`storyapp train --for-model MODEL`: both of the app's adapters for that base, from the shipped
data, into the user's adapter folder, where the app finds them."""

import argparse
import json
import sys
import time
from pathlib import Path

from .options import add_model_options


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="train a LoRA adapter on chat-format JSONL")
    p.add_argument(
        "--for-model",
        metavar="MODEL",
        help="train story-writer and sd-prompt-writer for MODEL (default, a .gguf or a model "
        "folder) with settings scaled to it; resumes a stopped run",
    )
    p.add_argument("--data-dir", type=Path, help="with --for-model: the training data folder")
    p.add_argument(
        "--eval-ideas",
        type=int,
        default=8,
        help="with --for-model: held-out ideas `storyapp eval` scores at the end (0: none)",
    )
    p.add_argument(
        "--eval-max-tokens", type=int, help="with --for-model: cap each text of that evaluation"
    )
    p.add_argument("--data", help='JSONL, one {"messages": [...]} per line')
    p.add_argument("--out", help="folder for the adapter, loss curve, checkpoints")
    add_model_options(p, precision=False)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--alpha", type=float, default=32.0)
    p.add_argument("--targets", default="q,k,v,o,gate,up,down", help="comma-separated projections")
    p.add_argument("--dropout", type=float, default=0.05)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=4, help="examples per optimizer step")
    p.add_argument("--max-len", type=int, default=1024, help="tokens per example (cut beyond)")
    p.add_argument("--max-steps", type=int, help="stop after this many optimizer steps")
    p.add_argument("--eval-data", help="held-out JSONL: its loss, adapter vs base, at the end")
    p.add_argument("--eval-limit", type=int, help="score only the first N held-out examples")
    p.add_argument("--save-every", type=int, help="also checkpoint every N steps")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: the idle cores)")
    p.add_argument("--qlora", action="store_true", help="4-bit base (bitsandbytes; CUDA only)")
    p.add_argument("--resume", action="store_true", help="continue from the newest checkpoint")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.for_model:
        return _for_model(args)
    if not args.data or not args.out:
        raise ValueError("--data and --out are needed (or --for-model MODEL)")
    from storyapp.training.config import TrainConfig
    from storyapp.training.loop import train

    for name in ("rank", "epochs", "batch_size", "max_len"):
        if getattr(args, name) < 1:
            raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
    cfg = TrainConfig(
        data=args.data,
        out=args.out,
        model=args.model,
        rank=args.rank,
        alpha=args.alpha,
        targets=args.targets,
        dropout=args.dropout,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        max_len=args.max_len,
        max_steps=args.max_steps,
        seed=args.seed,
        qlora=args.qlora,
        device=args.device,
        eval_data=args.eval_data,
        eval_limit=args.eval_limit,
        threads=args.threads,
        save_every=args.save_every,
        resume=args.resume,
    )
    summary = train(cfg)
    summary.pop("config")
    print(json.dumps(summary), file=sys.stdout)
    return 0


def _for_model(args: argparse.Namespace) -> int:
    from storyapp.service.adapter_training import prepare, train_adapters

    if args.max_steps is not None and args.max_steps < 1:
        raise ValueError("--max-steps must be at least 1")
    run = prepare(args.for_model, args.device, args.data_dir)
    print(f"storyapp: training for {run.describe()}", file=sys.stderr)
    started = time.monotonic()

    def show(name: str, step: int, total: int, loss: float, per_step: float) -> None:
        left = (total - step) * per_step
        print(
            f"\r{name}: step {step}/{total}  loss {loss:.3f}  {left / 60:.1f} min left ",
            end="",
            file=sys.stderr,
            flush=True,
        )

    folders = train_adapters(
        run,
        args.for_model,
        args.device,
        args.max_steps,
        args.threads,
        on_step=show,
        eval_ideas=max(0, args.eval_ideas),
        eval_max_tokens=args.eval_max_tokens,
    )
    print(file=sys.stderr)
    for name, folder in folders.items():
        print(f"{name}: {folder}")
    print(
        f"storyapp: done in {(time.monotonic() - started) / 60:.1f} min; the next generate with "
        f"this model uses them",
        file=sys.stderr,
    )
    return 0
