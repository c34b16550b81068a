"""The training base built from the engine's GGUF reader is transformers' own GGUF model: the
same weights, bit for bit, and the same logits."""

import pytest
import torch
from random_peft import base_model

from storyapp.engine.loader.resolve import default_model_path
from storyapp.training.gguf_base import llama_from_gguf

pytestmark = pytest.mark.slow
# where the file came from and how it was read, not what the model computes
PROVENANCE = {"_model_name_or_path", "_name_or_path", "dtype", "quantization_config"}


def shape(config) -> dict:
    """The config's fields that the model's computation reads (the unknown-token id is the
    tokenizer's)."""
    return {k: v for k, v in config.to_dict().items() if k not in PROVENANCE | {"unk_token_id"}}


def test_the_default_model_is_what_transformers_builds():
    path = default_model_path()
    ours, theirs = llama_from_gguf(path), base_model(path)
    assert ours is not None
    mine, reference = ours.state_dict(), theirs.state_dict()
    assert mine.keys() == reference.keys()
    for name, tensor in reference.items():
        assert mine[name].dtype == tensor.dtype and torch.equal(mine[name], tensor), name
    assert shape(ours.config) == shape(theirs.config)
    ids = torch.tensor([[1, 504, 3458, 282, 253, 1115, 30, 9856, 7389, 2]])
    with torch.no_grad():
        assert torch.equal(ours(ids).logits, theirs(ids).logits)
    assert ours.lm_head.weight.data_ptr() == ours.model.embed_tokens.weight.data_ptr()


def test_a_file_it_does_not_cover_is_left_to_transformers(tmp_path):
    from gguf import GGUFWriter

    w = GGUFWriter(str(tmp_path / "gpt2.gguf"), "gpt2")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.close()
    assert llama_from_gguf(tmp_path / "gpt2.gguf") is None
