"""Device and activation dtype choice: automatic, overridable."""

import torch

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def pick_device(name: str = "auto") -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for, but this torch build sees no CUDA GPU")
    return torch.device(name)


def pick_dtype(name: str, device: torch.device) -> torch.dtype:
    # bfloat16 activations: torch's int4 kernels are fast for them (float32 is for exactness checks)
    if name == "auto":
        return torch.bfloat16
    if name not in DTYPES:
        raise ValueError(f"unknown dtype '{name}' (expected auto, {', '.join(DTYPES)})")
    return DTYPES[name]
