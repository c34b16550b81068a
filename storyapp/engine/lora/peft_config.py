"""adapter_config.json as a typed config: every field this engine reads is checked for its type
and range, and a bad one is named (`field 'lora_alpha' ...`), never a Python error later on."""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AdapterError
from ..utils import read_json

UNSUPPORTED_MODULES = ("embed_tokens", "lm_head", "lora_embedding", "lora_magnitude")


@dataclass(slots=True, frozen=True)
class PeftConfig:
    path: Path
    r: int = 8
    lora_alpha: float = 8.0
    use_rslora: bool = False
    alpha_pattern: dict[str, float] = field(default_factory=dict)
    target_modules: list[str] = field(default_factory=list)
    _patterns: list[tuple[re.Pattern, float]] = field(default_factory=list)

    def alpha_for(self, module: str) -> float:
        for pattern, value in self._patterns:
            if pattern.match(module):
                return value
        return self.lora_alpha

    def scale(self, module: str, rank: int) -> float:
        alpha = self.alpha_for(module)
        return alpha / math.sqrt(rank) if self.use_rslora else alpha / rank


def read_peft_config(folder: Path) -> PeftConfig:
    path, raw = read_json(folder, "adapter_config.json", AdapterError, "a PEFT adapter")
    return parse_peft_config(path, raw)


def parse_peft_config(path: Path, raw: dict) -> PeftConfig:
    def bad(key: str, want: str) -> AdapterError:
        return AdapterError(f"{path}: field '{key}' must be {want}, got {raw[key]!r:.80}")

    _refuse(path, raw)
    r = raw.get("r", 8)
    if type(r) is not int or r < 1:
        raise bad("r", "a positive integer")
    alpha = raw.get("lora_alpha", r)
    if not _number(alpha):
        raise bad("lora_alpha", "a finite number")
    rslora = raw.get("use_rslora", False)
    if not isinstance(rslora, bool):
        raise bad("use_rslora", "true or false")
    patterns = raw.get("alpha_pattern") or {}
    if not isinstance(patterns, dict):
        raise bad("alpha_pattern", "an object of module pattern -> alpha")
    compiled = []
    for pattern, value in patterns.items():
        if not _number(value):
            raise AdapterError(
                f"{path}: field 'alpha_pattern' gives {pattern!r:.80} the value {value!r:.80}; "
                "expected a finite number"
            )
        try:
            compiled.append((re.compile(rf"(.*\.)?({pattern})$"), float(value)))
        except re.error as e:
            raise AdapterError(
                f"{path}: field 'alpha_pattern' key {pattern!r:.80} is not a regular expression "
                f"({e})"
            ) from None
    return PeftConfig(path, r, float(alpha), rslora, dict(patterns), _targets(path, raw), compiled)


def _number(v) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


def _targets(path: Path, raw: dict) -> list[str]:
    targets = raw.get("target_modules") or []
    targets = [targets] if isinstance(targets, str) else targets
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise AdapterError(f"{path}: field 'target_modules' must be a list of module names")
    for t in targets:
        if any(u in t for u in UNSUPPORTED_MODULES):
            raise AdapterError(
                f"{path}: field 'target_modules' includes {t!r}; embedding and lm_head LoRA are "
                "not supported"
            )
    return targets


def _refuse(path: Path, cfg: dict) -> None:
    """Name the first field that asks for something this engine does not do."""
    peft_type = cfg.get("peft_type", "LORA")
    if not isinstance(peft_type, str) or peft_type.upper() != "LORA":
        raise AdapterError(f"{path}: peft_type is {peft_type!r:.80}; only LORA is supported")
    for key, meaning in (
        ("use_dora", "DoRA"),
        ("fan_in_fan_out", "transposed (Conv1D) weights"),
        ("lora_bias", "LoRA bias vectors"),
    ):
        if cfg.get(key):
            raise AdapterError(f"{path}: field '{key}' is set ({meaning} is not supported)")
    if cfg.get("modules_to_save"):
        raise AdapterError(
            f"{path}: field 'modules_to_save' lists {cfg['modules_to_save']!r:.200}; fully "
            "trained modules are not supported, only LoRA on q/k/v/o/gate/up/down"
        )
    if cfg.get("bias", "none") != "none":
        raise AdapterError(f"{path}: field 'bias' is {cfg['bias']!r:.80}; only 'none' is supported")
