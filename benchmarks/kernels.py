"""The native 4-bit kernel against torch's, per weight shape of the default model, in one run.

    .venv/bin/python benchmarks/kernels.py [--rows 1,2,8,43] [--cold]

Each row: microseconds per call for x [rows, K] bfloat16 times one packed [N, K] weight (median of
--repeats timings of --calls calls), and the speedup. With --cold, every call uses a different
copy of the weight (60 MB of them in all), so it comes from memory as in a decode step.
"""

import argparse
import statistics
import time

import torch

from storyapp.engine.layers.quant import Int4Weight, quantize_affine
from storyapp.engine.native import NativeInt4Weight, int4_kernel

SHAPES = {  # SmolLM2-135M: name -> (N, K)
    "qkv": (960, 576),
    "o": (576, 576),
    "gate_up": (3072, 576),
    "down": (576, 1536),
    "lm_head (Q8_0 as 2 planes)": (98304, 576),
}


def timed(weights: list, x: torch.Tensor, calls: int, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(calls):
            weights[i % len(weights)](x)
        runs.append((time.perf_counter() - start) / calls)
    return statistics.median(runs) * 1e6


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", default="1,2,8,43")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--cold", action="store_true")
    a = p.parse_args()
    kernel = int4_kernel().kernel
    if kernel is None:
        raise SystemExit(f"the native kernel cannot run here: {int4_kernel().reason}")
    print(f"{torch.get_num_threads()} threads, {'cold' if a.cold else 'hot'} weights")
    print(f"{'weight':>28} {'rows':>4} {'torch us':>9} {'native us':>10} {'speedup':>8}")
    for name, (n, k) in SHAPES.items():
        q, scale, zero = quantize_affine(torch.randn(n, k))
        copies = max(1, (60 << 20) // (n * k // 2)) if a.cold else 1
        ours = [NativeInt4Weight(kernel, q, scale, zero) for _ in range(copies)]
        theirs = [Int4Weight(q, scale, zero, "cpu", torch.bfloat16) for _ in range(copies)]
        calls = max(10, min(400, 2_000_000_000 // (n * k)))
        for rows in map(int, a.rows.split(",")):
            x = torch.randn(rows, k).bfloat16()
            timed(ours + theirs, x, 4, 1)  # warm-up
            t_torch, t_native = timed(theirs, x, calls, a.repeats), timed(ours, x, calls, a.repeats)
            print(
                f"{name:>28} {rows:>4} {t_torch:>9.1f} {t_native:>10.1f} {t_torch / t_native:>7.2f}x"
            )


if __name__ == "__main__":
    main()
