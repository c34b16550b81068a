"""Training settings scaled to a base model: rank, steps, batch, 4-bit or not, and what the run
needs (memory, minutes) on this machine, known before anything loads.

The rates behind the estimate: the shipped SmolLM2-135M adapters took 924 s for 40 steps of two
~700-token examples on two shared CPU cores (about 50 GFLOP/s of training work, at 6 FLOPs per
parameter and token); a CUDA card running QLoRA is taken at 25 TFLOP/s (a 4090's bfloat16 rate
with the 4-bit dequantization and small batches counted)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from storyapp.engine.models.config import ModelConfig

from .errors import TrainingError

CPU_FLOPS = 50e9
CUDA_FLOPS = 25e12
CPU_MAX_PARAMS = 2e9  # beyond this a CPU run takes days: it is refused with what it needs
GB = 1e9


@dataclass(frozen=True, slots=True)
class AdapterJob:
    """One adapter to train: its name, its data files and its length limit."""

    name: str
    data: str  # file name under the training data folder
    heldout: str
    max_len: int


JOBS = (
    AdapterJob("story-writer", "story_writer.jsonl", "story_writer_heldout.jsonl", 704),
    AdapterJob("sd-prompt-writer", "sd_prompt_writer.jsonl", "sd_prompt_writer_heldout.jsonl", 320),
)
TOKENS_USED = 0.9  # of max_len, on average: the limits were chosen to fit the examples


@dataclass(frozen=True, slots=True)
class ModelPlan:
    params: int
    device: str  # 'cuda' or 'cpu'
    qlora: bool
    rank: int
    alpha: float
    batch_size: int
    steps: int  # per adapter
    lr: float
    memory_bytes: int  # peak, on the card (cuda) or in RAM (cpu)

    def seconds(self, jobs: tuple[AdapterJob, ...] = JOBS) -> float:
        """The whole run (every adapter in `jobs`), from the rates in the module's note."""
        rate = CUDA_FLOPS if self.device == "cuda" else CPU_FLOPS
        tokens = sum(self.steps * self.batch_size * j.max_len * TOKENS_USED for j in jobs)
        return 6 * self.params * tokens / rate

    def minutes(self, jobs: tuple[AdapterJob, ...] = JOBS) -> int:
        return max(1, math.ceil(self.seconds(jobs) / 60))

    def describe(self) -> str:
        how = (
            "QLoRA (4-bit base) on the GPU" if self.qlora else f"float32 LoRA on the {self.device}"
        )
        return (
            f"{how}: rank {self.rank}, {self.steps} steps of {self.batch_size} per adapter, "
            f"{self.memory_bytes / GB:.1f} GB, about {self.minutes()} min"
        )


def parameters(cfg: ModelConfig) -> int:
    q, kv, h = cfg.q_size, cfg.kv_size, cfg.hidden_size
    layer = h * (q + 2 * kv) + q * h + 3 * h * cfg.intermediate_size
    embeddings = cfg.vocab_size * h * (1 if cfg.tie_embeddings else 2)
    return cfg.num_layers * layer + embeddings


def memory_needed(cfg: ModelConfig, qlora: bool, max_len: int = 704, rank: int = 16) -> int:
    """Peak bytes of one training step: the base's weights (4-bit or float32), the activations
    of one example kept for the backward pass (34 bytes per token and hidden unit and layer in
    16 bits, after Korthikanti et al., doubled for float32), its logits, and the LoRA weights
    with their gradients and AdamW's two moments."""
    n = parameters(cfg)
    weights = n * 0.56 if qlora else n * 4.0
    activations = max_len * cfg.hidden_size * cfg.num_layers * (34 if qlora else 68)
    logits = max_len * cfg.vocab_size * 4 * 3
    d, q, kv, inter = cfg.hidden_size, cfg.q_size, cfg.kv_size, cfg.intermediate_size
    per_layer = (d + q) * 2 + (d + kv) * 2 + (d + inter) * 3
    lora = rank * per_layer * cfg.num_layers * 4 * 4
    work = 0.5 * GB if qlora else 0.2 * GB  # CUDA context and allocator slack
    return int(weights + activations + logits + lora + work)


def plan_for(cfg: ModelConfig, device: str, label: str = "this model") -> ModelPlan:
    """The settings for `cfg` on `device` ('cuda' or 'cpu'). A base too large to train on the
    CPU raises TrainingError, one sentence with what it needs."""
    n = parameters(cfg)
    qlora = device == "cuda"
    if not qlora and n > CPU_MAX_PARAMS:
        on_gpu = memory_needed(cfg, True)
        raise TrainingError(
            f"{label} ({n / 1e9:.1f} B parameters) is too large to train on this CPU "
            f"(it would need {memory_needed(cfg, False) / GB:.0f} GB of memory and days): "
            f"train it on a CUDA GPU with at least {on_gpu / GB:.1f} GB free"
        )
    if n < 0.5e9:
        rank, batch, steps, lr = 16, 2, 40, 8e-4
    elif n < 2e9:
        rank, batch, steps, lr = 16, 4, 60, 4e-4
    elif n < 5e9:
        rank, batch, steps, lr = 16, 4, 80, 2e-4
    else:
        rank, batch, steps, lr = 16, 8, 100, 1.5e-4
    return ModelPlan(
        params=n,
        device=device,
        qlora=qlora,
        rank=rank,
        alpha=2.0 * rank,
        batch_size=batch,
        steps=steps,
        lr=lr,
        memory_bytes=memory_needed(cfg, qlora),
    )


def this_device(asked: str = "auto") -> str:
    """'cuda' where a CUDA GPU is asked for or (auto) found, else 'cpu'."""
    if asked != "auto":
        return "cuda" if asked.startswith("cuda") else "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
