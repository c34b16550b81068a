"""The native decode-step attention: each row attends to exactly its own cache positions, equal to
torch's SDPA on that row alone, for grouped-query shapes of Llama 3 and SmolLM2."""

import pytest
import torch
import torch.nn.functional as F

from storyapp.engine.native import DecodeAttention, decode_attention
from storyapp.engine.native.library import runnable_variants

KERNEL = decode_attention()
pytestmark = pytest.mark.skipif(KERNEL is None, reason="the native kernels cannot run here")


def sdpa_one_row(qkv_row, cache, slot: int, length: int, kv_heads: int) -> torch.Tensor:
    heads = qkv_row.shape[1] - 2 * kv_heads
    past = cache[slot, :length]
    keys = past[:, :kv_heads].transpose(0, 1)[None]
    values = past[:, kv_heads:].transpose(0, 1)[None]
    q = qkv_row[None, :, :heads].transpose(1, 2)
    return F.scaled_dot_product_attention(q, keys, values, enable_gqa=True).transpose(1, 2)[0]


@pytest.mark.parametrize(
    "heads,kv_heads,dim", [(9, 3, 64), (32, 8, 128), (4, 4, 64), (8, 1, 32), (16, 1, 256)]
)
def test_rows_of_different_lengths_equal_sdpa_row_by_row(heads, kv_heads, dim):
    gen = torch.Generator().manual_seed(heads * dim)
    cache = torch.randn(5, 300, 2 * kv_heads, dim, generator=gen)
    slots, lengths = torch.tensor([3, 0, 4]), torch.tensor([1, 17, 300])
    qkv = torch.randn(3, 1, heads + 2 * kv_heads, dim, generator=gen)
    out = KERNEL(qkv, cache, slots, lengths)
    assert out.shape == (3, 1, heads, dim)
    for r in range(3):
        expected = sdpa_one_row(qkv[r], cache, int(slots[r]), int(lengths[r]), kv_heads)
        assert torch.allclose(out[r], expected, atol=2e-6, rtol=1e-5), r


def test_a_row_gives_the_same_bits_alone_and_in_a_batch():
    cache = torch.randn(4, 64, 6, 64)
    qkv = torch.randn(3, 1, 15, 64)
    slots, lengths = torch.tensor([1, 2, 3]), torch.tensor([5, 64, 30])
    batched = KERNEL(qkv, cache, slots, lengths)
    for r in range(3):
        alone = KERNEL(qkv[r : r + 1].contiguous(), cache, slots[r : r + 1], lengths[r : r + 1])
        assert torch.equal(alone, batched[r : r + 1])


def test_large_scores_do_not_overflow():
    cache = torch.randn(1, 40, 2, 64) * 30
    qkv = torch.randn(1, 1, 3, 64) * 30
    out = KERNEL(qkv, cache, torch.tensor([0]), torch.tensor([40]))
    assert torch.isfinite(out).all()
    expected = sdpa_one_row(qkv[0], cache, 0, 40, 1)
    assert torch.allclose(out[0], expected, atol=1e-4, rtol=1e-4)


def test_shapes_it_does_not_handle_are_refused():
    with pytest.raises(ValueError, match="does not handle"):
        KERNEL(
            torch.randn(1, 1, 7, 24), torch.randn(1, 8, 2, 24), torch.tensor([0]), torch.tensor([4])
        )


@pytest.mark.skipif(
    len(runnable_variants("decode_attention")) < 2, reason="this CPU runs one variant"
)
def test_every_variant_gives_the_same_bits():
    """AVX2 sums the two halves of a 16-lane vector in the order AVX-512 does."""
    gen = torch.Generator().manual_seed(7)
    cache = torch.randn(3, 100, 4, 128, generator=gen)
    qkv = torch.randn(2, 1, 12, 128, generator=gen)
    slots, lengths = torch.tensor([2, 0]), torch.tensor([37, 100])
    first, *others = [
        DecodeAttention(v.lib)(qkv, cache, slots, lengths)
        for v in runnable_variants("decode_attention")
    ]
    for other in others:
        assert torch.equal(other, first)
