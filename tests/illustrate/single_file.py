"""Test support: write a diffusers SDXL pipeline as one original-format (Stability "sgm")
checkpoint, the layout of sd_xl_base_1.0.safetensors, by inverting the key mapping of diffusers'
single-file loader (diffusers/loaders/single_file_utils.py). Only what SDXL base uses is covered.
"""

from __future__ import annotations

from pathlib import Path

import torch
from diffusers import StableDiffusionXLPipeline
from safetensors.torch import save_file

RESNET = {
    "norm1": "in_layers.0",
    "conv1": "in_layers.2",
    "norm2": "out_layers.0",
    "conv2": "out_layers.3",
    "time_emb_proj": "emb_layers.1",
    "conv_shortcut": "skip_connection",
}
VAE_ATTENTION = {
    "group_norm": "norm",
    "to_q": "q",
    "to_k": "k",
    "to_v": "v",
    "to_out.0": "proj_out",
}
OPENCLIP = {
    "layer_norm1": "ln_1",
    "layer_norm2": "ln_2",
    "mlp.fc1": "mlp.c_fc",
    "mlp.fc2": "mlp.c_proj",
    "self_attn.out_proj": "attn.out_proj",
}


def save_single_file(pipe: StableDiffusionXLPipeline, path: Path) -> Path:
    state: dict[str, torch.Tensor] = {}
    state |= _prefixed("model.diffusion_model.", _unet(pipe.unet))
    state |= _prefixed("first_stage_model.", _vae(pipe.vae))
    clip = {k.removeprefix("text_model."): v for k, v in pipe.text_encoder.state_dict().items()}
    state |= _prefixed("conditioner.embedders.0.transformer.text_model.", clip)
    state |= _prefixed("conditioner.embedders.1.model.", _openclip(pipe.text_encoder_2))
    save_file({k: v.detach().contiguous() for k, v in state.items()}, str(path))
    return path


def save_configs(pipe: StableDiffusionXLPipeline, folder: Path) -> Path:
    """The pipeline's configs and tokenizers without its weights: the `config=` folder that
    from_single_file reads offline."""
    pipe.save_pretrained(folder)
    for weights in folder.rglob("*.safetensors"):
        weights.unlink()
    return folder


def _unet(unet) -> dict[str, torch.Tensor]:
    cfg = unet.config
    per = cfg.layers_per_block
    blocks = {
        "time_embedding.linear_1.": "time_embed.0.",
        "time_embedding.linear_2.": "time_embed.2.",
        "add_embedding.linear_1.": "label_emb.0.0.",
        "add_embedding.linear_2.": "label_emb.0.2.",
        "conv_in.": "input_blocks.0.0.",
        "conv_norm_out.": "out.0.",
        "conv_out.": "out.2.",
        "mid_block.resnets.0.": "middle_block.0.",
        "mid_block.attentions.0.": "middle_block.1.",
        "mid_block.resnets.1.": "middle_block.2.",
    }
    for b in range(len(cfg.block_out_channels)):
        for layer in range(per):
            i = 1 + b * (per + 1) + layer
            blocks[f"down_blocks.{b}.resnets.{layer}."] = f"input_blocks.{i}.0."
            blocks[f"down_blocks.{b}.attentions.{layer}."] = f"input_blocks.{i}.1."
        blocks[f"down_blocks.{b}.downsamplers.0.conv."] = (
            f"input_blocks.{1 + b * (per + 1) + per}.0.op."
        )
        for layer in range(per + 1):
            i = b * (per + 1) + layer
            blocks[f"up_blocks.{b}.resnets.{layer}."] = f"output_blocks.{i}.0."
            blocks[f"up_blocks.{b}.attentions.{layer}."] = f"output_blocks.{i}.1."
        slot = 2 if "CrossAttn" in cfg.up_block_types[b] else 1
        blocks[f"up_blocks.{b}.upsamplers.0.conv."] = (
            f"output_blocks.{b * (per + 1) + per}.{slot}.conv."
        )
    out = {}
    for key, value in unet.state_dict().items():
        prefix = next(p for p in blocks if key.startswith(p))
        rest = key.removeprefix(prefix)
        if ".resnets." in prefix:
            head, _, tail = rest.partition(".")
            rest = f"{RESNET[head]}.{tail}"
        out[blocks[prefix] + rest] = value
    return out


def _vae(vae) -> dict[str, torch.Tensor]:
    n = len(vae.config.up_block_types)
    blocks = {
        "encoder.conv_norm_out.": "encoder.norm_out.",
        "decoder.conv_norm_out.": "decoder.norm_out.",
    }
    for part in ("encoder", "decoder"):
        blocks[f"{part}.mid_block.resnets.0."] = f"{part}.mid.block_1."
        blocks[f"{part}.mid_block.resnets.1."] = f"{part}.mid.block_2."
        blocks[f"{part}.mid_block.attentions.0."] = f"{part}.mid.attn_1."
    for i in range(n):
        blocks[f"encoder.down_blocks.{i}.resnets."] = f"encoder.down.{i}.block."
        blocks[f"encoder.down_blocks.{i}.downsamplers.0."] = f"encoder.down.{i}.downsample."
        blocks[f"decoder.up_blocks.{i}.resnets."] = f"decoder.up.{n - 1 - i}.block."
        blocks[f"decoder.up_blocks.{i}.upsamplers.0."] = f"decoder.up.{n - 1 - i}.upsample."
    out = {}
    for key, value in vae.state_dict().items():
        prefix = next((p for p in blocks if key.startswith(p)), "")
        rest = key.removeprefix(prefix).replace("conv_shortcut", "nin_shortcut")
        if prefix.endswith("attentions.0."):
            module, _, tail = rest.rpartition(".")
            rest = f"{VAE_ATTENTION[module]}.{tail}"
            if value.ndim == 2:  # the original VAE attention uses 1x1 convolutions
                value = value[:, :, None, None]
        out[blocks.get(prefix, prefix) + rest] = value
    return out


def _openclip(encoder) -> dict[str, torch.Tensor]:
    sd = encoder.state_dict()
    out = {
        "positional_embedding": sd.pop("text_model.embeddings.position_embedding.weight"),
        "token_embedding.weight": sd.pop("text_model.embeddings.token_embedding.weight"),
        "ln_final.weight": sd.pop("text_model.final_layer_norm.weight"),
        "ln_final.bias": sd.pop("text_model.final_layer_norm.bias"),
        "text_projection": sd.pop("text_projection.weight").T,
    }
    for layer in range(encoder.config.num_hidden_layers):
        src, dst = f"text_model.encoder.layers.{layer}.", f"transformer.resblocks.{layer}."
        for kind in ("weight", "bias"):
            qkv = [sd.pop(f"{src}self_attn.{p}_proj.{kind}") for p in "qkv"]
            out[f"{dst}attn.in_proj_{kind}"] = torch.cat(qkv)
        for key in [k for k in sd if k.startswith(src)]:
            rest = key.removeprefix(src)
            module = next(m for m in OPENCLIP if rest.startswith(m + "."))
            out[dst + OPENCLIP[module] + rest.removeprefix(module)] = sd.pop(key)
    assert not sd, f"unmapped text_encoder_2 weights: {sorted(sd)}"
    return out


def _prefixed(prefix: str, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {prefix + k: v for k, v in state.items()}
