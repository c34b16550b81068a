"""Train the story-writer and sd-prompt-writer for the base model in use, from the shipped
training data, with settings scaled to that model (training/for_model.py).

Each adapter trains in a work folder under the user's adapter folder (`.training/<base>/<name>`,
checkpointed, so a stopped run resumes), and moves into `<adapters>/<base>/<name>` only when it is
finished, with its model card: the app never picks up a half-trained adapter. From the next
Generate on, the app finds it (adapter_sets) before the shipped ones."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storyapp.story.adapter_sets import (
    DEFAULT_BASE_ID,
    MODEL_SOURCE_FILE,
    BaseModel,
    adapter_set_folder,
    describe_base,
)
from storyapp.system.atomic import replace, write_atomic
from storyapp.system.paths import user_adapters_dir
from storyapp.training.errors import TrainingError
from storyapp.training.for_model import JOBS, AdapterJob, ModelPlan, plan_for, this_device

WORK = ".training"  # under the user's adapter folder: never searched for adapters
CARD_FILES = ("adapter_config.json", "adapter_model.safetensors", "training.json", "loss.png")
HELDOUT_LIMIT = 10  # held-out examples scored at the end (adapter vs base loss)
EVAL_IDEAS = 8  # held-out ideas `storyapp eval` writes with both adapters and with the base
EVAL_FOLDER = "eval"  # beside the adapters: eval.json and every text it wrote

OnStep = Callable[[str, int, int, float, float], None]  # (adapter, step, total, loss, s/step)


@dataclass(frozen=True, slots=True)
class TrainingRun:
    base: BaseModel
    plan: ModelPlan
    data_dir: Path
    dest: Path  # <adapters>/<base>

    def describe(self) -> str:
        return f"{self.base.label}: {self.plan.describe()}"


def shipped_data_dir() -> Path:
    """The training data of the source tree (`training/data/`)."""
    import storyapp

    return Path(storyapp.__file__).resolve().parent.parent / "training" / "data"


def prepare(model: str, device: str = "auto", data_dir: Path | None = None) -> TrainingRun:
    """What training adapters for `model` here would do and need, before anything loads.
    TrainingError (one line) for a model that cannot be read, data that is not there, or a base
    too large to train on this machine."""
    from storyapp.engine import EngineError

    try:
        base = describe_base(model)
    except (EngineError, OSError) as e:
        raise TrainingError(f"--for-model {model}: {e}") from None
    folder = data_dir or shipped_data_dir()
    for job in JOBS:
        for name in (job.data, job.heldout):
            if not (folder / name).is_file():
                raise TrainingError(
                    f"{folder / name}: the training data is missing; pass --data-dir with the "
                    "folder holding the project's training/data files"
                )
    plan = plan_for(base.config, this_device(device), base.label)
    return TrainingRun(base, plan, folder, adapter_set_folder(base))


def base_id(model: str, base: BaseModel) -> str:
    """What the adapters record as their base: the Hub name where one is known (the default
    model, a catalog download, config.json's `_name_or_path`), else the model's full path."""
    if model == "default":
        return DEFAULT_BASE_ID
    folder = base.path.parent if base.path.is_file() else base.path
    sources = (
        (MODEL_SOURCE_FILE, "base"),
        (MODEL_SOURCE_FILE, "repo"),
        ("config.json", "_name_or_path"),
    )
    for file, key in sources:
        try:
            value = json.loads((folder / file).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, str) and "/" in value and not Path(value).is_absolute():
            return value  # an 'org/name' Hub id
    return str(base.path)


def train_adapters(
    run: TrainingRun,
    model: str,
    device: str = "auto",
    max_steps: int | None = None,
    threads: int = 0,
    on_step: OnStep | None = None,
    should_stop: Callable[[], bool] | None = None,
    jobs: tuple[AdapterJob, ...] = JOBS,
    eval_ideas: int = EVAL_IDEAS,
    eval_max_tokens: int | None = None,
) -> dict[str, Path]:
    """Train each adapter of `jobs` (resuming a stopped run), then move each into place with its
    model card. `max_steps` caps the plan's steps (a short trial). With both adapters there and
    `eval_ideas`, `storyapp eval` runs on that many held-out ideas (adapter against base) and its
    numbers go into the cards. Returns name -> folder."""
    from storyapp.training.config import TrainConfig
    from storyapp.training.loop import train

    plan, work = run.plan, user_adapters_dir() / WORK / run.dest.name
    steps = min(plan.steps, max_steps) if max_steps else plan.steps
    done: dict[str, Path] = {}
    for job in jobs:
        out = work / job.name
        cfg = TrainConfig(
            data=str(run.data_dir / job.data),
            out=str(out),
            model=model,
            rank=plan.rank,
            alpha=plan.alpha,
            lr=plan.lr,
            batch_size=plan.batch_size,
            max_len=job.max_len,
            max_steps=steps,
            qlora=plan.qlora,
            device=device,
            eval_data=str(run.data_dir / job.heldout),
            eval_limit=HELDOUT_LIMIT,
            threads=threads,
            save_every=max(1, min(10, steps // 4)),
            resume=(out / "checkpoints").is_dir() and any((out / "checkpoints").iterdir()),
            base_id=base_id(model, run.base),
        )

        def step(i: int, total: int, loss: float, per_step: float, name: str = job.name) -> None:
            if on_step is not None:
                on_step(name, i, total, loss, per_step)

        summary = train(cfg, on_step=step, should_stop=should_stop)
        write_atomic(out / "README.md", model_card(run, job, summary).encode(), error=TrainingError)
        done[job.name] = _publish(out, run.dest / job.name)
    if eval_ideas and {j.name for j in jobs} == {j.name for j in JOBS}:
        evaluate_set(run, model, device, eval_ideas, eval_max_tokens)
    shutil.rmtree(work, ignore_errors=True)
    with contextlib.suppress(OSError):
        work.parent.rmdir()  # when no other base's run is waiting there
    return done


def _publish(out: Path, final: Path) -> Path:
    """The finished adapter's files into `final`, replacing an older one whole."""
    staged = out.parent / f"{out.name}.ready"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    for name in (*CARD_FILES, "README.md"):
        if (out / name).is_file():
            shutil.copy2(out / name, staged / name)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        replace(final, old)
        replace(staged, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        replace(staged, final)
    return final


def evaluate_set(
    run: TrainingRun, model: str, device: str, ideas: int, max_tokens: int | None = None
) -> dict:
    """`storyapp eval` on the story data's held-out ideas with the new adapters; its summary
    goes into each adapter's model card and the whole of it into <set>/eval/."""
    from .evaluation import evaluate

    story_job = next(j for j in JOBS if j.name == "story-writer")
    _, summary = evaluate(
        run.data_dir / story_job.heldout,
        run.dest / EVAL_FOLDER,
        limit=ideas,
        max_tokens=max_tokens,
        model=model,
        device=device,
        story_adapter=str(run.dest / "story-writer"),
        prompt_adapter=str(run.dest / "sd-prompt-writer"),
    )
    for job, kind in zip(JOBS, ("story", "sd_prompt"), strict=True):
        card = run.dest / job.name / "README.md"
        rates = summary.get(kind) or {}
        adapter, base = rates.get("adapter") or {}, rates.get("base") or {}
        text = card.read_text(encoding="utf-8") + (
            f"\n## storyapp eval\n\nOn {summary.get('ideas')} held-out ideas of "
            f"`{story_job.heldout}`: in form {adapter.get('in_form')}% with the adapter, "
            f"{base.get('in_form')}% with the base model and the same instructions (margin "
            f"{rates.get('margin')} points). Every text and score: `../{EVAL_FOLDER}/eval.json`.\n"
        )
        write_atomic(card, text.encode(), error=TrainingError)
    return summary


def model_card(run: TrainingRun, job: AdapterJob, summary: dict) -> str:
    cfg, held = summary["config"], summary.get("heldout_loss") or {}
    lines = [
        f"# {job.name} for {run.base.label}",
        "",
        f"A LoRA adapter trained here for `{cfg['base_id'] or cfg['model']}` by "
        f"`storyapp train --for-model`, from `{job.data}` (the project's training data).",
        "",
        "## Settings",
        "",
        f"- {'QLoRA (4-bit NF4 base)' if cfg['qlora'] else 'LoRA on a float32 base'}, "
        f"rank {cfg['rank']}, alpha {cfg['alpha']}, learning rate {cfg['lr']}",
        f"- {summary['steps']} steps of {cfg['batch_size']} examples, up to {cfg['max_len']} "
        f"tokens each; {summary['train_seconds']} s of training",
        f"- final training loss {summary['final_train_loss']}",
        "",
        "## Held-out",
        "",
    ]
    if held:
        lines.append(
            f"Mean loss on the first {HELDOUT_LIMIT} examples of `{job.heldout}`: adapter "
            f"{held.get('adapter')}, base model {held.get('base')} (lower is better)."
        )
    else:
        lines.append("No held-out examples were scored.")
    lines += ["", "Loss curve: `loss.png`; every number: `training.json`.", ""]
    return "\n".join(lines)
