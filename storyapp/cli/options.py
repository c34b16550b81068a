"""Options several subcommands share."""

import argparse


def add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default="default", help="default, a .gguf file or a model folder")
    p.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16"])
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    p.add_argument("--quant", default="int4", choices=["int4", "bf16"], help="for model folders")


def load_llm(args: argparse.Namespace, **kw):
    from storyapp.engine import LLM

    return LLM.load(args.model, device=args.device, dtype=args.dtype, quant=args.quant, **kw)
