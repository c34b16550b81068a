"""Models with random int4 weights built in memory: measure a real shape with no download."""

import torch
from gguf import GGMLQuantizationType

from ..layers.embedding import BlockRows
from ..layers.linear import Int4Linear
from ..layers.quant import int4_weight
from ..models.config import ModelConfig
from ..models.weights import LayerWeights, ModelWeights

SHAPES = {
    "llama3-8b-random": ModelConfig(
        vocab_size=128256,
        hidden_size=4096,
        intermediate_size=14336,
        num_layers=32,
        num_heads=32,
        num_kv_heads=8,
        head_dim=128,
        rms_eps=1e-5,
        rope_theta=500000.0,
        rope_scaling={
            "rope_type": "llama3",
            "factor": 8.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192,
        },
        max_position=8192,
        name="llama3-8b-random",
        eos_ids=[],
    ),
}


def _linear(n: int, k: int, gen: torch.Generator, device, dtype) -> Int4Linear:
    # drawn where the generator lives: on a GPU, 8B of codes drawn on the CPU take minutes
    q = torch.randint(0, 16, (n, k), dtype=torch.uint8, generator=gen, device=gen.device)
    scale = torch.full((n, k // 32), 0.02 / (k**0.5), device=gen.device)
    zero = torch.zeros(n, k // 32, device=gen.device)
    return Int4Linear(int4_weight(q, scale, zero, device, dtype))


def random_weights(name: str, device, dtype, seed: int = 0) -> ModelWeights:
    cfg = SHAPES[name]
    cpu_gen = torch.Generator().manual_seed(seed)
    on_gpu = torch.device(device).type == "cuda"
    gen = torch.Generator(device=device).manual_seed(seed) if on_gpu else cpu_gen
    d, inter = cfg.hidden_size, cfg.intermediate_size
    layers = [
        LayerWeights(
            attn_norm=torch.ones(d, device=device),
            qkv=_linear(cfg.q_size + 2 * cfg.kv_size, d, gen, device, dtype),
            o=_linear(d, cfg.q_size, gen, device, dtype),
            ffn_norm=torch.ones(d, device=device),
            gate_up=_linear(2 * inter, d, gen, device, dtype),
            down=_linear(d, inter, gen, device, dtype),
        )
        for _ in range(cfg.num_layers)
    ]
    blocks = torch.randint(
        -127, 128, (cfg.vocab_size, d // 32, 34), dtype=torch.int8, generator=cpu_gen
    )
    blocks = blocks.view(torch.uint8)
    blocks[..., :2] = torch.tensor([0.01], dtype=torch.float16).view(torch.uint8)
    embed = BlockRows(blocks.reshape(cfg.vocab_size, -1), GGMLQuantizationType.Q8_0)
    return ModelWeights(
        config=cfg,
        embed=embed,
        layers=layers,
        norm=torch.ones(d, device=device),
        lm_head=_linear(cfg.vocab_size, d, gen, device, dtype),
    )


class RandomTokenizer:
    """Token ids only: a random model has no vocabulary to print."""

    eos_ids: list[int] = []

    def __init__(self, vocab_size: int):
        self.vocab_size = vocab_size

    def encode(self, text: str) -> list[int]:
        raise ValueError("a random model takes token ids, not text")

    def decode(self, ids: list[int]) -> str:
        return ""

    def chat(self, messages: list[dict]) -> list[int]:
        raise ValueError("a random model takes token ids, not messages")
