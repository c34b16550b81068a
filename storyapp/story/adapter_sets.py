"""Which story-writer and sd-prompt-writer belong to the base model in use.

Adapters are looked for in the user's adapter folder first (one subfolder per base, newest
first), then in $STORYAPP_ADAPTERS or the shipped ones. A candidate is taken only when the base
it was trained on (`base_model_name_or_path` in its adapter_config.json) names this base and its
tensors fit this base's shapes; the folder's name alone never decides. Nothing here loads a
tensor: shapes come from the safetensors header.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from storyapp.engine import EngineError
from storyapp.engine.models.config import ModelConfig
from storyapp.system.paths import MODEL_MARKER, user_adapters_dir

from .settings import PREMISE_WRITER, PROMPT_WRITER, STORY_WRITER, Settings, default_adapter_dir

# The embedded default model's name on the Hub: what adapters trained on it record.
DEFAULT_BASE_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
MODEL_SOURCE_FILE = MODEL_MARKER  # next to a downloaded model's files: the repository it came from
NAMES = (STORY_WRITER, PROMPT_WRITER, PREMISE_WRITER)
_LORA_KEY = re.compile(r"layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])(?:\.\w+)?\.weight$")


@dataclass(frozen=True, slots=True)
class BaseModel:
    """A base model as adapters know it: its names and its shapes."""

    label: str  # shown to the user, e.g. 'Llama-3.2-1B-Instruct'
    path: Path
    names: frozenset[str]  # normalized identities (see _norm)
    config: ModelConfig


@dataclass(slots=True)
class AdapterChoice:
    """The adapter for one name: `path` None when nothing fits (the base model writes it)."""

    path: Path | None
    given: bool  # the user named it: a path that does not fit is an error
    passed_over: list[tuple[Path, str]] = field(default_factory=list)  # (candidate, why not)


def _norm(name: str) -> str:
    """'HuggingFaceTB/SmolLM2-135M-Instruct', 'SmolLM2 135M Instruct' -> 'smollm2135minstruct'."""
    last = re.split(r"[/\\]", name.rstrip("/\\"))[-1]
    return re.sub(r"[^a-z0-9]", "", last.lower())


def _stem(file: Path) -> str:
    """The model's name in a file name: 'SmolLM2-135M-Instruct.Q4_1.gguf' and
    'Llama-3.2-1B-Instruct-Q4_0.gguf' lose their format and quantization."""
    name = re.sub(r"\.gguf$", "", file.name, flags=re.IGNORECASE)
    return re.sub(r"[.-](?:I?Q\d\w*|F16|F32|BF16)$", "", name, flags=re.IGNORECASE)


# Configs of models already loaded, by (path, mtime): reading a GGUF's header again takes seconds.
_loaded: dict[tuple[str, int], ModelConfig] = {}


def _key(model: str) -> tuple[str, int]:
    from storyapp.engine.loader.resolve import resolve

    path = resolve(model).resolve()
    return str(path), path.stat().st_mtime_ns


def remember_loaded(model: str, config: ModelConfig) -> None:
    """The config of `model` as the engine loaded it, so describe_base need not read it again."""
    with contextlib.suppress(EngineError, OSError):
        _loaded[_key(model)] = config


def describe_base(model: str) -> BaseModel:
    """The base model `model` ('default', a GGUF file or a Hugging Face folder) by its config and
    names, read from its files; raises EngineError for something that is not a model."""
    path_text, stamp = _key(model)
    return _describe(path_text, stamp, str(model) == "default")


@functools.lru_cache(maxsize=8)
def _describe(path_text: str, stamp: int, default: bool) -> BaseModel:
    path = Path(path_text)
    names: set[str] = {path_text, _stem(path)}
    if path.is_file():
        config = _loaded.get((path_text, stamp)) or _read_gguf_config(path)
        names.add(config.name)  # the GGUF's general.name
        names.add(str(path.parent))  # PEFT records the folder a GGUF was loaded from
        names |= _downloaded_as(path.parent)
        label = _stem(path)
    else:
        from storyapp.engine.loader.hf_folder import read_config as read_folder_config

        config = read_folder_config(path)
        names |= _folder_names(path)
        label = path.name
    if default:
        names.add(DEFAULT_BASE_ID)
        label = DEFAULT_BASE_ID.split("/")[1]
    return BaseModel(label, path, frozenset(_norm(n) for n in names if n), config)


def _read_gguf_config(path: Path) -> ModelConfig:
    from storyapp.engine.loader.gguf_model import open_gguf, read_config

    return read_config(path, open_gguf(path))


def _folder_names(folder: Path) -> set[str]:
    """What a model folder says it is: config.json's `_name_or_path` and, for a catalog
    download, its repository."""
    found = _downloaded_as(folder)
    try:
        value = json.loads((folder / "config.json").read_text(encoding="utf-8")).get(
            "_name_or_path"
        )
    except (OSError, ValueError, AttributeError):
        value = None
    if isinstance(value, str) and value:
        found.add(value)
    return found


def _downloaded_as(folder: Path) -> set[str]:
    """A catalog download's repository and the model it converts (a GGUF's original)."""
    try:
        raw = json.loads((folder / MODEL_SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(raw, dict):
        return set()
    return {v for k in ("repo", "base") if isinstance(v := raw.get(k), str) and v}


def trained_on(adapter: Path) -> str | None:
    """The base recorded in the adapter's adapter_config.json, or None."""
    try:
        raw = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = raw.get("base_model_name_or_path") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and value else None


