"""`storyapp train --data FILE --out DIR`: fine-tune a LoRA adapter (PEFT) on chat examples."""

import argparse
import json
import sys

from .options import add_model_options


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="train a LoRA adapter on chat-format JSONL")
    p.add_argument("--data", required=True, help='JSONL, one {"messages": [...]} per line')
    p.add_argument("--out", required=True, help="folder for the adapter, loss curve, checkpoints")
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
