"""Decode throughput: random prompts of ISL tokens, exactly OSL new tokens, per batch size."""

import random
import statistics
from dataclasses import asdict, dataclass

from storyapp.engine import LLM, SamplingParams


@dataclass(slots=True)
class Row:
    batch_size: int
    mode: str
    tokens_per_s: float
    ttft_s: float
    latency_s: float
    decode_tokens_per_s: float
    overhead_pct: float | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        return {
            k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items() if v is not None
        }


def random_prompts(n: int, isl: int, vocab: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    return [[rng.randrange(100, vocab - 1) for _ in range(isl)] for _ in range(n)]


def run_once(
    llm: LLM, prompts: list[list[int]], osl: int, adapters: list | None
) -> tuple[float, float]:
    params = SamplingParams(max_tokens=osl, ignore_eos=True)
    outs = llm.generate(prompts, params, adapters)
    if any(len(o.token_ids) != osl for o in outs):
        raise RuntimeError("a benchmark request stopped before its output length")
    latency = max(o.latency_s for o in outs)
    ttft = max(o.ttft_s for o in outs)
    return latency, ttft


def measure(
    llm: LLM, batch_size: int, isl: int, osl: int, mode: str, adapters, repeats: int
) -> Row:
    prompts = random_prompts(batch_size, isl, llm.config.vocab_size, seed=batch_size)
    run_once(llm, prompts, min(osl, 4), adapters)  # warm-up: allocator, kernels, caches
    runs = [run_once(llm, prompts, osl, adapters) for _ in range(repeats)]
    return median_row(runs, batch_size, osl, mode)


def median_row(runs: list[tuple[float, float]], batch_size: int, osl: int, mode: str) -> Row:
    """The row of timed runs, each (latency_s, ttft_s) of one batch of exactly OSL tokens a row."""
    latency = statistics.median(r[0] for r in runs)
    ttft = statistics.median(r[1] for r in runs)
    return Row(
        batch_size=batch_size,
        mode=mode,
        tokens_per_s=batch_size * osl / latency,
        ttft_s=ttft,
        latency_s=latency,
        decode_tokens_per_s=batch_size * (osl - 1) / (latency - ttft),
    )
