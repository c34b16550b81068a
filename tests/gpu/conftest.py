"""Tests marked `cuda` run only where torch sees an NVIDIA GPU (scripts/gpu_check.sh runs them
on a GPU machine); everywhere else they are skipped, so CI stays green."""

import pytest
import torch


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA GPU (scripts/gpu_check.sh)")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
