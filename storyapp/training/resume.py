"""Before anything heavy is loaded: may this run start in OUT, or continue there?"""

import json
from pathlib import Path

from . import checkpoint
from .config import TrainConfig
from .errors import TrainingError


def checkpoint_to_resume(cfg: TrainConfig, out: Path) -> Path | None:
    """The checkpoint to continue from (None: start fresh); refuses what would mix two runs."""
    last = checkpoint.latest(out)
    if not cfg.resume:
        if last is not None:
            raise TrainingError(
                f"{out} already has checkpoints: pass --resume to continue, or choose another --out"
            )
        return None
    if last is None:
        raise TrainingError(f"{out}: nothing to resume (no finished checkpoint)")
    saved = json.loads((last / checkpoint.STATE).read_text())["config"]
    mine = cfg.as_dict()
    for key in TrainConfig.SAME_ON_RESUME:
        if saved.get(key) != mine[key]:
            raise TrainingError(
                f"--resume: --{key.replace('_', '-')} was {saved.get(key)!r} in the run being "
                f"resumed, not {mine[key]!r}"
            )
    return last
