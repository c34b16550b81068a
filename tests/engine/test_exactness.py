"""With float32 activations the engine's greedy tokens are transformers' own, token for token."""

import pytest

from storyapp.engine import SamplingParams

from .peft_adapters import greedy

PROMPTS = [
    "Write a short story about a lighthouse keeper.",
    "Describe a busy market in a desert city.",
]


@pytest.mark.slow
@pytest.mark.parametrize("question", PROMPTS)
def test_greedy_tokens_equal_transformers(llm_fp32, hf_model, question):
    ids = llm_fp32.chat_prompts([{"role": "user", "content": question}])[0]
    ours = llm_fp32.generate(ids, SamplingParams(max_tokens=48))[0]
    assert len(ours.token_ids) == 48, "the prompt should give a long answer"
    assert ours.token_ids == greedy(hf_model, ids, 48)


@pytest.mark.slow
def test_cli_complete_prints_the_same_text(gguf_path, hf_model, llm_fp32, run_cli):
    question = "Explain how rainbows form, in detail."
    out = run_cli(
        "complete",
        question,
        "--chat",
        "--dtype",
        "float32",
        "--temperature",
        "0",
        "--max-tokens",
        "48",
    )
    assert out.returncode == 0, out.stderr
    ids = llm_fp32.chat_prompts([{"role": "user", "content": question}])[0]
    expected = llm_fp32.tokenizer.decode(greedy(hf_model, ids, 48))
    assert out.stdout.rstrip("\n") == expected
