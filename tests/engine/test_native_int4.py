"""The native kernels (4-bit matmul here, LoRA in test_native_lora.py). The 4-bit one: exactly W times the int8-quantized activations, for every batch shape,
the same row alone or in a batch, and a clear fallback to torch's kernel where it cannot run."""

import pytest
import torch

from storyapp.engine import LLM, SamplingParams
from storyapp.engine.layers.quant import Int4Weight, int4_weight, quantize_affine
from storyapp.engine.native import NativeInt4Weight, int4_kernel, lora_kernel
from storyapp.engine.native.int4_kernel import Int4Kernel
from storyapp.engine.native.library import load, runnable_variants

KERNEL = int4_kernel()
needs_kernel = pytest.mark.skipif(KERNEL.kernel is None, reason=KERNEL.reason)


def random_weight(n: int, k: int, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    return quantize_affine(torch.randn(n, k, generator=gen))


def reference(x: torch.Tensor, q, scale, zero) -> torch.Tensor:
    """What the kernel computes, in float64: x rounded to int8 per group of 32 (as the kernel
    does, in float32), times w = d * q + m with d and m in fp16."""
    m_rows, k = x.shape
    xg = x.float().view(m_rows, k // 32, 32)
    amax = xg.abs().amax(-1, keepdim=True)
    # tensor / tensor: a Python number over a tensor is computed as a reciprocal times it
    inv = torch.where(amax > 0, torch.full_like(amax, 127.0) / amax, torch.zeros_like(amax))
    xq = torch.round(xg * inv).double()
    dx = (amax / 127.0).double()
    d = scale.half().double()
    m = (zero - 8 * scale).half().double()
    qg = q.double().view(q.shape[0], k // 32, 32)
    dots = torch.einsum("mgk,ngk->mng", xq, qg)  # [M, N, G]
    sums = xq.sum(-1)  # [M, G]
    dxg = dx.squeeze(-1)
    return (dots * d * dxg[:, None] + m * (dxg * sums)[:, None]).sum(-1)


@needs_kernel
@pytest.mark.parametrize("n,k", [(16, 32), (48, 576), (96, 1536)])
@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5, 9])
def test_equals_weight_times_quantized_activations(n, k, rows):
    q, scale, zero = random_weight(n, k)
    w = NativeInt4Weight(KERNEL.kernel, q, scale, zero)
    x = torch.randn(rows, k, generator=torch.Generator().manual_seed(rows)).bfloat16()
    expected = reference(x, q, scale, zero)
    got = w(x).double()
    # the only rounding left is float32 accumulation
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-5 * expected.abs().max().item())


@needs_kernel
def test_close_to_the_float_weight():
    q, scale, zero = random_weight(576, 1536)
    dense = ((q.float().view(576, 48, 32) - 8) * scale[..., None] + zero[..., None]).view(576, 1536)
    x = torch.randn(8, 1536, generator=torch.Generator().manual_seed(1)).bfloat16()
    got = NativeInt4Weight(KERNEL.kernel, q, scale, zero)(x).float()
    expected = x.float() @ dense.T
    assert ((got - expected).norm() / expected.norm()).item() < 1e-2


@needs_kernel
def test_a_row_gives_the_same_bits_alone_and_in_any_batch():
    q, scale, zero = random_weight(96, 576)
    w = NativeInt4Weight(KERNEL.kernel, q, scale, zero)
    # 11 rows: a batch of 8 or more has its blocks handed out as threads ask, a row alone not
    x = torch.randn(11, 576, generator=torch.Generator().manual_seed(2)).bfloat16()
    batched = w(x)
    for i in range(11):
        assert torch.equal(w(x[i : i + 1]), batched[i : i + 1])


@needs_kernel
def test_the_fastest_variant_this_cpu_runs_is_chosen_and_named():
    """AVX-512 VNNI where the CPU has it, else AVX2."""
    fastest = runnable_variants("int4_mm")[0].instructions
    assert load("int4_mm").instructions == fastest
    assert KERNEL.name == f"{fastest} (int8 activations)"


