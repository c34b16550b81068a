"""The CUDA path, on a GPU: the engine against the CPU engine, seeded sampling, mixed-adapter
batches, the tiny SDXL pipeline in float16, and every memory plan of the target cards held
under an emulated card size. Skipped without CUDA (conftest.py); run by scripts/gpu_check.sh,
which collects the peaks written to $GPU_CHECK_OUT/plans.jsonl."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

import pytest
import torch

from storyapp.engine import LLM, SamplingParams

pytestmark = pytest.mark.cuda

PROMPT = [1, 504, 3157, 314, 253, 1345, 28, 2364, 1119, 30]


@pytest.fixture(scope="module")
def llama_folder(tmp_path_factory) -> Path:
    """A small random Llama-family HF folder (hidden 576, SmolLM2's: innerKTiles 4) with a tiny
    word-level tokenizer; nothing downloaded, nothing large carried."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("random-llama")
    cfg = LlamaConfig(
        vocab_size=49152,
        hidden_size=576,
        intermediate_size=1536,
        num_hidden_layers=3,
        num_attention_heads=9,
        num_key_value_heads=3,
        max_position_embeddings=2048,
        initializer_range=0.08,
        tie_word_embeddings=True,
        eos_token_id=2,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(cfg).save_pretrained(folder, safe_serialization=True)
    words = {"<unk>": 0, "<s>": 1, "</s>": 2} | {f"w{i}": i + 3 for i in range(997)}
    core = Tokenizer(WordLevel(words, unk_token="<unk>"))
    core.pre_tokenizer = Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="<unk>", bos_token="<s>", eos_token="</s>"
    )
    fast.save_pretrained(folder)
    return folder


def greedy_tokens(llm: LLM, prompt: list[int], n: int) -> list[int]:
    return llm.generate(prompt, SamplingParams(max_tokens=n, temperature=0, ignore_eos=True))[
        0
    ].token_ids


def test_greedy_float32_on_cuda_equals_the_cpu_engine(llama_folder):
    cpu = LLM.load(llama_folder, device="cpu", dtype="float32", max_num_seqs=2, max_model_len=256)
    gpu = LLM.load(llama_folder, device="cuda", dtype="float32", max_num_seqs=2, max_model_len=256)
    assert greedy_tokens(gpu, PROMPT, 32) == greedy_tokens(cpu, PROMPT, 32)


def test_int4_bfloat16_on_cuda_agrees_with_cpu_int4_at_top1(llama_folder):
    cpu = LLM.load(llama_folder, device="cpu", dtype="bfloat16", max_num_seqs=1, max_model_len=256)
    gpu = LLM.load(llama_folder, device="cuda", dtype="bfloat16", max_num_seqs=1, max_model_len=256)
    reference = greedy_tokens(cpu, PROMPT, 64)
    # teacher forcing: each position from the CPU's prefix, so one early miss does not cascade
    agree = sum(greedy_tokens(gpu, PROMPT + reference[:i], 1)[0] == reference[i] for i in range(64))
    report({"check": "int4 bf16 top-1 agreement", "agree": agree, "of": 64})
    assert agree >= 0.95 * 64


def test_seeded_sampling_repeats_on_cuda(llama_folder):
    llm = LLM.load(llama_folder, device="cuda", max_num_seqs=2, max_model_len=256)
    params = SamplingParams(max_tokens=24, temperature=0.9, top_p=0.95, seed=1234, ignore_eos=True)
    first = llm.generate(PROMPT, params)[0].token_ids
    assert llm.generate(PROMPT, params)[0].token_ids == first
    other = SamplingParams(max_tokens=24, temperature=0.9, top_p=0.95, seed=99, ignore_eos=True)
    assert llm.generate(PROMPT, other)[0].token_ids != first


def make_adapters(base: Path, folder: Path, specs: dict[str, dict]) -> dict[str, Path]:
    """Random PEFT adapters for the model in `base`, saved by PEFT itself."""
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaForCausalLM

    model: Any = LlamaForCausalLM.from_pretrained(base, dtype=torch.float32)
    out = {}
    for i, (name, spec) in enumerate(specs.items()):
        torch.manual_seed(i)
        peft = get_peft_model(model, LoraConfig(init_lora_weights=False, **spec))
        for pname, p in peft.named_parameters():
            if "lora_B" in pname:
                p.data *= 3
        peft.save_pretrained(str(folder / name))
        model = peft.unload()
        out[name] = folder / name
    return out


def test_mixed_adapter_batch_equals_its_rows_alone_on_cuda(llama_folder, tmp_path):
    specs = {
        "a": {"r": 8, "lora_alpha": 16, "target_modules": ["q_proj", "v_proj"]},
        "b": {"r": 16, "lora_alpha": 16, "target_modules": ["o_proj", "down_proj"]},
    }
    paths = make_adapters(llama_folder, tmp_path, specs)
    llm = LLM.load(llama_folder, device="cuda", dtype="float32", max_num_seqs=4, max_model_len=512)
    for name, path in paths.items():
        llm.add_adapter(name, path)
    params = SamplingParams(max_tokens=16, temperature=0, ignore_eos=True)
    rows = ["a", None, "b"]
    together = llm.generate([PROMPT] * 3, params, adapters=rows)
    alone = [llm.generate(PROMPT, params, adapters=a)[0] for a in rows]
    assert [c.token_ids for c in together] == [c.token_ids for c in alone]
    assert together[0].token_ids != together[1].token_ids  # the adapter changed something


def test_tiny_sdxl_renders_in_float16_on_cuda():
    from storyapp.illustrate import Illustrator, ImageRequest

    ill = Illustrator.load("tiny", device="cuda")
    assert ill.pipe.unet.dtype == torch.float16
    out = ill.render(ImageRequest("a lighthouse", width=64, height=64, steps=3, seed=1))
    assert out.image.size == (64, 64)
    assert ill.pipe.vae.dtype == torch.float16


def report(row: dict) -> None:
    out = os.environ.get("GPU_CHECK_OUT")
    if out:
        with open(Path(out) / "checks.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")


def move_llm(llm: LLM, device: str) -> None:
    """The LLM's packed weights off the card and back: what LLM_OFF means while painting."""
    w = llm.engine.model.w
    for proj in [w.lm_head] + [
        getattr(layer, n) for layer in w.layers for n in ("qkv", "o", "gate_up", "down")
    ]:
        weight = proj.weight
        for attr in ("packed", "scales_zeros", "weight"):
            t = getattr(weight, attr, None)
            if isinstance(t, torch.Tensor):
                setattr(weight, attr, t.to(device))


@pytest.mark.parametrize("gb", [24, 16, 12, 8])
def test_each_card_plan_runs_8b_int4_and_sdxl_at_1024_without_oom(gb):
    from storyapp.story.memory_plan import (
        KV_RELEASED,
        LLAMA3_8B_INT4,
        LLM_OFF,
        SDXL_RESIDENT,
        SEQUENTIAL,
        plan,
    )

    from .sdxl_shaped import TEXT_ENCODERS_BYTES, build, unet_step, vae_decode

    total = torch.cuda.get_device_properties(0).total_memory
    if total < gb * 2**30:
        pytest.skip(f"this card has less than {gb} GB")
    gc.collect()
    torch.cuda.empty_cache()
    torch.cuda.set_per_process_memory_fraction(gb * 2**30 / total)
    torch.cuda.reset_peak_memory_stats()
    try:
        # what this emulated card would have free: its size less what the process holds now
        free = gb * 2**30 - torch.cuda.memory_reserved() - 512 * 2**20
        p = plan(f"{gb} GB card (emulated)", free, LLAMA3_8B_INT4, rows=2, context=2048)
        assert p.sdxl_mode != SEQUENTIAL  # none of these cards needs it for the 8B
        llm = LLM.load("llama3-8b-random", device="cuda", max_num_seqs=2, max_model_len=2048)
        llm.generate([PROMPT, PROMPT], SamplingParams(max_tokens=8, ignore_eos=True))
        text_peak = torch.cuda.max_memory_allocated()
        if p.llm_while_painting in (KV_RELEASED, LLM_OFF):
            llm.release_cache()
        if p.llm_while_painting == LLM_OFF:
            move_llm(llm, "cpu")
        gc.collect()
        torch.cuda.empty_cache()
        resident = p.sdxl_mode == SDXL_RESIDENT
        encoders = torch.empty(
            TEXT_ENCODERS_BYTES if resident else 0, dtype=torch.uint8, device="cuda"
        )
        unet = build("unet")
        unet_step(unet)
        vae = build("vae")
        if p.vae_tiling:
            vae.enable_tiling()
        if not resident:  # model offload: the UNet leaves before the VAE decodes
            unet.to("cpu")
            torch.cuda.empty_cache()
        vae_decode(vae)
        peak = torch.cuda.max_memory_allocated()
        report(
            {
                "check": "plan",
                "card_gb": gb,
                "plan": p.describe(),
                "predicted_peak_gb": round(p.peak / 1e9, 2),
                "measured_peak_gb": round(peak / 1e9, 2),
                "text_peak_gb": round(text_peak / 1e9, 2),
            }
        )
        assert peak <= gb * 2**30
        del unet, vae, encoders, llm
    finally:
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.set_per_process_memory_fraction(1.0)
