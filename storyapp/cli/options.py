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
