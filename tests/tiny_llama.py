"""A tiny random Llama-family Hugging Face folder (config, safetensors, a word-level tokenizer
with a chat template), built in a test: a base model that is not the embedded SmolLM2, with
nothing downloaded. Imported as `tiny_llama` (pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path

import torch

CHAT_TEMPLATE = (
    "{% for m in messages %}{{ m['role'] }} : {{ m['content'] }} </s> {% endfor %}"
    "{% if add_generation_prompt %}assistant : {% endif %}"
)
WORDS = 509  # plus <unk>, <s>, </s>: a vocabulary of 512


def make_tiny_llama(folder: Path, seed: int = 0, repo: str | None = None) -> Path:
    """Write the model into `folder` and return it. `repo`: the name config.json records as
    `_name_or_path`, as a model downloaded from the Hub has."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    cfg = LlamaConfig(
        vocab_size=WORDS + 3,
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        initializer_range=0.2,
        tie_word_embeddings=True,
        bos_token_id=1,
        eos_token_id=2,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(cfg)
    if repo:
        model.config._name_or_path = repo
    model.save_pretrained(folder, safe_serialization=True)
    words = {"<unk>": 0, "<s>": 1, "</s>": 2} | {f"w{i}": i + 3 for i in range(WORDS)}
    core = Tokenizer(WordLevel(words, unk_token="<unk>"))
    core.pre_tokenizer = Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="<unk>", bos_token="<s>", eos_token="</s>"
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(folder)
    return folder


def make_lora(folder: Path, base: Path, seed: int = 1, base_name: str | None = None) -> Path:
    """A random PEFT LoRA for the tiny model in `base`, written by PEFT into `folder`, recording
    `base_name` (default: the base's path) as the model it was trained for."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(str(base), dtype=torch.float32)
    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    peft = get_peft_model(model, LoraConfig(r=4, target_modules=targets, init_lora_weights=False))
    peft.peft_config["default"].base_model_name_or_path = base_name or str(base)
    peft.save_pretrained(folder)
    return folder
