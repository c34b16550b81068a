"""The native LoRA kernel: every token gets (x @ A) @ B of its own row's adapter, read in place
from the fp16 pieces, for mixed batches of different ranks and targets; a bfloat16 engine on it
gives every row of a mixed batch the first tokens the row gets alone."""

import pytest
import torch

from storyapp.engine import SamplingParams
from storyapp.engine.lora.device_form import device_form
from storyapp.engine.lora.loading import load_adapter
from storyapp.engine.native import LoraKernel, LoraPlan, lora_kernel
from storyapp.engine.native.library import runnable_variants

KERNEL = lora_kernel()
pytestmark = pytest.mark.skipif(KERNEL is None, reason="the native LoRA kernel cannot run here")


@pytest.fixture(scope="module")
def forms(llm, adapters) -> dict:
    """Each test adapter in the kernel's layout (fp16 pieces), on the default model."""
    cfg = llm.config
    return {
        name: device_form(load_adapter(name, path, cfg, 64), cfg, "cpu", LoraKernel.DTYPE)
        for name, path in adapters.items()
    }


def reference(x, entry) -> torch.Tensor:
    """(x @ A) @ B per piece, in float64, into a zero output as wide as the projection."""
    h = x.double() @ entry.a.double()
    y = torch.zeros(x.shape[0], entry.width, dtype=torch.float64)
    for p in entry.pieces:
        y[:, p.lo : p.hi] += h[:, p.col : p.col + p.rank] @ p.b.double()
    return y


@pytest.mark.parametrize("proj", ["qkv", "o", "gate_up", "down"])
@pytest.mark.parametrize("tokens_per_row", [1, 3])
def test_mixed_rows_each_get_their_own_adapter(forms, proj, tokens_per_row):
    layer = 3
    names = [None, "qkvo8", "mlp4rs", "pattern16", "qkvo8"]
    parts = [forms[n].get((layer, proj)) if n else None for n in names]
    if not any(parts):
        pytest.skip(f"no test adapter touches {proj}")
    entry = next(p for p in parts if p)
    k = entry.a.shape[0]
    gen = torch.Generator().manual_seed(tokens_per_row)
    x = torch.randn(len(names) * tokens_per_row, k, generator=gen)
    start = torch.randn(x.shape[0], entry.width, generator=gen)
    y = start.clone()
    KERNEL(LoraPlan(parts), x, y)
    for row, part in enumerate(parts):
        rows = slice(row * tokens_per_row, (row + 1) * tokens_per_row)
        expected = start[rows].double()
        if part is not None:
            expected = expected + reference(x[rows], part)
        assert torch.allclose(y[rows].double(), expected, rtol=1e-4, atol=1e-4), (row, names[row])


def test_one_adapter_for_all_rows_is_one_row_of_plan(forms):
    entry = forms["qkvo8"][(0, "qkv")]
    x = torch.randn(4, entry.a.shape[0])
    y = torch.zeros(4, entry.width)
    KERNEL(LoraPlan([entry]), x, y)
    assert torch.allclose(y.double(), reference(x, entry), rtol=1e-4, atol=1e-4)


def test_refuses_an_output_it_cannot_add_into(forms):
    entry = forms["qkvo8"][(0, "o")]
    y = torch.zeros(entry.width, 2).T  # not contiguous
    with pytest.raises(ValueError, match="contiguous float32"):
        KERNEL(LoraPlan([entry]), torch.randn(2, entry.a.shape[0]), y)


@pytest.mark.slow
def test_bfloat16_engine_rows_in_a_mixed_batch_start_as_rows_alone(llm, adapters):
    # the kind, not the object: an earlier test may have cleared lora_kernel's cache
    assert isinstance(llm.engine.adapters.kernel, LoraKernel), "the bfloat16 engine should use it"
    for name in ("qkvo8", "mlp4rs", "pattern16"):
        if name not in llm.adapters:
            llm.add_adapter(name, adapters[name])
    prompts = [llm.encode(p) for p in ["The autumn leaves", "The moon is", "Some fruits are"]]
    rows = [
        (prompts[0], "qkvo8"),
        (prompts[1], None),
        (prompts[2], "mlp4rs"),
        (prompts[0], "pattern16"),
    ]
    params = SamplingParams(max_tokens=6)
    mixed = llm.generate([p for p, _ in rows], params, [a for _, a in rows])
    # the kernels are batch-invariant, but attention over a padded batch is not to the last bit,
    # and int8 activations can turn such a bit into a different token many tokens later
    for (ids, adapter), out in zip(rows, mixed, strict=True):
        assert out.token_ids == llm.generate(ids, params, adapter)[0].token_ids, adapter
    assert len({tuple(o.token_ids) for o in (mixed[0], mixed[3])}) == 2, "adapters must matter"


def random_entry(k: int, widths: list[int], rank: int, seed: int):
    """An adapter entry with one piece of `rank` per width."""
    from storyapp.engine.lora.device_form import Entry, Piece

    gen = torch.Generator().manual_seed(seed)
    a = (torch.randn(rank * len(widths), k, generator=gen) / k**0.5).half().T  # as device_form
    pieces, lo = [], 0
    for i, width in enumerate(widths):
        b = torch.randn(rank, width, generator=gen).half()
        pieces.append(Piece(f"t{i}", i * rank, b, lo, lo + width))
        lo += width
    return Entry(a, tuple(pieces), lo)


def test_a_large_adapter_token_alone_is_shared_by_the_threads_with_the_same_bits():
    # the 8B shape's size: too large for one thread to shrink alone
    entries = [random_entry(4096, [4096, 1024, 1024], 8, seed) for seed in (1, 2)]
    x = torch.randn(2, 4096)
    batched = torch.zeros(2, 6144)
    KERNEL(LoraPlan(entries), x, batched)
    for row, entry in enumerate(entries):
        alone = torch.zeros(1, 6144)
        KERNEL(LoraPlan([entry]), x[row : row + 1], alone)
        assert torch.equal(alone, batched[row : row + 1])
        expected = reference(x[row : row + 1], entry)
        assert torch.allclose(alone.double(), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "rank,widths,k", [(5, [7], 96), (3, [40, 17], 100), (1, [1], 13), (7, [33], 96)]
)
def test_odd_ranks_and_widths_are_read_to_their_last_column(rank, widths, k):
    """Lanes past a row of A or B (or past the inputs) are neither read into the sums nor
    written."""
    entry = random_entry(k, widths, rank, seed=rank)
    x = torch.randn(3, k, generator=torch.Generator().manual_seed(rank))
    memory = torch.ones(3 * entry.width + 16)
    y = memory[: 3 * entry.width].view(3, entry.width)
    KERNEL(LoraPlan([entry]), x, y)
    assert torch.allclose(y.double(), 1 + reference(x, entry), rtol=1e-4, atol=1e-4)
    assert torch.equal(memory[3 * entry.width :], torch.ones(16))


@pytest.mark.skipif(len(runnable_variants("lora_apply")) < 2, reason="this CPU runs one variant")
def test_every_variant_gives_the_same_bits():
    entry = random_entry(576, [576, 192, 192], 8, seed=4)
    x = torch.randn(3, 576, generator=torch.Generator().manual_seed(4))
    outs = []
    for variant in runnable_variants("lora_apply"):
        y = torch.zeros(3, entry.width)
        LoraKernel(variant.lib)(LoraPlan([entry]), x, y)
        outs.append(y)
    for other in outs[1:]:
        assert torch.equal(other, outs[0])