def why_not(adapter: Path, base: BaseModel) -> str | None:
    """None when the adapter folder belongs to `base`; else one phrase saying why not."""
    recorded = trained_on(adapter)
    if recorded is None:
        return "its adapter_config.json names no base model"
    if _norm(recorded) not in base.names:
        return f"it was trained for {recorded}, not {base.label}"
    return shape_mismatch(adapter, base.config)


def shape_mismatch(adapter: Path, config: ModelConfig) -> str | None:
    """None when every LoRA tensor in the folder fits the base's modules; else the first misfit
    with both shapes. Only the safetensors header is read."""
    from safetensors import safe_open

    weights = adapter / "adapter_model.safetensors"
    from storyapp.engine.lora.adapter import module_shapes  # torch: not at the app's start

    shapes = module_shapes(config)
    try:
        with safe_open(weights, "pt") as f:
            for key in f.keys():  # noqa: SIM118 (safe_open is not iterable)
                m = _LORA_KEY.search(key)
                if not m or m.group(2) not in shapes:
                    return f"tensor '{key}' is not LoRA on a supported module"
                layer, target, ab = int(m.group(1)), m.group(2), m.group(3)
                if layer >= config.num_layers:
                    return f"it has layer {layer}; the base has {config.num_layers} layers"
                shape = tuple(f.get_slice(key).get_shape())
                fan_in, fan_out = shapes[target]
                fits = shape[1] == fan_in if ab == "A" else shape[0] == fan_out
                if len(shape) != 2 or not fits:
                    return (
                        f"layers.{layer}.{target}: lora_{ab} {shape} does not fit the base's "
                        f"{target} ({fan_in} in, {fan_out} out)"
                    )
    except OSError as e:
        return f"{weights.name} cannot be read ({e})"
    except Exception as e:  # a damaged header: safetensors raises its own error types
        return f"{weights.name} is not a readable safetensors file ({e})"
    return None


def candidates(name: str) -> list[Path]:
    """Every folder that might hold adapter `name`, in the order they are tried: the user's
    adapter folder (newest first), then $STORYAPP_ADAPTERS or the shipped adapters."""
    found: list[Path] = []
    for root, newest_first in ((user_adapters_dir(), True), (default_adapter_dir(), False)):
        sets = [root, *_subfolders(root)]
        here = [s / name for s in sets if (s / name / "adapter_config.json").is_file()]
        if newest_first:
            here.sort(key=lambda p: (p / "adapter_config.json").stat().st_mtime_ns, reverse=True)
        found += here
    return found


def _subfolders(root: Path) -> list[Path]:
    try:
        found = root.iterdir()
        return sorted(p for p in found if p.is_dir() and p.name not in NAMES and p.name[0] != ".")
    except OSError:
        return []


def given_paths(settings: Settings) -> dict[str, str | None]:
    """The adapter paths the user named; the premise writer is only ever found, never named."""
    return {
        STORY_WRITER: settings.story_adapter,
        PROMPT_WRITER: settings.prompt_adapter,
        PREMISE_WRITER: None,
    }


def choose_adapters(settings: Settings, base: BaseModel | None) -> dict[str, AdapterChoice]:
    """For each adapter name: the path the user gave, else the first candidate that belongs to
    `base` (None: the base could not be read, so nothing is taken on trust)."""
    chosen: dict[str, AdapterChoice] = {}
    for name, given in given_paths(settings).items():
        if given:
            chosen[name] = AdapterChoice(Path(given).expanduser(), True)
            continue
        choice = AdapterChoice(None, False)
        for path in candidates(name):
            why = why_not(path, base) if base is not None else "the base model cannot be read"
            if why is None:
                choice.path = path
                break
            choice.passed_over.append((path, why))
        chosen[name] = choice
    return chosen


def adapters_for(settings: Settings) -> dict[str, AdapterChoice]:
    """choose_adapters for the settings' model; a model that cannot be read gets no default
    adapter (loading it reports the problem)."""
    try:
        base: BaseModel | None = describe_base(settings.model)
    except (EngineError, OSError):
        base = None
    return choose_adapters(settings, base)


def adapter_set_folder(base: BaseModel) -> Path:
    """Where adapters trained here for `base` go: one folder per base under the user's adapter
    folder."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", base.label).strip("-.") or "model"
    return user_adapters_dir() / slug
