"""Build and load one of this package's C sources, or say in one line why it cannot be used.

Each source is built for AVX-512 VNNI where the CPU has it, else for AVX2 + FMA + F16C (the
sources are written once against vec16.h). Every built library exports
`int storyapp_supported(void)`: whether this CPU has the instructions it was built for, which is
how a variant is chosen (the first whose library says yes). STORYAPP_KERNELS=torch turns all of
them off (for comparisons, or to rule them out).
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

COMMON_FLAGS = "-O3 -shared -fPIC -fopenmp"


@dataclass(frozen=True, slots=True)
class Variant:
    instructions: str  # what the log and the int4 kernel's name call it
    needs: str  # what a CPU without it lacks, in words
    flags: str

    def compiler_flags(self) -> list[str]:
        return f"{COMMON_FLAGS} {self.flags}".split()


AVX512 = Variant(
    "AVX-512 VNNI",
    "AVX-512 VNNI",
    "-mprefer-vector-width=512 -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mfma -mf16c",
)
AVX2 = Variant("AVX2", "AVX2 with FMA and F16C", "-mavx2 -mfma -mf16c")
VARIANTS = (AVX512, AVX2)  # the fastest first


def native_for(device, dtype) -> bool:
    """Whether a model on this device in this dtype runs the native kernels (where they load):
    bfloat16 on the CPU. float32 is the exactness mode and stays on torch's kernels."""
    return torch.device(device).type == "cpu" and dtype == torch.bfloat16


@dataclass(frozen=True, slots=True)
class Loaded:
    lib: ctypes.CDLL | None
    reason: str  # why lib is None
    instructions: str = ""  # the variant lib was built for


@functools.cache
def load(name: str) -> Loaded:
    """The library built from `name`.c next to this file (built once per machine, then cached)."""
    loaded = _load(source_of(name))
    if loaded.lib is None:
        log.info("native kernel %s not used: %s", name, loaded.reason)
    else:
        log.info("native kernel %s: %s", name, loaded.instructions)
    return loaded


def source_of(name: str) -> Path:
    return Path(__file__).with_name(f"{name}.c")


def _load(source: Path) -> Loaded:
    if kernels_off():
        return Loaded(None, f"{KERNELS_ENV}=torch")
    if sys.platform == "win32" or platform.machine().lower() not in ("x86_64", "amd64"):
        return Loaded(None, f"no native kernels for {sys.platform} {platform.machine()}")
    reasons: list[str] = []
    for variant in VARIANTS:
        loaded = load_variant(source, variant)
        if loaded.lib is not None:
            return loaded
        if loaded.reason not in reasons:
            reasons.append(loaded.reason)
    return Loaded(None, "; ".join(reasons))


def load_variant(source: Path, variant: Variant) -> Loaded:
    """`source` built for `variant`, if it builds and this CPU runs it. A library built for
    instructions the CPU lacks can still be loaded and asked: storyapp_supported() uses none."""
    try:
        lib = ctypes.CDLL(str(build(source, variant.compiler_flags())))
    except BuildError as e:
        return Loaded(None, str(e))
    except OSError as e:
        return Loaded(None, f"could not load the built {source.name}: {e}")
    if not lib.storyapp_supported():
        return Loaded(None, f"this CPU lacks {variant.needs}")
    return Loaded(lib, "", variant.instructions)


def runnable_variants(name: str) -> list[Loaded]:
    """`name` built for every variant this CPU runs, the fastest first (to compare them)."""
    loaded = (load_variant(source_of(name), variant) for variant in VARIANTS)
    return [v for v in loaded if v.lib is not None]
