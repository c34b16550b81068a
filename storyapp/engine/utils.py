"""Small helpers the loader and the facade share: device and dtype choice, a folder's JSON
description file, and handing freed memory back to the OS after loading."""

import ctypes
import ctypes.util
import gc
import json
import sys
from pathlib import Path

import torch

from .layers.quant import cuda_dtype

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
MAX_JSON_BYTES = 1 << 20  # description files are a few kB; a huge one is not what it says it is


def pick_device(name: str = "auto") -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for, but this torch build sees no CUDA GPU")
    return torch.device(name)


def pick_dtype(name: str, device: torch.device) -> torch.dtype:
    # bfloat16 activations: torch's int4 kernels are fast for them (float32 is for exactness
    # checks); a CUDA card below sm80 has no bfloat16 tensor cores, so float16 there
    if name != "auto" and name not in DTYPES:
        raise ValueError(f"unknown dtype '{name}' (expected auto, {', '.join(DTYPES)})")
    asked = None if name == "auto" else DTYPES[name]
    if device.type == "cuda":
        return cuda_dtype(torch.cuda.get_device_capability(device), asked)
    return asked or torch.bfloat16


# rows x context when the caller does not say: on CPU the cache is committed as it is written,
# so a large one costs nothing up front; on CUDA all of it is reserved at once
DEFAULT_CACHE = {"cpu": (8, 4096), "cuda": (4, 2048)}


def cache_size(device_type: str, rows: int | None, context: int | None) -> tuple[int, int]:
    """The KV cache's rows and context: what was asked for, else the device's default."""
    d_rows, d_context = DEFAULT_CACHE.get(device_type, DEFAULT_CACHE["cpu"])
    return rows or d_rows, context or d_context


def kv_cache_dtype(device: torch.device, dtype: torch.dtype) -> torch.dtype:
    """Keys and values in float32 on CPU (its attention kernels are several times faster for
    it); in the model's dtype on CUDA, where the cache is the largest allocation after weights."""
    return dtype if torch.device(device).type == "cuda" else torch.float32


def read_json(
    folder: Path, name: str, error: type[Exception], kind: str, max_bytes: int = MAX_JSON_BYTES
) -> tuple[Path, dict]:
    """Read a folder's JSON description file, with errors that name the file."""
    path = folder / name
    if not path.is_file():
        raise error(f"{folder}: not {kind} ({name} missing)")
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise error(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(raw) > max_bytes:
        raise error(f"{path}: over {max_bytes} bytes, too large for {name}")
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise error(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a JSON object")
    return path, data


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS after loading (glibc keeps them otherwise)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        libc = ctypes.util.find_library("c")
        if libc:
            ctypes.CDLL(libc).malloc_trim(0)
