"""A tiny random SDXL pipeline built from configs in well under a second, for tests and demos.

The same component classes as SDXL (two CLIP text encoders whose hidden states are concatenated,
a UNet with text_time conditioning, a KL VAE), only very small, as in diffusers' own SDXL tests. Its pictures are seeded noise, but every step runs the real diffusers code. The VAE halves
rather than eighths, so ask for small sizes (64 to 256 pixels).
"""

from __future__ import annotations

from pathlib import Path

import torch
from diffusers import EulerDiscreteScheduler

# diffusers' top-level names read as placeholder classes to a type checker: the real modules
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
from diffusers.models.autoencoders.autoencoder_tiny import AutoencoderTiny
from diffusers.models.unets.unet_2d_condition import UNet2DConditionModel
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

from .tiny_vocab import FOLDER as TOKENIZER_FOLDER

TINY = "tiny"
TIME_EMBED_DIM = 8
# Different widths on purpose: single-file loading tells the two encoders apart by width.
TEXT_WIDTH, TEXT_2_WIDTH, PROJECTION = 32, 48, 32


def build_tiny_pipeline(seed: int = 0) -> StableDiffusionXLPipeline:
    """The same weights for the same seed, without touching torch's global random state."""
    tokenizer = CLIPTokenizer.from_pretrained(TOKENIZER_FOLDER)
    tokenizer_2 = CLIPTokenizer.from_pretrained(TOKENIZER_FOLDER)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        text_encoder = CLIPTextModel(_text_config(tokenizer, TEXT_WIDTH))
        text_encoder_2 = CLIPTextModelWithProjection(_text_config(tokenizer, TEXT_2_WIDTH))
        unet = UNet2DConditionModel(
            sample_size=32,
            block_out_channels=(32, 64),
            layers_per_block=2,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            attention_head_dim=(2, 4),
            transformer_layers_per_block=(1, 2),
            use_linear_projection=True,
            cross_attention_dim=TEXT_WIDTH + TEXT_2_WIDTH,
            addition_embed_type="text_time",
            addition_time_embed_dim=TIME_EMBED_DIM,
            # six micro-conditioning numbers (sizes, crop) embedded, plus the pooled text
            projection_class_embeddings_input_dim=6 * TIME_EMBED_DIM + PROJECTION,
        )
        vae = AutoencoderKL(
            block_out_channels=(32, 64),
            down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
            up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
            latent_channels=4,
            sample_size=64,
            scaling_factor=0.13025,
        )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        steps_offset=1,
        timestep_spacing="leading",
    )
    return StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=text_encoder,
        text_encoder_2=text_encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer_2,
        unet=unet,
        scheduler=scheduler,  # type: ignore[arg-type]  # diffusers annotates the enum of names
    )


def _text_config(tokenizer: CLIPTokenizer, width: int) -> CLIPTextConfig:
    return CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=width,
        intermediate_size=2 * width,
        num_attention_heads=4,
        num_hidden_layers=3,
        max_position_embeddings=tokenizer.model_max_length,
        projection_dim=PROJECTION,
        hidden_act="gelu",
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )


def build_tiny_preview_vae(seed: int = 0) -> AutoencoderTiny:
    """A tiny random AutoencoderTiny that fits the tiny pipeline: 4 latent channels, doubling
    (as the tiny VAE halves). Its previews are noise, but every decode runs the real code."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return AutoencoderTiny(
            encoder_block_out_channels=(16, 16),
            decoder_block_out_channels=(16, 16),
            num_encoder_blocks=(1, 1),
            num_decoder_blocks=(1, 1),
            latent_channels=4,
        )


def build_tiny_lcm_lora(pipe: StableDiffusionXLPipeline, folder: Path, seed: int = 0) -> Path:
    """A random LoRA over the tiny UNet's attention, saved as diffusers saves an LCM-LoRA
    (pytorch_lora_weights.safetensors); the UNet itself is left as it was."""
    import copy

    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        unet = copy.deepcopy(pipe.unet)
        unet.add_adapter(
            LoraConfig(
                r=4,
                lora_alpha=4,
                init_lora_weights=False,  # random B too, so the LoRA changes the picture
                target_modules=["to_q", "to_k", "to_v", "to_out.0"],
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    StableDiffusionXLPipeline.save_lora_weights(
        folder, unet_lora_layers=get_peft_model_state_dict(unet), safe_serialization=True
    )
    return folder / "pytorch_lora_weights.safetensors"
