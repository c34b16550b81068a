"""Everything one training run is set by; saved beside checkpoints so a resume can check it."""

from dataclasses import asdict, dataclass


@dataclass(slots=True)
class TrainConfig:
    data: str
    out: str
    model: str = "default"
    rank: int = 16
    alpha: float = 32.0
    targets: str = "q,k,v,o,gate,up,down"
    dropout: float = 0.05
    epochs: int = 1
    lr: float = 2e-4
    warmup: float = 0.05  # fraction of all steps
    batch_size: int = 4  # examples per optimizer step (accumulated, no padding)
    max_len: int = 1024
    max_steps: int | None = None  # stop early, after this many optimizer steps in all
    seed: int = 0
    qlora: bool = False
    device: str = "auto"
    eval_data: str | None = None
    eval_limit: int | None = None  # held-out examples scored (the first N)
    threads: int = 0  # CPU threads; 0: as many as the cores the other work leaves idle
    save_every: int | None = None  # also checkpoint every N steps inside an epoch
    resume: bool = False
    base_id: str | None = None  # what the adapter records as its base; None: from `model`

    def as_dict(self) -> dict:
        return asdict(self)

    # what a resumed run must share with the run it continues
    SAME_ON_RESUME = ("data", "model", "rank", "alpha", "targets", "batch_size", "max_len", "seed")
