"""GGUF Q4_0 / Q4_1 / Q8_0 blocks repack into the int4 kernel format without changing one bit."""

import numpy as np
import pytest
import torch
from gguf import GGMLQuantizationType as Q
from gguf import GGUFReader
from gguf.quants import dequantize, quantize

from storyapp.engine.loader import gguf_tensors
from storyapp.engine.loader.codes import build_linear


class Tensor:
    """The parts of a gguf ReaderTensor the decoder reads."""

    def __init__(self, name, data, qtype):
        self.name, self.data, self.tensor_type = name, data, qtype


def decoded_weight(t) -> torch.Tensor:
    """The weight as the engine's float32 kernel sees it: identity times W."""
    linear = build_linear(gguf_tensors.decode("test.gguf", t), "cpu", torch.float32)
    return linear(torch.eye(linear.in_features)).T


@pytest.mark.parametrize("qtype", [Q.Q4_0, Q.Q4_1, Q.Q8_0])
def test_synthetic_blocks_are_bit_exact(qtype):
    rng = np.random.default_rng(0)
    w = (rng.standard_normal((96, 256)) * rng.uniform(0.01, 3, (96, 1))).astype(np.float32)
    raw = quantize(w, qtype)
    expected = torch.from_numpy(dequantize(raw, qtype).astype(np.float32))
    assert torch.equal(decoded_weight(Tensor("w", raw, qtype)), expected)


@pytest.mark.slow
def test_default_model_tensors_are_bit_exact(gguf_path):
    reader = GGUFReader(gguf_path)
    picked = [t for t in reader.tensors if t.name.startswith("blk.0.") and t.data.ndim == 2]
    assert {t.tensor_type for t in picked} == {Q.Q4_1}
    for t in picked:
        expected = torch.from_numpy(np.array(dequantize(t.data, t.tensor_type), dtype=np.float32))
        assert torch.equal(decoded_weight(t), expected), t.name


def test_no_float_copy_of_quantized_weights_is_kept(llm):
    layer = llm.engine.model.w.layers[0]
    for linear in (layer.qkv, layer.o, layer.gate_up, layer.down):
        assert linear.weight.packed.dtype == torch.uint8
    assert llm.engine.model.w.lm_head.weight.packed.dtype == torch.uint8
