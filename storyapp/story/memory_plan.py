"""One memory plan for the whole card: where the LLM and SDXL live while each stage runs.

It lives in the app core (not in `illustrate/` or `engine/`) because it needs both sides' sizes
and the fact that the stages run one after another, which only the pipeline knows: the LLM is
idle while SDXL paints, and SDXL is idle while the LLM writes. It is a pure function of numbers
(no torch): the caller measures the card's FREE memory (`torch.cuda.mem_get_info()`, never the
total: the desktop, other programs and our own LLM already hold some of it) and the models' sizes.

The ladder, fastest first; the first rung whose predicted peak fits the free memory less a
margin is the plan, each rung tried without VAE tiling and then with it:

1. both resident: LLM (weights + KV cache) and SDXL stay on the card;
2. the LLM's KV cache released while painting (weights stay);
3. LLM resident, SDXL with model offload (one SDXL component on the card at a time);
4. the KV cache released while painting, SDXL with sequential offload, VAE tiling and slicing.

Moving the LLM's weights off the card while painting (LLM_OFF) would free more, but nothing
carries it out yet, so no rung uses it: a plan only promises what the app does.

Nothing fits: CardTooSmall, one sentence naming the card, what was needed and what to change.
Estimates are deliberately rounded up; they are checked on a GPU by tests/gpu (not yet run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GB = 10**9
GiB = 2**30
MARGIN_BYTES = 300 * 2**20  # allocator fragmentation and cuBLAS workspaces
MARGIN_FRACTION = 0.05
LLM_WORK_BYTES = 300 * 2**20  # activations and logits of a batch of a few rows
SIMULATED_RESERVED = 512 * 2**20  # a simulated card's memory held by the CUDA context and desktop

LLM_RESIDENT, KV_RELEASED, LLM_OFF = "resident", "KV cache released", "moved off the card"
SDXL_RESIDENT, MODEL_OFFLOAD, SEQUENTIAL = "resident", "model offload", "sequential offload"


class CardTooSmall(ValueError):
    """No plan fits: the message is one sentence for the user."""


@dataclass(slots=True, frozen=True)
class LLMSize:
    name: str
    weight_bytes: int
    kv_bytes_per_token: int  # all layers, keys and values, in the cache's dtype

    def kv_bytes(self, rows: int, context: int) -> int:
        return self.kv_bytes_per_token * rows * context


@dataclass(slots=True, frozen=True)
class SDXLSize:
    name: str
    unet_bytes: int
    vae_bytes: int
    text_encoder_bytes: int  # both encoders
    vae_fp16_safe: bool = True  # the fp16-fix VAE: decodes stay float16 (else upcast to float32)

    @property
    def total(self) -> int:
        return self.unet_bytes + self.vae_bytes + self.text_encoder_bytes


# SDXL base 1.0 in float16: UNet 2.57 G parameters, CLIP-L 123 M + OpenCLIP-bigG 695 M, VAE 84 M
SDXL_BASE_FP16 = SDXLSize("SDXL base fp16", 5_140 * 2**20, 168 * 2**20, 1_636 * 2**20)
SDXL_BASE_FP16_STOCK_VAE = SDXLSize(
    "SDXL base fp16", 5_140 * 2**20, 168 * 2**20, 1_636 * 2**20, vae_fp16_safe=False
)
# Llama-3-8B int4 (groups of 32, bfloat16 scale and zero: 5 bits a weight; 4 GB embedding rows
# stay in host memory); bfloat16 KV: 32 layers x 8 KV heads x 128 x 2 x 2 bytes a token
LLAMA3_8B_INT4 = LLMSize("Llama-3-8B int4", 4_700 * 2**20, 131_072)
LLAMA32_3B_INT4 = LLMSize("Llama-3.2-3B int4", 1_900 * 2**20, 114_688)
LLAMA32_1B_INT4 = LLMSize("Llama-3.2-1B int4", 800 * 2**20, 32_768)
SMOLLM2_135M = LLMSize("SmolLM2-135M", 100 * 2**20, 30 * 2 * 3 * 64 * 2)
MODELS = {
    "llama3-8b": LLAMA3_8B_INT4,
    "llama3.2-3b": LLAMA32_3B_INT4,
    "llama3.2-1b": LLAMA32_1B_INT4,
    "smollm2-135m": SMOLLM2_135M,
}


@dataclass(slots=True, frozen=True)
class MemoryPlan:
    card: str
    free_bytes: int
    llm: str
    sdxl: str
    llm_while_painting: str  # LLM_RESIDENT, KV_RELEASED or LLM_OFF
    sdxl_mode: str  # SDXL_RESIDENT, MODEL_OFFLOAD or SEQUENTIAL
    vae_tiling: bool
    vae_slicing: bool
    text_peak: int
    paint_peak: int

    @property
    def peak(self) -> int:
        return max(self.text_peak, self.paint_peak)

    def describe(self) -> str:
        """'8 GB card: Llama-3-8B int4 on the GPU, ... about 6.6 GB peak'."""
        llm = {
            LLM_RESIDENT: f"{self.llm} on the GPU throughout",
            KV_RELEASED: f"{self.llm} on the GPU, its KV cache released while painting",
            LLM_OFF: f"{self.llm} on the GPU, moved off the card while painting",
        }[self.llm_while_painting]
        how = "resident" if self.sdxl_mode == SDXL_RESIDENT else f"with {self.sdxl_mode}"
        sdxl = f"{self.sdxl} {how}"
        vae = [
            x for x, on in (("VAE tiling", self.vae_tiling), ("slicing", self.vae_slicing)) if on
        ]
        extra = f" and {' + '.join(vae)}" if vae else ""
        return (
            f"{self.card}: {llm}; {sdxl}{extra}; about {self.peak / GB:.1f} GB "
            f"peak of {self.free_bytes / GB:.1f} GB free"
        )


def unet_work(width: int, height: int) -> int:
    """A UNet step's activations in float16 with SDPA, batch 2 (guidance): ~1.2 GiB at 1024²."""
    return int(1.2 * GiB * width * height / 1024**2) + 64 * 2**20


