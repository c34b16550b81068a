"""What each TensorRT-LLM release can be trusted with, in one table: the backend's choices that
depend on the installed version (CUDA graphs beside LoRA, per-request seeds, where LoraConfig
lives) are read from here and nowhere else.

Sources, NVIDIA/TensorRT-LLM on GitHub:
- LoRA with CUDA graphs: PR #5480 (graphs on by default, 2025-07) notes "LoRA does not support
  CUDA graph enable mode, the output is different compare with CUDA graph disable"; the LoRA tests
  of those releases build the LLM with `cuda_graph_config=None` ("LoRA is not supported with CUDA
  graphs yet", tests/unittest/_torch/modeling/test_modeling_starcoder2.py). LoRA-aware graphs
  (`CudaGraphLoraManager`, tensorrt_llm/_torch/peft/lora/cuda_graph_lora_manager.py) came with
  PR #8279, merged on main late in 2025 while 1.2 was in release candidates. Which 1.2 build
  carries it is not established here, so graphs stay off with LoRA through 1.2.x and are trusted
  from 1.3.0; scripts/verify_tensorrt_llm.py compares LoRA outputs with graphs on and off to
  check a version before its line here moves.
- Per-request seeds: the PyTorch backend's TorchSampler (the default, `sampler_type="auto"`)
  draws every request from one generator seeded 42 ("Initialize seed for multi-GPU
  consistency", tensorrt_llm/_torch/pyexecutor/sampler.py), so SamplingParams.seed does not
  pin a row. PR #17172 (2026-08) added per-request seeds, but with the FlashInfer sampling
  kernels every row still reads the first row's seed (flashinfer-ai/flashinfer PR #2345,
  discussion), and it ships with a warning. No release is known to honour them by default.
- LoraConfig: tensorrt_llm/lora_helper.py from 1.0 (PR #6720, 2025-08; also re-exported by
  tensorrt_llm.lora_manager); moved to tensorrt_llm/_torch/peft/lora/config.py in the 1.3
  candidates, where lora_helper is gone and lora_manager is a shim that warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Version = tuple[int, int, int]

# The range the backend is built and contract-tested against (tests/backends/trtllm_double.py
# keeps that API); pyproject's `trtllm` extra pins the same range.
TESTED_FROM: Version = (1, 0, 0)
TESTED_BEFORE: Version = (1, 3, 0)
TESTED_RANGE = ">=1.0,<1.3"

LORA_CUDA_GRAPHS_FROM: Version | None = (1, 3, 0)
PER_REQUEST_SEEDS_FROM: Version | None = None  # none known: see the module's docstring

# Where LoraConfig is imported from, tried in order (the first that has it wins).
LORA_CONFIG_MODULES = (
    "tensorrt_llm.lora_helper",  # 1.0 - 1.2
    "tensorrt_llm._torch.peft.lora.config",  # 1.3 on
    "tensorrt_llm.lora_manager",  # the documented path in every 1.x; a warning shim in 1.3
)


@dataclass(slots=True, frozen=True)
class Features:
    """The installed version and what the backend does on it."""

    version: str
    parsed: Version | None  # None: a version string we cannot read (treated as untested)
    lora_cuda_graphs: bool
    per_request_seeds: bool
    tested: bool

    def describe(self) -> str:
        """'TensorRT-LLM 1.2.1 (in the tested range >=1.0,<1.3)'."""
        where = "in" if self.tested else "outside"
        return f"TensorRT-LLM {self.version} ({where} the tested range {TESTED_RANGE})"

    def seed_notice(self) -> str | None:
        """Why a seed does not reproduce the text on this version; None where it does."""
        if self.per_request_seeds:
            return None
        return (
            f"the text is not reproducible on TensorRT-LLM {self.version}: its sampler draws "
            "every request from one shared generator, so the run's seed repeats the picture, "
            "not the text"
        )


def parse(version: str) -> Version | None:
    """'1.2.0rc5' -> (1, 2, 0); '1.1.0.post1' -> (1, 1, 0); None when there is no x.y.z."""
    m = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def features(version: str) -> Features:
    """The table's answers for `version`; an unreadable version gets the cautious ones."""
    v = parse(version)

    def since(first: Version | None) -> bool:
        return v is not None and first is not None and v >= first

    return Features(
        version=version,
        parsed=v,
        lora_cuda_graphs=since(LORA_CUDA_GRAPHS_FROM),
        per_request_seeds=since(PER_REQUEST_SEEDS_FROM),
        tested=v is not None and TESTED_FROM <= v < TESTED_BEFORE,
    )
