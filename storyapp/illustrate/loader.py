"""Turn a model source into an SDXL pipeline, offline: 'tiny', a diffusers folder, or a single
.safetensors checkpoint. Anything wrong is reported as one IllustratorError line that names the
path and what was expected, checked before the heavy loading starts where that is possible."""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch

# diffusers' top-level name reads as its placeholder class to a type checker: the real module
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)
from safetensors import safe_open

from .download import SDXL_REPO, VAE_FIX_DIR, VAE_FIX_REPO, default_model_dir
from .errors import IllustratorError
from .tiny import TINY, build_tiny_pipeline

PIPELINE = "StableDiffusionXLPipeline"
MODULES = ("unet", "vae", "text_encoder", "text_encoder_2", "tokenizer", "tokenizer_2", "scheduler")
WEIGHTED = ("unet", "vae", "text_encoder", "text_encoder_2")
# What an SDXL base checkpoint holds, in the original (Stability "sgm") naming.
CHECKPOINT_PARTS = {
    "model.diffusion_model.": "UNet",
    "first_stage_model.": "VAE",
    "conditioner.embedders.0.transformer.": "CLIP ViT-L text encoder",
    "conditioner.embedders.1.model.": "OpenCLIP bigG text encoder",
}


def load_pipeline(
    source: str | os.PathLike, dtype: torch.dtype, config: str | os.PathLike | None = None
) -> tuple[StableDiffusionXLPipeline, str]:
    """The pipeline (on the CPU, in `dtype`) and a short model name for metadata.
    `config` (single files only): a diffusers SDXL folder to take configs and tokenizers from."""
    if str(source) == TINY:
        pipe = build_tiny_pipeline()
        return (pipe if dtype == torch.float32 else pipe.to(dtype=dtype)), TINY
    path = Path(source).expanduser()
    if path.is_dir():
        return _load_folder(path, dtype), _folder_name(path)
    if path.suffix.lower() == ".safetensors" or path.is_file():
        return _load_file(path, dtype, config), path.name
    raise IllustratorError(
        f"model not found: {path} (expected a diffusers SDXL folder, a .safetensors checkpoint or 'tiny')"
    )


def check_folder(path: Path, weights: bool = True, prefer_half: bool = False) -> str | None:
    """Checks `path` is a complete SDXL folder; returns the weights variant to load: 'fp16' when
    only float16 files are there, or when they are and `prefer_half` (half the bytes to read)."""
    if not path.is_dir():
        raise IllustratorError(f"model folder not found: {path}")
    index = path / "model_index.json"
    if not index.is_file():
        raise IllustratorError(f"not a diffusers SDXL folder: {path} (model_index.json missing)")
    try:
        name = json.loads(index.read_text(encoding="utf-8")).get("_class_name")
    except (ValueError, AttributeError) as e:
        raise IllustratorError(
            f"not a diffusers SDXL folder: {path} (model_index.json unreadable: {e})"
        ) from None
    if name != PIPELINE:
        raise IllustratorError(
            f"not an SDXL base model: {path} (model_index.json names {name}, expected {PIPELINE})"
        )
    missing = [m for m in MODULES if not (path / m).is_dir()]
    if missing:
        raise IllustratorError(f"incomplete SDXL folder: {path} ({', '.join(missing)} missing)")
    if not weights:
        return None
    files = {m: sorted((path / m).glob("*.safetensors")) for m in WEIGHTED}
    for module, found in files.items():
        if not found:
            raise IllustratorError(
                f"incomplete SDXL folder: {path} (no {module}/*.safetensors weights)"
            )
        for file in found:
            _header_keys(file, "corrupt weights")
    plain = all(any(".fp16." not in f.name for f in found) for found in files.values())
    half = all(any(".fp16." in f.name for f in found) for found in files.values())
    return "fp16" if half and (prefer_half or not plain) else None


def fp16_fix_vae_dir(model: Path) -> Path | None:
    """The fp16-fix VAE (madebyollin/sdxl-vae-fp16-fix: decodes in float16 without the float32
    upcast the stock VAE needs) in the model folder or beside the model, if it is there."""
    base = model if model.is_dir() else model.parent
    for folder in (
        base / VAE_FIX_DIR,
        base.parent / VAE_FIX_DIR,
        base / VAE_FIX_REPO.split("/")[1],
    ):
        if (folder / "config.json").is_file() and any(folder.glob("*.safetensors")):
            return folder
    return None


