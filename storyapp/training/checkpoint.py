"""Checkpoints: LoRA weights, optimizer and schedule, and where in the data we were.

`OUT/checkpoints/step-N/` each; a resume loads the newest one that finished writing (the state file
is written last, through a rename)."""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import torch

from storyapp.system.atomic import write_atomic

from .errors import TrainingError

STATE = "state.json"
KEEP = 2  # newest checkpoints kept; older ones are removed once a new one is complete


@dataclass(slots=True)
class Progress:
    step: int = 0  # optimizer steps done in all
    epoch: int = 0  # the epoch being run
    in_epoch: int = 0  # optimizer steps done within that epoch
    losses: list[float] = field(default_factory=list)  # one per optimizer step
    seconds: float = 0.0  # training time so far, over all runs


def folder(out: Path) -> Path:
    return out / "checkpoints"


def save(out: Path, model, optimizer, scheduler, progress: Progress, config: dict) -> Path:
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    d = folder(out) / f"step-{progress.step:06d}"
    d.mkdir(parents=True, exist_ok=True)
    lora = {
        k: v.detach().cpu().contiguous()
        for k, v in get_peft_model_state_dict(model, save_embedding_layers=False).items()
    }
    save_file(lora, str(d / "lora.safetensors"))
    torch.save(
        {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, d / "optim.pt"
    )
    state = {"progress": _dump(progress), "config": config}
    write_atomic(d / STATE, json.dumps(state).encode(), error=TrainingError)
    for old in sorted(folder(out).glob("step-*"))[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return d


def _dump(p: Progress) -> dict:
    return {k: getattr(p, k) for k in Progress.__slots__}


def latest(out: Path) -> Path | None:
    done = sorted(d for d in folder(out).glob("step-*") if (d / STATE).is_file())
    return done[-1] if done else None


def load(d: Path, model, optimizer, scheduler) -> Progress:
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    try:
        state = json.loads((d / STATE).read_text())
        set_peft_model_state_dict(model, load_file(str(d / "lora.safetensors")))
        opt = torch.load(d / "optim.pt", weights_only=True)
    except Exception as e:
        raise TrainingError(f"{d}: cannot resume from this checkpoint ({e})") from None
    optimizer.load_state_dict(opt["optimizer"])
    scheduler.load_state_dict(opt["scheduler"])
    return Progress(**state["progress"])
