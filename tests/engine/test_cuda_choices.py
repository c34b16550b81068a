"""The CUDA-path choices as pure functions, checked on CPU: int4 packing shapes, the
compute-capability gate, dtypes, generators and KV cache sizes."""

import pytest
import torch

from storyapp.engine.kv_cache import kv_cache_bytes, kv_cache_shape
from storyapp.engine.layers.quant import (
    DequantizedWeight,
    Int4Weight,
    cuda_dtype,
    dequantize,
    inner_k_tiles,
    int4_gate,
    int4_supported,
    padded_rows,
    quantize_affine,
)
from storyapp.engine.loader.random_model import SHAPES
from storyapp.engine.models.config import ModelConfig
from storyapp.engine.sequence import generator_for
from storyapp.engine.utils import cache_size, kv_cache_dtype

LLAMA_KS = [576, 1536, 2048, 3072, 4096, 5632, 8192, 11008, 14336, 960, 2560, 6912, 8960]


@pytest.mark.parametrize("k", LLAMA_KS)
def test_inner_k_tiles_packs_every_llama_shape(k):
    tiles = inner_k_tiles(k)
    assert tiles in (2, 4, 8)
    assert k % (tiles * 16) == 0
    assert all(k % (t * 16) for t in (8, 4, 2) if t > tiles)  # the widest that fits


def test_inner_k_tiles_of_smollm2_hidden_is_4():
    assert inner_k_tiles(576) == 4
    assert inner_k_tiles(4096) == 8


def test_inner_k_tiles_rejects_a_k_no_group_fits():
    with pytest.raises(ValueError, match="multiple of 32"):
        inner_k_tiles(48)


def test_rows_padded_to_the_n_tile():
    assert [padded_rows(n) for n in (8, 9, 49152, 128256, 1)] == [8, 16, 49152, 128256, 8]


@pytest.mark.parametrize(
    ("cap", "ok"),
    [((7, 5), False), ((7, 0), False), ((8, 0), True), ((8, 9), True), ((9, 0), True)],
)
def test_int4_needs_sm80(cap, ok):
    assert int4_supported(cap) is ok
    assert int4_gate(cap, torch.bfloat16)[0] is ok


def test_int4_gate_reasons():
    assert int4_gate(None, torch.bfloat16) == (True, "cpu")
    keep, why = int4_gate((7, 5), torch.float16)
    assert not keep and "sm75" in why and "float16" in why
    keep, why = int4_gate((8, 9), torch.float32)
    assert not keep and "exact" in why
    keep, why = int4_gate((8, 6), torch.float16)
    assert keep and "bfloat16 scales" in why


def test_cuda_dtype():
    assert cuda_dtype((8, 6), None) == torch.bfloat16
    assert cuda_dtype((7, 5), None) == torch.float16
    assert cuda_dtype((7, 5), torch.float32) == torch.float32


def test_dequantized_weight_equals_the_int4_kernel_on_cpu():
    torch.manual_seed(0)
    w = torch.randn(32, 576)
    q, scale, zero = quantize_affine(w)
    x = torch.randn(3, 576)
    packed = Int4Weight(q, scale, zero, "cpu", torch.float32)
    dense = DequantizedWeight(q, scale, zero, "cpu", torch.float32)
    assert dense.weight.shape == (32, 576)
    torch.testing.assert_close(dense(x), packed(x), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(dequantize(q, scale, zero), w, atol=float(scale.max()), rtol=0)


def test_kv_cache_dtype_follows_the_model_on_cuda_only():
    assert kv_cache_dtype(torch.device("cpu"), torch.bfloat16) == torch.float32
    assert kv_cache_dtype(torch.device("cuda"), torch.bfloat16) == torch.bfloat16
    assert kv_cache_dtype(torch.device("cuda"), torch.float16) == torch.float16


def test_cache_size_from_what_was_asked():
    assert cache_size("cuda", 2, 1024) == (2, 1024)
    assert cache_size("cpu", None, None) == (8, 4096)
    rows, context = cache_size("cuda", None, None)
    assert rows * context < 8 * 4096


def test_kv_cache_shape_and_bytes_for_llama3_8b():
    cfg: ModelConfig = SHAPES["llama3-8b-random"]
    assert kv_cache_shape(cfg, 2, 2048) == (32, 2, 2048, 16, 128)
    # bfloat16, 2 rows x 2048: 512 MiB (float32 8 x 4096 would be 8 GiB)
    assert kv_cache_bytes(cfg, 2, 2048, 2) == 512 * 2**20
    assert kv_cache_bytes(cfg, 8, 4096, 4) == 8 * 2**30


def test_generator_on_cpu_repeats_a_seed():
    a = torch.rand(4, generator=generator_for("cpu", 7))
    b = torch.rand(4, generator=generator_for("cpu", 7))
    assert torch.equal(a, b)
    assert generator_for(torch.device("cpu"), None).device.type == "cpu"
