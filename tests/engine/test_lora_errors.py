"""Adapters we cannot run are refused with the field, module or shapes at fault; serving goes on."""

import json

import pytest
import torch
from safetensors.torch import load_file, save_file

from storyapp.engine import AdapterError, SamplingParams

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow


def edit_config(folder, **fields):
    path = folder / "adapter_config.json"
    cfg = json.loads(path.read_text())
    cfg.update(fields)
    path.write_text(json.dumps(cfg))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"use_dora": True}, "field 'use_dora'"),
        ({"modules_to_save": ["lm_head"]}, "field 'modules_to_save'"),
        (
            {"target_modules": ["q_proj", "embed_tokens"]},
            "field 'target_modules' includes 'embed_tokens'",
        ),
        ({"bias": "all"}, "field 'bias'"),
        ({"peft_type": "IA3"}, "peft_type"),
    ],
)
def test_unsupported_fields_are_named(llm, copy_of, fields, message):
    folder = copy_of("qkvo8")
    edit_config(folder, **fields)
    with pytest.raises(AdapterError, match=message):
        llm.add_adapter("bad", folder)


def test_pickled_adapter_is_refused(llm, copy_of):
    folder = copy_of("qkvo8")
    (folder / "adapter_model.safetensors").rename(folder / "adapter_model.bin")
    with pytest.raises(AdapterError, match="pickled adapters are refused"):
        llm.add_adapter("bad", folder)


def test_shape_mismatch_names_module_and_both_shapes(llm, copy_of):
    folder = copy_of("qkvo8")
    weights = load_file(folder / "adapter_model.safetensors")
    key = next(k for k in weights if "layers.3.self_attn.v_proj.lora_B" in k)
    weights[key] = torch.zeros(100, weights[key].shape[1])
    save_file(weights, folder / "adapter_model.safetensors")
    with pytest.raises(
        AdapterError, match=r"layers\.3\.v_proj: lora_A \(8, 576\) and lora_B \(100, 8\)"
    ):
        llm.add_adapter("bad", folder)


def test_rank_above_the_limit(llm_fp32, adapters):
    from storyapp.engine.lora import AdapterRegistry

    cfg = llm_fp32.engine.model.config
    registry = AdapterRegistry(cfg, "cpu", max_lora_rank=4)
    with pytest.raises(AdapterError, match="rank 8 is above max_lora_rank 4"):
        registry.add("big", adapters["qkvo8"])


def test_embedding_lora_weights_are_refused(llm, copy_of):
    folder = copy_of("qkvo8")
    weights = load_file(folder / "adapter_model.safetensors")
    weights["base_model.model.model.embed_tokens.lora_embedding_A"] = torch.zeros(8, 49152)
    save_file(weights, folder / "adapter_model.safetensors")
    with pytest.raises(
        AdapterError, match="embed_tokens.lora_embedding_A' is not LoRA on a supported"
    ):
        llm.add_adapter("bad", folder)


def test_serving_goes_on_after_a_refusal(llm, adapters, copy_of):
    folder = copy_of("qkvo8")
    edit_config(folder, use_dora=True)
    with pytest.raises(AdapterError):
        llm.add_adapter("bad", folder)
    assert "bad" not in llm.adapters
    out = llm.generate("Hello", SamplingParams(max_tokens=4, ignore_eos=True))
    assert len(out[0].token_ids) == 4


def test_unknown_adapter_name(llm):
    with pytest.raises(KeyError, match="unknown adapter 'nope'"):
        llm.generate("Hello", SamplingParams(max_tokens=2), "nope")
