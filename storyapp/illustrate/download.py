"""Fetch the official SDXL base weights (float16 files, about 7 GB) from the Hugging Face Hub.

Only ever called when the user asks for it; nothing else here touches the network.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyapp.system.paths import cache_dir

SDXL_REPO = "stabilityai/stable-diffusion-xl-base-1.0"
CONFIG_FILES = [
    "model_index.json",
    "scheduler/scheduler_config.json",
    "unet/config.json",
    "vae/config.json",
    "text_encoder/config.json",
    "text_encoder_2/config.json",
    "tokenizer/*",
    "tokenizer_2/*",
]
WEIGHT_FILES = [
    "unet/diffusion_pytorch_model.fp16.safetensors",
    "vae/diffusion_pytorch_model.fp16.safetensors",
    "text_encoder/model.fp16.safetensors",
    "text_encoder_2/model.fp16.safetensors",
]

# The SDXL VAE fine-tuned to decode in float16 without overflowing (the stock one is upcast to
# float32 for every decode on a GPU): about 335 MB, kept in the model folder under this name.
VAE_FIX_REPO = "madebyollin/sdxl-vae-fp16-fix"
VAE_FIX_DIR = "vae_fp16_fix"
VAE_FIX_FILES = ["config.json", "diffusion_pytorch_model.safetensors"]

Progress = Callable[[int, int], None]  # (bytes done, bytes expected so far)


def default_model_dir() -> Path:
    return cache_dir("models", SDXL_REPO.split("/")[1])


def download_sdxl(
    dest: str | Path | None = None,
    on_progress: Progress | None = None,
    configs_only: bool = False,
    vae_fix: bool = True,
) -> Path:
    """Download into `dest` (default: default_model_dir()) and return that diffusers folder,
    ready for Illustrator.load. Files already there are not fetched again. `configs_only` fetches
    the few small files a single-file checkpoint needs besides its weights. `vae_fix` also
    fetches the fp16-fix VAE into <folder>/vae_fp16_fix, used on a GPU when it is there."""
    from huggingface_hub import snapshot_download

    folder = Path(dest) if dest is not None else default_model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    patterns = CONFIG_FILES if configs_only else CONFIG_FILES + WEIGHT_FILES
    bar = _progress_bar(on_progress) if on_progress is not None else None
    got = Path(
        snapshot_download(SDXL_REPO, local_dir=folder, allow_patterns=patterns, tqdm_class=bar)
    )
    if vae_fix and not configs_only:
        snapshot_download(
            VAE_FIX_REPO,
            local_dir=got / VAE_FIX_DIR,
            allow_patterns=VAE_FIX_FILES,
            tqdm_class=bar,
        )
    return got


def _progress_bar(report: Progress) -> type:
    """A silent tqdm for snapshot_download that hands its byte count to `report`. Of the bars it
    opens, the one named 'huggingface_hub.snapshot_download' counts bytes written for all files."""
    from huggingface_hub.utils import tqdm

    class Bar(tqdm):
        def __init__(self, *args, **kwargs) -> None:
            self._report = kwargs.get("name") == "huggingface_hub.snapshot_download"
            self._done = 0
            super().__init__(*args, **{**kwargs, "disable": True})

        def update(self, n: float | None = 1) -> bool | None:
            if self._report and n:
                self._done += int(n)
                report(self._done, int(self.total or 0))
            return super().update(n)

    return Bar
