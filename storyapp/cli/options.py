"""Options several subcommands share, each declared once here."""

import argparse


def add_model_options(p: argparse.ArgumentParser, precision: bool = True) -> None:
    """--model and --device; with `precision`, also --dtype and --quant (for the commands that
    load the engine themselves)."""
    p.add_argument("--model", default="default", help="default, a .gguf file or a model folder")
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    if precision:
        p.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16"])
        p.add_argument(
            "--quant", default="int4", choices=["int4", "bf16"], help="for model folders"
        )


def add_adapter_options(p: argparse.ArgumentParser) -> None:
    """The pipeline's two adapters; by default the ones in $STORYAPP_ADAPTERS or shipped."""
    for row in ("story", "prompt"):
        name = "story-writer" if row == "story" else "sd-prompt-writer"
        p.add_argument(
            f"--{row}-adapter",
            metavar="PATH",
            help=f"the {name} LoRA adapter (default: {name} in the adapters folder)",
        )


def load_llm(args: argparse.Namespace, **kw):
    from storyapp.engine import LLM

    return LLM.load(args.model, device=args.device, dtype=args.dtype, quant=args.quant, **kw)


def add_image_options(p: argparse.ArgumentParser) -> None:
    """The picture's settings: size or aspect, steps, guidance, mode, style, negative prompt,
    a locked seed, settings reused from a picture, live previews."""
    from storyapp.illustrate.sizes import SIZES
    from storyapp.illustrate.styles import STYLES

    p.add_argument("--steps", type=int, help="denoising steps (default 30, fast 4; tiny 4)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--size", type=_size, metavar="WxH", help="image size (default: the model's)")
    size.add_argument(
        "--aspect",
        choices=list(SIZES),
        help="SDXL's trained size for this aspect ratio: "
        + ", ".join(f"{k} {w}x{h}" for k, (w, h) in SIZES.items()),
    )
    p.add_argument("--guidance", type=float, help="classifier-free guidance (default 6; fast: 1)")
    p.add_argument(
        "--image-mode",
        choices=["quality", "fast"],
        default="quality",
        help="fast: the LCM-LoRA for SDXL, LCM scheduler, 4 steps, guidance 1 "
        "(`storyapp models download lcm-lora-sdxl`)",
    )
    p.add_argument("--style", choices=["none", *STYLES], help="words around the image prompt")
    p.add_argument("--negative", metavar="TEXT", help="what the picture should not show")
    p.add_argument("--image-seed", type=int, metavar="N", help="lock the picture's seed")
    p.add_argument(
        "--reuse-image-settings",
        metavar="PNG",
        help="take size, steps, guidance, scheduler, mode, style, negative prompt and seed from "
        "a picture's metadata (flags given as well win)",
    )
    p.add_argument(
        "--previews", metavar="DIR", help="write the picture as it forms into DIR (TAESD XL)"
    )
    p.add_argument(
        "--preview-decoder", metavar="DIR", help="a TAESD XL folder (default: catalog's)"
    )
    p.add_argument("--fast-lora", metavar="PATH", help="an LCM-LoRA file (default: catalog's)")


def image_settings(args: argparse.Namespace):
    """ImageSettings from add_image_options' flags."""
    from dataclasses import replace

    from storyapp.illustrate.sizes import size_for
    from storyapp.story import ImageSettings
    from storyapp.story.image_options import read_settings_from

    base = ImageSettings()
    if args.reuse_image_settings:
        base = read_settings_from(args.reuse_image_settings, base)
    width, height = args.size or (size_for(args.aspect) if args.aspect else (None, None))
    given = {
        "width": width,
        "height": height,
        "steps": args.steps,
        "guidance": args.guidance,
        "negative_prompt": args.negative,
        "style": "" if args.style == "none" else args.style,
        "seed": args.image_seed,
        "preview_decoder": args.preview_decoder,
        "fast_lora": args.fast_lora,
    }
    if args.image_mode != "quality" or not args.reuse_image_settings:
        given["mode"] = args.image_mode
    return replace(
        base,
        previews=bool(args.previews),
        **{k: v for k, v in given.items() if v is not None},
    )


def _size(text: str) -> tuple[int, int]:
    import re

    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1024x1024, got {text!r}")
    return int(m.group(1)), int(m.group(2))
