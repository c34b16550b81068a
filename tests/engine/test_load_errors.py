"""Bad model files give one line naming the file and the problem, a non-zero exit, no traceback."""

import pytest
from gguf import GGMLQuantizationType

from storyapp.engine import LLM, ModelLoadError

from .gguf_files import write_gguf


def assert_one_line_error(result, *needles):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("storyapp: error:"), result.stderr
    for needle in needles:
        assert needle in lines[-1], lines[-1]


def test_missing_file(run_cli, tmp_path):
    missing = tmp_path / "nope.gguf"
    assert_one_line_error(run_cli("complete", "hi", "--model", missing), str(missing))


@pytest.mark.slow
def test_truncated_gguf(run_cli, tmp_path, gguf_path):
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(gguf_path.read_bytes()[:5_000_000])
    assert_one_line_error(run_cli("complete", "hi", "--model", cut), str(cut))


@pytest.mark.slow
def test_garbage_file(run_cli, tmp_path):
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model at all" * 100)
    assert_one_line_error(run_cli("complete", "hi", "--model", junk), str(junk), "GGUF")


def test_non_llama_architecture(tmp_path):
    path = write_gguf(tmp_path / "gpt2.gguf", arch="gpt2")
    with pytest.raises(ModelLoadError, match=r"gpt2\.gguf: architecture 'gpt2' is not supported"):
        LLM.load(path)


def test_unsupported_tensor_type(tmp_path):
    path = write_gguf(tmp_path / "iq.gguf", tensor_type=GGMLQuantizationType.IQ2_XXS)
    with pytest.raises(
        ModelLoadError, match=r"iq\.gguf: tensor 'blk\.0\.attn_q\.weight' has type IQ2_XXS"
    ):
        LLM.load(path)


def test_not_a_model_folder(tmp_path):
    with pytest.raises(ModelLoadError, match="config.json missing"):
        LLM.load(tmp_path)


@pytest.mark.slow
def test_prompt_longer_than_context(run_cli):
    result = run_cli("complete", "word " * 5000, "--max-tokens", "4")
    assert_one_line_error(result, "does not fit the context of 4096 tokens")