def _fp16_vae(model: Path, dtype: torch.dtype) -> dict:
    """{'vae': the fp16-fix VAE} for a float16 pipeline when it is there, else {}."""
    folder = fp16_fix_vae_dir(model) if dtype == torch.float16 else None
    if folder is None:
        return {}
    from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL

    try:
        vae = AutoencoderKL.from_pretrained(
            folder, **_dtype(dtype), use_safetensors=True, local_files_only=True
        )
    except Exception as e:
        raise IllustratorError(f"cannot load the fp16-fix VAE {folder}: {_reason(e)}") from e
    vae.register_to_config(force_upcast=False)
    return {"vae": vae}


def _load_folder(path: Path, dtype: torch.dtype) -> StableDiffusionXLPipeline:
    variant = check_folder(path, prefer_half=dtype == torch.float16)
    vae = _fp16_vae(path, dtype)
    try:
        return StableDiffusionXLPipeline.from_pretrained(
            path,
            **_dtype(dtype),
            **vae,
            variant=variant,
            use_safetensors=True,
            local_files_only=True,
        )
    except Exception as e:
        raise IllustratorError(f"cannot load SDXL folder {path}: {_reason(e)}") from e


def _load_file(
    path: Path, dtype: torch.dtype, config: str | os.PathLike | None
) -> StableDiffusionXLPipeline:
    if not path.is_file():
        raise IllustratorError(f"checkpoint not found: {path}")
    if path.suffix.lower() != ".safetensors":
        raise IllustratorError(
            f"unsupported checkpoint: {path} (expected .safetensors; pickled .ckpt files are not loaded)"
        )
    keys = _header_keys(path, "corrupt checkpoint")
    missing = [
        part
        for prefix, part in CHECKPOINT_PARTS.items()
        if not any(k.startswith(prefix) for k in keys)
    ]
    if missing:
        raise IllustratorError(
            f"not an SDXL base checkpoint: {path} (no {', '.join(missing)} weights; "
            "SD 1.x/2.x and refiner checkpoints are not supported)"
        )
    configs = _config_folder(path, config)
    try:
        # With a local `config` folder diffusers reads configs and tokenizers from it and never
        # looks at the Hub; without one it would try to download them.
        return StableDiffusionXLPipeline.from_single_file(
            str(path),
            config=str(configs),
            local_files_only=True,
            **_dtype(dtype),
            **_fp16_vae(path, dtype),
        )
    except Exception as e:
        raise IllustratorError(f"cannot load checkpoint {path}: {_reason(e)}") from e


def _config_folder(checkpoint: Path, config: str | os.PathLike | None) -> Path:
    """The configs for a single-file checkpoint: the caller's folder, else the downloaded base
    model, else the base model in the Hugging Face cache."""
    if config is not None:
        folder = Path(config).expanduser()
        check_folder(folder, weights=False)
        return folder
    for found in (default_model_dir(), _hub_cache_folder()):
        if found is not None and (found / "model_index.json").is_file():
            return found
    raise IllustratorError(
        f"no SDXL configs for checkpoint {checkpoint}: pass config=<a diffusers SDXL folder>, or "
        f"download the {SDXL_REPO} configs (download_sdxl(configs_only=True))"
    )


def _hub_cache_folder() -> Path | None:
    from huggingface_hub import try_to_load_from_cache  # reads the local cache only

    found = try_to_load_from_cache(SDXL_REPO, "model_index.json")
    return Path(found).parent if isinstance(found, str) else None


def _dtype(dtype: torch.dtype) -> dict[str, torch.dtype]:
    """diffusers renamed `torch_dtype` to `dtype` in 2026 (PR #14205) and warns on the old name;
    older releases know only the old one."""
    import diffusers.utils.deprecation_utils as deprecation

    renamed = hasattr(deprecation, "_resolve_dtype")
    return {"dtype" if renamed else "torch_dtype": dtype}


def _header_keys(file: Path, what: str) -> set[str]:
    """Tensor names from the safetensors header; a truncated or foreign file fails here, fast."""
    try:
        with safe_open(file, framework="pt") as f:
            return set(f.keys())
    except Exception as e:
        raise IllustratorError(f"{what} {file}: {_reason(e)}") from None


def _folder_name(path: Path) -> str:
    """'org/name' for a Hub cache snapshot (.../models--org--name/snapshots/<hash>), else the
    folder's name; never the full path, which would put the user's home into image metadata."""
    parts = path.resolve().parts
    if len(parts) >= 3 and parts[-2] == "snapshots" and parts[-3].startswith("models--"):
        return parts[-3].removeprefix("models--").replace("--", "/")
    return parts[-1]


def _reason(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    text = lines[0] if lines else type(e).__name__
    return text if len(text) <= 300 else text[:297] + "..."
