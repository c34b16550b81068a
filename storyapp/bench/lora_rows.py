"""Base against multi-LoRA, measured side by side: each row of a batch a different adapter."""

import statistics
import tempfile
from pathlib import Path

from storyapp.engine import LLM

from .decode import Row, measure
from .random_adapters import write_random_adapter


def load_random_adapters(llm: LLM, n: int, rank: int, targets: str) -> list[str]:
    names = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            name = f"random-{targets}-r{rank}-{i}"
            llm.add_adapter(
                name, write_random_adapter(Path(tmp) / name, llm.config, rank, targets, i)
            )
            names.append(name)
    return names


def compare(llm: LLM, sizes: list[int], isl: int, osl: int, repeats: int, adapters: list[str]):
    """Rows in pairs (base, multi_lora) per batch size. Runs alternate, and which goes first
    alternates too (base, LoRA, LoRA, base, ...), so neither drift nor going second favours one.
    The overhead is the median of each pair's own: a machine whose speed drifts between minutes
    moves the two runs of a pair alike, where the medians of each mode pair runs further apart."""
    rows: list[Row] = []
    for b in sizes:
        row_adapters = [adapters[i % len(adapters)] for i in range(b)]
        base: list[Row] = []
        lora: list[Row] = []
        for i in range(repeats):
            pair = [(base, "base", None), (lora, "multi_lora", row_adapters)]
            for runs, mode, names in pair if i % 2 == 0 else pair[::-1]:
                runs.append(measure(llm, b, isl, osl, mode, names, 1))
        base_row, lora_row = _median(base), _median(lora)
        pairs = zip(base, lora, strict=True)
        lora_row.overhead_pct = statistics.median(
            100 * (1 - lo.tokens_per_s / b.tokens_per_s) for b, lo in pairs
        )
        rows += [base_row, lora_row]
    return rows


def _median(rows: list[Row]) -> Row:
    return sorted(rows, key=lambda r: r.tokens_per_s)[len(rows) // 2]
