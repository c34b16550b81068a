"""What the peer benchmarks share: the prompts, the timing rule, and running a peer in its own process.

The prompts and the timing rule are those of `storyapp bench` (storyapp.bench.decode), so every
engine decodes the same token ids and is measured the same way: a short warm-up, then the median
of `repeats` timed runs; latency is the wall time of the whole batch, TTFT the time until every
sequence has its first token.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from storyapp.bench.decode import Row, median_row, random_prompts

HERE = Path(__file__).resolve().parent


def prompts(batch_size: int, isl: int, vocab: int) -> list[list[int]]:
    """The very prompts `storyapp bench` uses for this batch size (vocab: the model's size)."""
    return random_prompts(batch_size, isl, vocab, seed=batch_size)


def timed_row(
    run_once: Callable[[int], tuple[float, float]],
    batch_size: int,
    osl: int,
    repeats: int,
    mode: str,
) -> Row:
    """run_once(osl) -> (latency_s, ttft_s) of one batch."""
    run_once(min(osl, 4))  # warm-up
    return median_row([run_once(osl) for _ in range(repeats)], batch_size, osl, mode)


def paired_rows(run_base, run_lora, batch_size: int, osl: int, repeats: int, mode: str):
    """(base, lora) rows, their runs alternating so that drift in CPU load hits both alike."""
    run_base(min(osl, 4))
    run_lora(min(osl, 4))
    runs = [(run_base(osl), run_lora(osl)) for _ in range(repeats)]
    base = median_row([r[0] for r in runs], batch_size, osl, "base")
    lora = median_row([r[1] for r in runs], batch_size, osl, mode)
    lora.overhead_pct = 100.0 * (1.0 - lora.tokens_per_s / base.tokens_per_s)  # as storyapp's
    return base, lora


def thread_env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = str(threads)
    return env


def in_subprocess(target: str, **kwargs):
    """Run `module:function(**kwargs)` in a fresh Python process, with kwargs["threads"] threads;
    return its JSON result.

    Each peer gets its own process: its own thread pools (torch's and llama.cpp's OpenMP runtimes
    would otherwise share the two cores) and its own memory.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(HERE / "_worker.py"), target, json.dumps(kwargs), str(out)]
        subprocess.run(cmd, check=True, env=thread_env(kwargs["threads"]), stdout=sys.stderr)
        return json.loads(out.read_text())
