"""transformers' `generate` on the same GGUF (dequantized on load), and PEFT mixed-adapter batches."""

import copy
import time
from pathlib import Path

import torch
from _common import paired_rows, prompts, timed_row
from transformers import AutoModelForCausalLM, LogitsProcessor, LogitsProcessorList
from transformers.utils import logging as hf_logging

hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()
TARGETS = {
    "q": "q_proj",
    "k": "k_proj",
    "v": "v_proj",
    "o": "o_proj",
    "g": "gate_proj",
    "u": "up_proj",
    "d": "down_proj",
}


def load(model: str, dtype: str = "float32"):
    path = Path(model)
    m = AutoModelForCausalLM.from_pretrained(
        path.parent, gguf_file=path.name, dtype=getattr(torch, dtype)
    )
    return m.eval()


class _FirstToken(LogitsProcessor):
    """Notes when the first scores arrive: the prefill is done, the first token is next."""

    def __init__(self):
        self.at = None

    def __call__(self, input_ids, scores):
        if self.at is None:
            self.at = time.perf_counter()
        return scores


def left_padded(batch: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(map(len, batch))
    ids = torch.tensor([[pad] * (n - len(p)) + p for p in batch])
    mask = torch.tensor([[0] * (n - len(p)) + [1] * len(p) for p in batch])
    return ids, mask


def generate(model, batch, osl: int, adapter_names=None) -> tuple[float, float, torch.Tensor]:
    """Greedy, exactly osl new tokens per prompt: (latency, ttft, new tokens)."""
    pad = model.config.pad_token_id or model.config.eos_token_id
    ids, mask = left_padded(batch, pad)
    extra = {} if adapter_names is None else {"adapter_names": adapter_names}
    first = _FirstToken()
    t0 = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(
            input_ids=ids,
            attention_mask=mask,
            max_new_tokens=osl,
            min_new_tokens=osl,
            do_sample=False,
            pad_token_id=pad,
            logits_processor=LogitsProcessorList([first]),
            **extra,
        )
    latency = time.perf_counter() - t0
    new = out[:, ids.shape[1] :]
    if new.shape[1] != osl:
        raise RuntimeError(f"generate made {new.shape[1]} tokens, not {osl}")
    return latency, first.at - t0, new


def _rows(model, batch_sizes, isl, osl, repeats, mode, names=None) -> list:
    rows = []
    for b in batch_sizes:
        ps = prompts(b, isl, model.config.vocab_size)
        an = None if names is None else names[:b]
        rows.append(
            timed_row(lambda n, ps=ps, an=an: generate(model, ps, n, an)[:2], b, osl, repeats, mode)
        )
    return rows


def base_rows(model, batch_sizes, isl, osl, repeats, threads, dtype="float32") -> list[dict]:
    torch.set_num_threads(threads)
    m = load(model, dtype)
    return [r.as_dict() for r in _rows(m, batch_sizes, isl, osl, repeats, "base")]


def lora_rows(model, adapters, batch_sizes, isl, osl, repeats, threads) -> list[dict]:
    """Per batch size: the plain model vs a PEFT copy given B different adapters in one batch."""
    from peft import PeftModel

    torch.set_num_threads(threads)
    plain = load(model)
    names = [f"a{i}" for i in range(len(adapters))]
    pm = PeftModel.from_pretrained(copy.deepcopy(plain), adapters[0], adapter_name=names[0])
    for name, folder in zip(names[1:], adapters[1:], strict=True):
        pm.load_adapter(folder, adapter_name=name)
    pm.eval()
    rows = []
    for b in batch_sizes:
        ps = prompts(b, isl, plain.config.vocab_size)
        rows += paired_rows(
            lambda n, ps=ps: generate(plain, ps, n)[:2],
            lambda n, ps=ps: generate(pm, ps, n, names[: len(ps)])[:2],
            b,
            osl,
            repeats,
            "multi_lora",
        )
    return [r.as_dict() for r in rows]


def make_adapters(
    model: str, n: int, rank: int, targets: str, out_dir: str, threads: int
) -> list[str]:
    """n random PEFT LoRA folders for `model` (B is random too, so each changes the output)."""
    from peft import LoraConfig, get_peft_model

    torch.set_num_threads(threads)
    base = load(model)
    cfg = LoraConfig(
        r=rank,
        lora_alpha=rank,
        target_modules=[TARGETS[t] for t in targets],
        init_lora_weights=False,
    )
    folders = []
    for i in range(n):
        torch.manual_seed(1000 + i)
        pm = get_peft_model(copy.deepcopy(base), cfg)
        folder = Path(out_dir) / f"lora{i}"
        pm.save_pretrained(folder)
        folders.append(str(folder))
    return folders
