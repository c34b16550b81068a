"""Build and load one of this package's C sources, or say in one line why it cannot be used.

Every source exports `int storyapp_supported(void)`: whether this CPU has the instructions it was
built for. STORYAPP_KERNELS=torch turns all of them off (for comparisons, or to rule them out).
"""

import ctypes
import functools
import logging
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

import torch

from storyapp.system.paths import KERNELS_ENV, kernels_off

from .build import BuildError, build

log = logging.getLogger(__name__)

FLAGS = ["-O3", "-shared", "-fPIC", "-fopenmp", "-mprefer-vector-width=512"]
FLAGS += ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512vnni", "-mfma", "-mf16c"]


def native_for(device, dtype) -> bool:
    """Whether a model on this device in this dtype runs the native kernels (where they load):
    bfloat16 on the CPU. float32 is the exactness mode and stays on torch's kernels."""
    return torch.device(device).type == "cpu" and dtype == torch.bfloat16


@dataclass(frozen=True, slots=True)
class Loaded:
    lib: ctypes.CDLL | None
    reason: str  # why lib is None


@functools.cache
def load(name: str) -> Loaded:
    """The library built from `name`.c next to this file (built once per machine, then cached)."""
    loaded = _load(Path(__file__).with_name(f"{name}.c"))
    if loaded.lib is None:
        log.info("native kernel %s not used: %s", name, loaded.reason)
    return loaded


def _load(source: Path) -> Loaded:
    if kernels_off():
        return Loaded(None, f"{KERNELS_ENV}=torch")
    if sys.platform == "win32" or platform.machine().lower() not in ("x86_64", "amd64"):
        return Loaded(None, f"no native kernels for {sys.platform} {platform.machine()}")
    try:
        lib = ctypes.CDLL(str(build(source, FLAGS)))
    except BuildError as e:
        return Loaded(None, str(e))
    except OSError as e:
        return Loaded(None, f"could not load the built {source.name}: {e}")
    if not lib.storyapp_supported():
        return Loaded(None, "this CPU lacks AVX-512 VNNI")
    return Loaded(lib, "")
