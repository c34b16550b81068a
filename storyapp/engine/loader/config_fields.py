"""The fields of a model's config.json checked for type and range before any arithmetic on them:
a bad one is named with what was expected, never a Python error such as a division by zero."""

import math
from pathlib import Path

from ..errors import ModelLoadError

COUNTS = (
    "vocab_size",
    "hidden_size",
    "intermediate_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "head_dim",
    "max_position_embeddings",
)
POSITIVE = ("rms_norm_eps", "rope_theta")


def check_fields(path: Path, c: dict) -> None:
    """Raises ModelLoadError naming `path` and the first field of the wrong type or range."""

    def bad(key: str, want: str) -> ModelLoadError:
        return ModelLoadError(f"{path}: field '{key}' must be {want}, got {c[key]!r:.80}")

    for key in COUNTS:
        v = c.get(key)
        if v is not None and (type(v) is not int or v < 1):
            raise bad(key, "a positive integer")
    for key in POSITIVE:
        v = c.get(key)
        if v is not None and not (type(v) in (int, float) and math.isfinite(v) and v > 0):
            raise bad(key, "a positive number")
    if not isinstance(c.get("tie_word_embeddings", False), bool):
        raise bad("tie_word_embeddings", "true or false")
    eos = c.get("eos_token_id")
    ids = eos if isinstance(eos, list) else [eos] if eos is not None else []
    if any(type(i) is not int or i < 0 for i in ids):
        raise bad("eos_token_id", "a token id or a list of token ids")
    heads, hidden = c.get("num_attention_heads"), c.get("hidden_size")
    if heads and hidden and not c.get("head_dim") and hidden % heads:
        raise bad("num_attention_heads", f"a divisor of hidden_size ({hidden})")
    kv = c.get("num_key_value_heads")
    if heads and kv and heads % kv:
        raise bad("num_key_value_heads", f"a divisor of num_attention_heads ({heads})")