@pytest.mark.skipif(len(runnable_variants("int4_mm")) < 2, reason="this CPU runs one variant")
def test_every_variant_gives_the_same_bits():
    """The AVX2 build emulates vpdpbusd with exact integer sums, lane for lane."""
    q, scale, zero = random_weight(96, 1536)
    x = torch.randn(5, 1536, generator=torch.Generator().manual_seed(3)).bfloat16()
    first, *others = [
        NativeInt4Weight(Int4Kernel(v.lib), q, scale, zero)(x) for v in runnable_variants("int4_mm")
    ]
    for other in others:
        assert torch.equal(other, first)


@needs_kernel
def test_zero_activations_give_zero():
    w = NativeInt4Weight(KERNEL.kernel, *random_weight(32, 64))
    assert torch.equal(w(torch.zeros(2, 64, dtype=torch.bfloat16)), torch.zeros(2, 32))


@needs_kernel
def test_bfloat16_uses_it_and_float32_stays_on_the_exact_kernel():
    q, scale, zero = random_weight(48, 64)
    assert isinstance(int4_weight(q, scale, zero, "cpu", torch.bfloat16), NativeInt4Weight)
    assert isinstance(int4_weight(q, scale, zero, "cpu", torch.float32), Int4Weight)


@needs_kernel
@pytest.mark.slow
def test_default_model_greedy_starts_as_the_exact_float32_engine(llm_fp32):
    """A kernel that were wrong would derail from the first token; int8 activations keep the
    answer (rounding can make two runs part later, as bfloat16 does)."""
    llm = LLM.load("default")
    assert llm.engine.model.w.layers[0].qkv.weight.__class__ is NativeInt4Weight
    for question in ["Write a short story about a lighthouse keeper.", "Tell me about a dragon."]:
        ids = llm.chat_prompts([{"role": "user", "content": question}])[0]
        ours = llm.generate(ids, SamplingParams(max_tokens=6))[0].token_ids
        assert ours == llm_fp32.generate(ids, SamplingParams(max_tokens=6))[0].token_ids


@pytest.fixture
def fresh_choice(monkeypatch, tmp_path):
    """int4_kernel() decided anew, with an empty kernel cache; the real decision is restored."""
    monkeypatch.setenv("STORYAPP_CACHE", str(tmp_path))
    forget_choices()
    yield monkeypatch
    forget_choices()


def forget_choices():
    for cached in (load, int4_kernel, lora_kernel):
        cached.cache_clear()


def test_env_switch_selects_torch(fresh_choice):
    fresh_choice.setenv("STORYAPP_KERNELS", "torch")
    choice = int4_kernel()
    assert choice.kernel is None and choice.name == "torch (STORYAPP_KERNELS=torch)"
    assert lora_kernel() is None


def test_no_compiler_falls_back_with_the_reason(fresh_choice, tmp_path):
    """Both kernels fall back: 4-bit weights to torch's packing, LoRA to torch matmuls."""
    fresh_choice.setenv("CC", str(tmp_path / "no-such-cc"))
    choice = int4_kernel()
    assert choice.kernel is None
    assert choice.reason == "no C compiler found (install gcc, or set CC)"
    q, scale, zero = random_weight(32, 64)
    assert isinstance(int4_weight(q, scale, zero, "cpu", torch.bfloat16), Int4Weight)
    assert lora_kernel() is None


def test_a_failing_compiler_falls_back_and_leaves_no_library(fresh_choice, tmp_path):
    cc = tmp_path / "broken-cc"
    cc.write_text("#!/bin/sh\necho 'int4_mm.c:1: error: broken on purpose' >&2\nexit 1\n")
    cc.chmod(0o755)
    fresh_choice.setenv("CC", str(cc))
    choice = int4_kernel()
    assert choice.kernel is None
    assert (
        choice.reason
        == "broken-cc could not build int4_mm.c: int4_mm.c:1: error: broken on purpose"
    )
    assert not list((tmp_path / "kernels").glob("*.so"))
