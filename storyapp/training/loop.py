"""One training run: encode the data, wrap the base in LoRA, step, checkpoint, save, plot."""

import json
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
from tqdm import tqdm

from . import base, checkpoint, data, lora, plot
from .config import TrainConfig
from .encode import Encoded, encode
from .errors import TrainingCancelled, TrainingError
from .loss import mean_loss, token_loss_sum
from .resume import checkpoint_to_resume


def _encode(tokenizer, convs: list, max_len: int) -> tuple[list[Encoded], int]:
    out = [encode(tokenizer, msgs, max_len) for msgs in convs]
    kept = [e for e in out if e.n_target > 0]
    return kept, sum(e.truncated for e in out)


def _schedule(optimizer, total: int, warmup: float):
    n_warm = max(1, int(total * warmup))

    def factor(step: int) -> float:
        if step < n_warm:
            return (step + 1) / n_warm
        return max(0.1, 1 - 0.9 * (step - n_warm) / max(1, total - n_warm))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


OnStep = Callable[[int, int, float, float], None]  # (step, total, loss, seconds per step)


def train(
    cfg: TrainConfig, on_step: OnStep | None = None, should_stop: Callable[[], bool] | None = None
) -> dict:
    """Run (or resume) the training `cfg` describes and save the adapter. `on_step` hears of each
    optimizer step; when `should_stop()` turns true the run checkpoints after the step it is on
    and raises TrainingCancelled. torch's thread count, which a CPU run sets for itself, is put
    back after: the app trains in its own process, and its stories must not go on one thread."""
    threads = torch.get_num_threads()
    try:
        return _train(cfg, on_step, should_stop)
    finally:
        torch.set_num_threads(threads)


def _train(
    cfg: TrainConfig, on_step: OnStep | None, should_stop: Callable[[], bool] | None
) -> dict:
    torch.manual_seed(cfg.seed)
    out = Path(cfg.out).expanduser()
    device = base.pick_device(cfg.device)
    if cfg.qlora and device.type != "cuda":
        raise TrainingError(
            "--qlora needs a CUDA GPU (bitsandbytes 4-bit); on CPU, train without --qlora "
            "(float32 LoRA)"
        )
    if device.type == "cpu":
        base.set_threads(cfg.threads)
    convs = data.load(cfg.data)  # bad data fails here, before any model is loaded
    resume_from = checkpoint_to_resume(cfg, out)
    held = data.load(cfg.eval_data)[: cfg.eval_limit] if cfg.eval_data else []
    tokenizer = base.load_tokenizer(cfg.model)
    train_set, truncated = _encode(tokenizer, convs, cfg.max_len)
    if not train_set:
        raise TrainingError(f"{cfg.data}: no assistant tokens left within --max-len {cfg.max_len}")
    eval_set = _encode(tokenizer, held, cfg.max_len)[0]
    model = lora.wrap(
        base.load_model(cfg.model, device, cfg.qlora),
        cfg.rank,
        cfg.alpha,
        lora.target_modules(cfg.targets),
        cfg.dropout,
        cfg.qlora,
    )
    params = [p for p in model.parameters() if p.requires_grad]
    per_epoch = math.ceil(len(train_set) / cfg.batch_size)
    total = (
        per_epoch * cfg.epochs
        if cfg.max_steps is None
        else min(cfg.max_steps, per_epoch * cfg.epochs)
    )
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.0)
    scheduler = _schedule(optimizer, total, cfg.warmup)
    out.mkdir(parents=True, exist_ok=True)
    progress = checkpoint.Progress()
    if resume_from is not None:
        progress = checkpoint.load(resume_from, model, optimizer, scheduler)
    if truncated:
        print(
            f"storyapp: note: {truncated} examples cut at --max-len {cfg.max_len}", file=sys.stderr
        )

    def save_checkpoint():
        checkpoint.save(out, model, optimizer, scheduler, progress, cfg.as_dict())

    bar = tqdm(total=total, initial=progress.step, file=sys.stderr, unit="step", desc="train")
    ema = progress.losses[-1] if progress.losses else None
    model.train()
    for epoch in range(progress.epoch, cfg.epochs):
        order = list(range(len(train_set)))
        random.Random(cfg.seed * 1000 + epoch).shuffle(order)
        batches = [order[i : i + cfg.batch_size] for i in range(0, len(order), cfg.batch_size)]
        for b in range(progress.in_epoch, len(batches)):
            if progress.step >= total:
                break
            t0 = time.perf_counter()
            n_tok = sum(train_set[i].n_target for i in batches[b])
            step_loss = 0.0
            for i in batches[b]:
                s, _ = token_loss_sum(model, train_set[i], device)
                (s / n_tok).backward()
                step_loss += s.item() / n_tok
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            progress.step, progress.in_epoch = progress.step + 1, b + 1
            progress.losses.append(step_loss)
            progress.seconds += time.perf_counter() - t0
            ema = step_loss if ema is None else 0.9 * ema + 0.1 * step_loss
            bar.set_postfix(loss=f"{ema:.3f}", epoch=epoch + 1, refresh=False)
            bar.update(1)
            if on_step is not None:
                on_step(progress.step, total, step_loss, progress.seconds / max(1, progress.step))
            if cfg.save_every and progress.step % cfg.save_every == 0:
                save_checkpoint()
            if should_stop is not None and should_stop():
                save_checkpoint()
                bar.close()
                raise TrainingCancelled(
                    f"training stopped at step {progress.step} of {total}; a checkpoint is in "
                    f"{out}: run the same command again with resume to continue"
                )
        if progress.in_epoch == len(batches):
            progress.epoch, progress.in_epoch = epoch + 1, 0
        save_checkpoint()
        if progress.step >= total:
            break
    bar.close()
    return _finish(cfg, out, model, progress, per_epoch, eval_set, device, truncated)


def _finish(cfg, out, model, progress, per_epoch, eval_set, device, truncated) -> dict:
    model.eval()
    heldout = None
    if eval_set:
        heldout = {"adapter": mean_loss(model, eval_set, device)}
        with model.disable_adapter():
            heldout["base"] = mean_loss(model, eval_set, device)
    lora.save(model, out, cfg.base_id or base.base_name(cfg.model))
    plot.save(out / "loss.png", progress.losses, per_epoch, heldout)
    tail = progress.losses[-max(1, len(progress.losses) // 10) :]
    summary = {
        "steps": progress.step,
        "epochs_done": progress.epoch,
        "train_seconds": round(progress.seconds, 1),
        "final_train_loss": round(sum(tail) / len(tail), 4),
        "heldout_loss": {k: round(v, 4) for k, v in (heldout or {}).items()},
        "truncated_examples": truncated,
        "config": cfg.as_dict(),
    }
    (out / "training.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary
