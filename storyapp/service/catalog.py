"""The short list of models the app offers to download: what each is, its size on disk, the
memory it needs to run here, its license and whether the Hub gates it behind a token.

Sizes are the files' sizes on the Hub; memory is what the app holds while it runs the model
(the embedded engine keeps a text model in 4-bit, SDXL runs in float16)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storyapp.illustrate.download import (
    CONFIG_FILES,
    SDXL_REPO,
    VAE_FIX_DIR,
    VAE_FIX_FILES,
    VAE_FIX_REPO,
    WEIGHT_FILES,
)
from storyapp.illustrate.fast import LCM_LORA_DIR, LCM_LORA_REPO, LORA_FILE
from storyapp.illustrate.preview import TAESD_XL_DIR, TAESD_XL_REPO

GB = 10**9
Kind = Literal["text", "image"]
LLAMA_FILES = (
    "config.json",
    "generation_config.json",
    "model*.safetensors",
    "model.safetensors.index.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


class CatalogError(ValueError):
    """An unknown name, or a catalog entry that cannot be used as asked."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    name: str  # what `storyapp models download NAME` takes
    title: str
    kind: Kind
    repo: str
    files: tuple[str, ...]  # the files fetched (glob patterns over the repository)
    size: int  # bytes on disk
    gpu_memory: int  # bytes of GPU memory to run it here
    cpu_memory: int  # bytes of RAM to run it on the CPU alone
    license: str
    gated: bool  # the Hub asks for a token (and an accepted license) before it serves the files
    folder: str = ""  # the folder under the models folder; default: the name
    note: str = ""
    base: str = ""  # the Hub model this is a conversion of (a GGUF's original): adapters match it

    @property
    def where(self) -> str:
        return self.folder or self.name

    @property
    def page(self) -> str:
        return f"https://huggingface.co/{self.repo}"


def _llama(name: str, title: str, repo: str, size: float, gpu: float, cpu: float, lic: str):
    return CatalogEntry(name, title, "text", repo, LLAMA_FILES, int(size * GB), int(gpu * GB),
                        int(cpu * GB), lic, gated=True)  # fmt: skip


def _gguf(
    name: str,
    title: str,
    repo: str,
    file: str,
    size: float,
    gpu: float,
    cpu: float,
    lic: str,
    base: str,
):
    return CatalogEntry(name, title, "text", repo, (file,), int(size * GB), int(gpu * GB),
                        int(cpu * GB), lic, gated=False, note="4-bit GGUF (Q4_0), loads exactly",
                        base=base)  # fmt: skip


LLAMA_31 = "Llama 3.1 Community License"
LLAMA_32 = "Llama 3.2 Community License"
CATALOG: tuple[CatalogEntry, ...] = (
    _llama("llama-3.1-8b-instruct", "Llama 3.1 8B Instruct", "meta-llama/Llama-3.1-8B-Instruct",
           16.1, 6.5, 8.0, LLAMA_31),
    _gguf("llama-3.1-8b-instruct-q4", "Llama 3.1 8B Instruct, 4-bit GGUF",
          "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "Meta-Llama-3.1-8B-Instruct-Q4_0.gguf",
          4.7, 6.0, 6.5, LLAMA_31, "meta-llama/Llama-3.1-8B-Instruct"),
    _llama("llama-3.2-3b-instruct", "Llama 3.2 3B Instruct", "meta-llama/Llama-3.2-3B-Instruct",
           6.4, 3.0, 4.0, LLAMA_32),
    _gguf("llama-3.2-3b-instruct-q4", "Llama 3.2 3B Instruct, 4-bit GGUF",
          "bartowski/Llama-3.2-3B-Instruct-GGUF", "Llama-3.2-3B-Instruct-Q4_0.gguf",
          1.9, 2.8, 3.0, LLAMA_32, "meta-llama/Llama-3.2-3B-Instruct"),
    _llama("llama-3.2-1b-instruct", "Llama 3.2 1B Instruct", "meta-llama/Llama-3.2-1B-Instruct",
           2.5, 1.5, 2.0, LLAMA_32),
    _gguf("llama-3.2-1b-instruct-q4", "Llama 3.2 1B Instruct, 4-bit GGUF",
          "bartowski/Llama-3.2-1B-Instruct-GGUF", "Llama-3.2-1B-Instruct-Q4_0.gguf",
          0.8, 1.2, 1.5, LLAMA_32, "meta-llama/Llama-3.2-1B-Instruct"),
    CatalogEntry("sdxl-base-1.0", "Stable Diffusion XL base 1.0 (float16)", "image", SDXL_REPO,
                 tuple(CONFIG_FILES + WEIGHT_FILES), int(6.9 * GB), int(8 * GB), int(12 * GB),
                 "CreativeML Open RAIL++-M", gated=False, folder=SDXL_REPO.split("/")[1],
                 note="the illustrator; 4 GB cards run it with offloading"),
    CatalogEntry("sdxl-vae-fp16-fix", "SDXL VAE, float16 fix", "image", VAE_FIX_REPO,
                 tuple(VAE_FIX_FILES), int(0.34 * GB), 0, 0, "MIT", gated=False,
                 folder=f"{SDXL_REPO.split('/')[1]}/{VAE_FIX_DIR}",
                 note="decodes SDXL in float16 on a GPU; goes into the SDXL folder"),
    CatalogEntry(TAESD_XL_DIR, "TAESD XL, the tiny SDXL decoder", "image", TAESD_XL_REPO,
                 ("config.json", "diffusion_pytorch_model.safetensors"), int(0.01 * GB),
                 int(0.05 * GB), int(0.05 * GB), "MIT", gated=False,
                 note="live previews: the picture as it forms, every few steps"),
    CatalogEntry(LCM_LORA_DIR, "LCM-LoRA for SDXL", "image", LCM_LORA_REPO, (LORA_FILE,),
                 int(0.39 * GB), int(0.4 * GB), int(0.4 * GB), "Open RAIL++-M", gated=False,
                 note="fast mode: 4 steps instead of 30 (--image-mode fast)"),
)  # fmt: skip


def entry(name: str) -> CatalogEntry:
    """The entry called `name`; CatalogError naming the choices for any other name."""
    for e in CATALOG:
        if e.name == name.strip().lower():
            return e
    names = ", ".join(e.name for e in CATALOG)
    raise CatalogError(f"unknown model '{name}': the catalog has {names}")


def recommend(gpu_free: int | None, ram: int) -> CatalogEntry:
    """The text model to suggest for this machine: the largest that fits its GPU's free memory
    (or, with no GPU, the smallest 4-bit one that runs well on a CPU)."""
    text = [e for e in CATALOG if e.kind == "text" and e.name.endswith("-q4")]
    if gpu_free is None:
        fits = [e for e in text if e.cpu_memory <= ram and e.size < 2 * GB]
    else:
        fits = [e for e in text if e.gpu_memory <= gpu_free]
    return max(fits, key=lambda e: e.size) if fits else min(text, key=lambda e: e.size)
