"""A model folder whose config.json has a field of the wrong type or range: one line naming the
file, the field and what was expected, never a Python error from arithmetic on it."""

import json
from pathlib import Path

import pytest

GOOD = {
    "architectures": ["LlamaForCausalLM"],
    "vocab_size": 100,
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 8,
}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("num_attention_heads", "8", "a positive integer"),
        ("num_attention_heads", 0, "a positive integer"),
        ("num_attention_heads", 7, "a divisor of hidden_size (64)"),
        ("hidden_size", 64.0, "a positive integer"),
        ("num_key_value_heads", 3, "a divisor of num_attention_heads (8)"),
        ("rms_norm_eps", "1e-5", "a positive number"),
        ("eos_token_id", [2, "3"], "a token id or a list of token ids"),
    ],
)
@pytest.mark.slow
def test_a_mistyped_field_is_named(run_cli, tmp_path: Path, field, value, expected) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({**GOOD, field: value}))
    cli = run_cli("complete", "hi", "--model", model, env={"STORYAPP_HOME": str(tmp_path / "h")})
    assert cli.returncode == 1
    assert cli.stderr == (
        f"storyapp: error: {model / 'config.json'}: field '{field}' must be {expected}, "
        f"got {value!r}\n"
    )
