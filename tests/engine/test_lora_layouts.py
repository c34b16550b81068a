"""The two ways of laying out a batch's LoRA expand, fused (one matmul, zeros between sub-targets)
and by pieces (one per sub-target, no zeros), add the same deltas, for shared and mixed batches."""

import pytest
import torch

from storyapp.engine.loader.gguf_model import open_gguf, read_config
from storyapp.engine.lora.adapter import PROJECTIONS
from storyapp.engine.lora.batch import LoraBatch
from storyapp.engine.lora.device_form import device_form, form_bytes, projection_width
from storyapp.engine.lora.loading import load_adapter

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

COMPOSITIONS = [
    ["qkvo8"],
    ["pattern16", "pattern16"],
    ["qkvo8", "mlp4rs", None, "pattern16"],
    [None, "mlp4rs", "mlp4rs"],
]


@pytest.fixture(scope="module")
def setup(gguf_path, adapters):
    cfg = read_config(gguf_path, open_gguf(gguf_path))
    forms = {
        name: device_form(load_adapter(name, path, cfg, 64), cfg, "cpu", torch.float32)
        for name, path in adapters.items()
    }
    keys = [(i, p) for i in range(cfg.num_layers) for p in PROJECTIONS]
    return cfg, forms, keys


@pytest.mark.parametrize("names", COMPOSITIONS, ids=lambda n: "-".join(map(str, n)))
def test_fused_and_pieces_add_the_same_deltas(setup, names):
    cfg, forms, keys = setup
    rows = [forms[n] if n else None for n in names]
    fused = LoraBatch(rows, keys, split_waste=2**62)
    pieces = LoraBatch(rows, keys, split_waste=-1)
    gen = torch.Generator().manual_seed(0)
    widths = {"qkv": cfg.hidden_size, "o": cfg.q_size, "gate_up": cfg.hidden_size}
    widths["down"] = cfg.intermediate_size
    tokens = 3
    for layer, proj in [(0, p) for p in PROJECTIONS] + [(cfg.num_layers - 1, "qkv")]:
        x = torch.randn(len(names) * tokens, widths[proj], generator=gen)
        y0 = torch.randn(len(names) * tokens, projection_width(cfg, proj), generator=gen)
        y1, y2 = y0.clone(), y0.clone()
        fused.apply(layer, proj, x, y1)
        pieces.apply(layer, proj, x, y2)
        torch.testing.assert_close(y1, y2, rtol=1e-5, atol=1e-5)
        assert fused.touches(layer, proj) == pieces.touches(layer, proj)
        assert torch.equal(y1, y0) != fused.touches(layer, proj)  # a delta exactly where touched


def test_pieces_hold_no_zero_blocks(setup):
    cfg, forms, keys = setup
    form = forms["qkvo8"]  # rank 8 on q, k, v and o
    qkv = form[(0, "qkv")]
    assert qkv.a.shape == (cfg.hidden_size, 24)
    assert [p.b.shape for p in qkv.pieces] == [(8, cfg.q_size), (8, cfg.kv_size), (8, cfg.kv_size)]
    fused_b = 24 * projection_width(cfg, "qkv") * 4
    assert form_bytes({(0, "qkv"): qkv}) < qkv.a.nbytes + fused_b
    shared = LoraBatch([form], keys, split_waste=-1)
    assert shared.nbytes == 0  # rows sharing one adapter use its tensors as they are