def vae_decode_work(width: int, height: int, fp16_safe: bool, tiled: bool) -> int:
    """The VAE decode's activations: ~3 GiB at 1024² in float16, twice that when the stock VAE
    is upcast to float32; tiles of 512² bound it."""
    side = min(width * height, 512 * 512) if tiled else width * height
    work = int(3.0 * GiB * side / 1024**2) + 64 * 2**20
    return work if fp16_safe else 2 * work


def _paint_peak(sdxl: SDXLSize, mode: str, width: int, height: int, tiled: bool) -> int:
    vae = sdxl.vae_bytes * (1 if sdxl.vae_fp16_safe else 2)
    decode = vae_decode_work(width, height, sdxl.vae_fp16_safe, tiled)
    unet = unet_work(width, height)
    if mode == SDXL_RESIDENT:
        return sdxl.total + max(unet, decode)
    if mode == MODEL_OFFLOAD:
        return max(sdxl.unet_bytes + unet, vae + decode, sdxl.text_encoder_bytes + 64 * 2**20)
    # sequential: one submodule at a time; the largest is under 100 MB in SDXL
    return 256 * 2**20 + max(unet, decode)


RUNGS = (
    (LLM_RESIDENT, SDXL_RESIDENT),
    (KV_RELEASED, SDXL_RESIDENT),
    (KV_RELEASED, MODEL_OFFLOAD),
    (KV_RELEASED, SEQUENTIAL),
)


def plan(
    card: str,
    free_bytes: int,
    llm: LLMSize,
    rows: int = 2,
    context: int = 2048,
    width: int = 1024,
    height: int = 1024,
    sdxl: SDXLSize = SDXL_BASE_FP16,
) -> MemoryPlan:
    """The fastest placement whose predicted peak fits `free_bytes` less a margin."""
    budget = free_bytes - max(MARGIN_BYTES, int(MARGIN_FRACTION * free_bytes))
    kv = llm.kv_bytes(rows, context)
    llm_text = llm.weight_bytes + kv + LLM_WORK_BYTES
    for llm_mode, sdxl_mode in RUNGS:
        held = {LLM_RESIDENT: llm.weight_bytes + kv, KV_RELEASED: llm.weight_bytes, LLM_OFF: 0}
        text_peak = llm_text + (sdxl.total if sdxl_mode == SDXL_RESIDENT else 0)
        for tiled in (False, True) if sdxl_mode != SEQUENTIAL else (True,):
            paint = held[llm_mode] + _paint_peak(sdxl, sdxl_mode, width, height, tiled)
            if max(text_peak, paint) <= budget:
                return MemoryPlan(
                    card,
                    free_bytes,
                    llm.name,
                    sdxl.name,
                    llm_mode,
                    sdxl_mode,
                    tiled,
                    sdxl_mode == SEQUENTIAL,
                    text_peak,
                    paint,
                )
    smallest = max(llm_text, _paint_peak(sdxl, SEQUENTIAL, width, height, True))
    raise CardTooSmall(
        f"{card} has {free_bytes / GB:.1f} GB free, but {llm.name} with {rows} rows of "
        f"{context} tokens and {sdxl.name} at {width}x{height} need at least "
        f"{(smallest + free_bytes - budget) / GB:.1f} GB: choose a smaller model, "
        "fewer rows or a shorter context, smaller images, or run on the CPU (--device cpu)"
    )


def parse_size(text: str) -> int:
    """'8GB', '12 GB', '6g', '24GiB' -> bytes. A card sold as '8 GB' holds 8 GiB: both read
    as GiB."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(g|gb|gib)?\s*", text.lower())
    if not m:
        raise ValueError(f"not a card size: {text!r} (expected e.g. 8GB)")
    return int(float(m.group(1)) * GiB)


def simulated_free(total_bytes: int) -> int:
    """A simulated card's free memory: its size less what the CUDA context and desktop hold."""
    return total_bytes - SIMULATED_RESERVED
