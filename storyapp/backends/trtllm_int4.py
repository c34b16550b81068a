"""Which GPUs TensorRT-LLM runs a W4A16 AWQ (INT4 weights, 16-bit activations) checkpoint on.

From TensorRT-LLM's hardware support matrix (docs/source/features/quantization.md, "Hardware
Support Matrix", NVIDIA/TensorRT-LLM): W4A16 AWQ is supported on Ampere, Ada Lovelace and
Hopper, and not on Blackwell (sm100/sm103 data-centre parts, sm120 GeForce RTX 50). An
architecture the matrix does not name (Turing and older, sm110, sm121, anything newer) is
refused too: a kernel the matrix does not list is not one to count on.
"""

from __future__ import annotations

# compute capability -> the architecture's name, for the reason shown to the user
SUPPORTED = {
    (8, 0): "Ampere (sm80)",
    (8, 6): "Ampere (sm86)",
    (8, 7): "Ampere (sm87)",
    (8, 9): "Ada Lovelace (sm89)",
    (9, 0): "Hopper (sm90)",
}
UNSUPPORTED = {
    (10, 0): "Blackwell (sm100)",
    (10, 3): "Blackwell (sm103)",
    (12, 0): "Blackwell (sm120, GeForce RTX 50)",
    (12, 1): "Blackwell (sm121)",
}


def architecture(capability: tuple[int, int]) -> str:
    major, minor = capability
    known = SUPPORTED.get(capability) or UNSUPPORTED.get(capability)
    return known or f"compute {major}.{minor} (sm{major}{minor})"


def int4_awq_gate(capability: tuple[int, int]) -> tuple[bool, str]:
    """(whether TensorRT-LLM runs W4A16 AWQ on this GPU, the reason in words)."""
    arch = architecture(capability)
    if capability in SUPPORTED:
        return True, f"W4A16 AWQ runs on {arch}"
    if capability in UNSUPPORTED:
        why = f"TensorRT-LLM's support matrix marks W4A16 AWQ unsupported on {arch}"
    else:
        why = f"TensorRT-LLM's support matrix does not list W4A16 AWQ for {arch}"
    return False, f"{why} (it runs on Ampere, Ada and Hopper)"
