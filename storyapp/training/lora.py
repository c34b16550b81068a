"""Wrap the base in plain LoRA (PEFT) and save a folder every runtime loads.

The saved folder is the lowest common denominator of our engine, PEFT, vLLM and TensorRT-LLM:
LoRA only on q/k/v/o/gate/up/down, no bias, no modules_to_save, no DoRA, half-precision
safetensors with PEFT's key names, and the hub id of the base in `base_model_name_or_path`."""

import json
from pathlib import Path

import torch

from .errors import TrainingError

TARGETS = {
    "q": "q_proj",
    "k": "k_proj",
    "v": "v_proj",
    "o": "o_proj",
    "gate": "gate_proj",
    "up": "up_proj",
    "down": "down_proj",
}
MAX_RANK = 64  # the engine's default max_lora_rank


def target_modules(spec: str) -> list[str]:
    names = [s.strip() for s in spec.split(",") if s.strip()]
    bad = [n for n in names if n not in TARGETS and n not in TARGETS.values()]
    if bad or not names:
        raise TrainingError(
            f"--targets {spec!r}: unknown {bad or 'empty'}; choose from {','.join(TARGETS)}"
        )
    return sorted({TARGETS.get(n, n) for n in names})


def wrap(model, rank: int, alpha: float, targets: list[str], dropout: float, qlora: bool):
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if not 1 <= rank <= MAX_RANK:
        raise TrainingError(f"--rank {rank}: choose 1 to {MAX_RANK}")
    if qlora:
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    cfg = LoraConfig(
        r=rank,
        lora_alpha=alpha,  # type: ignore[arg-type]  # peft says int; it scales by alpha / r
        target_modules=targets,
        lora_dropout=dropout,
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, cfg)


def save(model, folder: Path, base_name: str, dtype: torch.dtype = torch.float16) -> None:
    """adapter_config.json + adapter_model.safetensors (LoRA tensors only, in `dtype`)."""
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = get_peft_model_state_dict(model, save_embedding_layers=False)
    tensors = {k: v.detach().to("cpu", dtype).contiguous() for k, v in state.items()}
    save_file(tensors, str(folder / "adapter_model.safetensors"), metadata={"format": "pt"})
    cfg = model.peft_config["default"].to_dict()
    cfg["base_model_name_or_path"] = base_name
    cfg["target_modules"] = sorted(cfg["target_modules"])
    cfg["inference_mode"] = True
    (folder / "adapter_config.json").write_text(json.dumps(cfg, indent=2, default=_plain) + "\n")


def _plain(o):
    if isinstance(o, set | tuple):
        return sorted(o)
    if hasattr(o, "value"):  # enums such as TaskType
        return o.value
    return str(o)
