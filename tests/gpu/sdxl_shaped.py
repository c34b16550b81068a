"""Full-size SDXL parts with random weights, built on the GPU with no download: the UNet and the
VAE of SDXL base 1.0 (its published configs), for memory and timing checks. Run as a script it
times one 1024² render's shape: UNet steps (batch 2, guidance) and the VAE decode."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import torch

UNET = {
    "addition_embed_type": "text_time",
    "addition_embed_type_num_heads": 64,
    "addition_time_embed_dim": 256,
    "attention_head_dim": [5, 10, 20],
    "block_out_channels": [320, 640, 1280],
    "cross_attention_dim": 2048,
    "down_block_types": ["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
    "in_channels": 4,
    "layers_per_block": 2,
    "out_channels": 4,
    "projection_class_embeddings_input_dim": 2816,
    "sample_size": 128,
    "transformer_layers_per_block": [1, 2, 10],
    "up_block_types": ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
    "use_linear_projection": True,
}
VAE = {
    "block_out_channels": [128, 256, 512, 512],
    "down_block_types": ["DownEncoderBlock2D"] * 4,
    "up_block_types": ["UpDecoderBlock2D"] * 4,
    "layers_per_block": 2,
    "latent_channels": 4,
    "sample_size": 1024,
    "scaling_factor": 0.13025,
    "force_upcast": False,
}
TEXT_ENCODERS_BYTES = 1_636 * 2**20  # CLIP-L + OpenCLIP-bigG in float16, held as a placeholder


def build(kind: str, device: str = "cuda", dtype: torch.dtype = torch.float16) -> Any:
    """The random UNet or VAE, allocated straight in `dtype` on `device`."""
    from diffusers import AutoencoderKL, UNet2DConditionModel

    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            model: Any = UNet2DConditionModel(**UNET) if kind == "unet" else AutoencoderKL(**VAE)
    finally:
        torch.set_default_dtype(old)
    return model.eval()


@torch.inference_mode()
def unet_step(unet, side: int = 1024) -> torch.Tensor:
    dev, dt = unet.device, unet.dtype
    lat = torch.randn(2, 4, side // 8, side // 8, device=dev, dtype=dt)
    cond = torch.randn(2, 77, 2048, device=dev, dtype=dt)
    extra = {
        "text_embeds": torch.randn(2, 1280, device=dev, dtype=dt),
        "time_ids": torch.tensor([[side, side, 0, 0, side, side]] * 2, device=dev, dtype=dt),
    }
    return unet(lat, 500, cond, added_cond_kwargs=extra).sample


@torch.inference_mode()
def vae_decode(vae, side: int = 1024) -> torch.Tensor:
    lat = torch.randn(1, 4, side // 8, side // 8, device=vae.device, dtype=vae.dtype)
    return vae.decode(lat).sample


def main(steps: int = 10) -> dict:
    unet, vae = build("unet"), build("vae")
    unet_step(unet)
    torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(steps):
        unet_step(unet)
    torch.cuda.synchronize()
    step_s = (time.perf_counter() - t) / steps
    vae_decode(vae)
    torch.cuda.synchronize()
    t = time.perf_counter()
    vae_decode(vae)
    torch.cuda.synchronize()
    return {
        "sdxl_1024_unet_step_s": round(step_s, 4),
        "sdxl_1024_vae_decode_s": round(time.perf_counter() - t, 4),
        "sdxl_1024_30_steps_s": round(30 * step_s + time.perf_counter() - t, 2),
        "gpu": torch.cuda.get_device_name(),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)))
