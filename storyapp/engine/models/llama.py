"""The Llama decoder family (Llama 2/3, SmolLM2, Mistral-style): fused qkv and gate_up projections."""

import torch
import torch.nn.functional as F

from ..kv_cache import KVCache
from ..layers.attention import Attention, attention_mask
from ..layers.rotary import Rotary, inverse_frequencies, rotate_
from ..native import DecodeLayers, decode_attention, decode_layers_library, native_for
from ..step_batch import StepBatch
from .weights import ModelWeights


class LlamaModel:
    def __init__(self, weights: ModelWeights, cache: KVCache, device, dtype):
        cfg = self.config = weights.config
        self.w, self.device, self.dtype = weights, device, dtype
        self.rotary = Rotary(inverse_frequencies(cfg, weights.rope_freqs), cache.max_len, device)
        native = native_for(device, dtype)
        kernel = decode_attention() if native else None
        self.attn = [
            Attention(cache, i, cfg.num_heads, cfg.num_kv_heads, kernel)
            for i in range(cfg.num_layers)
        ]
        self.cache = cache
        # a decode step's layers in one native call, where the weights and kernels allow it
        library = decode_layers_library() if native else None
        self.decode_layers = (
            DecodeLayers(library, weights.layers, cfg, self.rotary.cis)
            if library is not None and DecodeLayers.supports(weights.layers)
            else None
        )

    @torch.inference_mode()
    def forward(self, b: StepBatch) -> torch.Tensor:
        """Logits [B, V] (float32) for the last real token of each row."""
        cfg, lora = self.config, b.lora
        bsz, t = b.input_ids.shape
        d, eps, dims = cfg.hidden_size, cfg.rms_eps, (cfg.hidden_size,)
        # the residual stream [B*T, D] is float32
        x = self.w.embed(b.input_ids).to(device=self.device, dtype=torch.float32).view(-1, d)
        if (
            not b.prefill
            and self.decode_layers is not None
            and (lora is None or lora.kernel is not None)
        ):
            plans = lora.per_layer(cfg.num_layers) if lora else None
            self.decode_layers(x, self.cache.kv, b.slots, b.length_tensor, plans)
        else:
            self.layers(x, b)
        x = x.view(bsz, t, d)
        x = x[torch.arange(bsz, device=x.device), b.last] if b.prefill else x[:, 0]
        x = F.rms_norm(x, dims, self.w.norm, eps).to(self.dtype)
        return self.w.lm_head(x).float()

    def layers(self, x: torch.Tensor, b: StepBatch) -> None:
        """Every layer op by op, x [B*T, D] updated in place: norms, rotary and attention in
        float32, matmul inputs in the model's dtype."""
        cfg, lora, mm = self.config, b.lora, self.dtype
        bsz, t = b.input_ids.shape
        heads, kvh, hd = cfg.num_heads, cfg.num_kv_heads, cfg.head_dim
        inter, eps, dims = cfg.intermediate_size, cfg.rms_eps, (cfg.hidden_size,)
        rows_shape = (bsz, t, heads + 2 * kvh, hd)
        cis = self.rotary.table(b.positions)
        mask = attention_mask(b)
        for i, layer in enumerate(self.w.layers):
            n = F.rms_norm(x, dims, layer.attn_norm, eps)
            qkv = layer.qkv(n.to(mm)).float()
            if lora:
                lora.apply(i, "qkv", n, qkv)
            qkv = qkv.view(rows_shape)
            rotate_(qkv[:, :, : heads + kvh], cis)
            a = self.attn[i](qkv, b, mask).reshape(-1, heads * hd)
            x.add_(layer.o(a.to(mm)))
            if lora:
                lora.apply(i, "o", a, x)  # the delta goes straight into the residual stream
            n = F.rms_norm(x, dims, layer.ffn_norm, eps)
            gu = layer.gate_up(n.to(mm))
            if lora and lora.touches(i, "gate_up"):
                gu = gu.float()
                lora.apply(i, "gate_up", n, gu)
            act = F.silu(gu[:, :inter]).mul_(gu[:, inter:])
            x.add_(layer.down(act.to(mm)))
            if lora and lora.touches(i, "down"):
                lora.apply(i, "down", act.float(), x)
