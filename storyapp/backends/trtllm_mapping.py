"""Our requests in TensorRT-LLM's terms: sampling parameters and LoRA module names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Sampling

# PEFT (Hugging Face) module name -> TensorRT-LLM's name for it (its LoraConfig speaks these)
LORA_MODULES = {
    "q_proj": "attn_q",
    "k_proj": "attn_k",
    "v_proj": "attn_v",
    "o_proj": "attn_dense",
    "gate_proj": "mlp_h_to_4h",
    "up_proj": "mlp_gate",
    "down_proj": "mlp_4h_to_h",
}


def sampling_kwargs(s: Sampling, stop_ids: Iterable[int]) -> dict[str, Any]:
    """Keyword arguments for tensorrt_llm.SamplingParams. Temperature 0 is greedy, which
    TensorRT-LLM spells top_k=1; the chat template's end-of-turn tokens stop a row."""
    kw: dict[str, Any] = {"max_tokens": s.max_tokens}
    if s.temperature <= 0:
        kw["top_k"] = 1
    else:
        kw["temperature"] = s.temperature
        kw["top_p"] = s.top_p
        if s.min_p:
            kw["min_p"] = s.min_p
    if s.repetition_penalty != 1.0:
        kw["repetition_penalty"] = s.repetition_penalty
    # max_phrase_repeats has no counterpart: TensorRT-LLM's no_repeat_ngram_size bars every
    # repeat of a token n-gram (a name of three tokens could be said once), not a phrase's
    # repeats past a limit
    if s.bad_words:  # TensorRT-LLM bars each word's token sequence: both spellings given
        kw["bad"] = sorted({v for w in s.bad_words for v in (w, " " + w)})
    if s.seed is not None:
        kw["seed"] = s.seed
    if s.ignore_eos:
        kw["ignore_eos"] = True
    else:
        kw["stop_token_ids"] = sorted(set(stop_ids))
    return kw


def lora_target_modules(peft_modules: Iterable[str]) -> list[str]:
    """TensorRT-LLM's names for the modules the adapters touch, in a stable order."""
    wanted = set(peft_modules)
    return [trt for peft, trt in LORA_MODULES.items() if peft in wanted]
