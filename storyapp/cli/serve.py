"""`storyapp serve`: the model and its adapters behind an OpenAI-compatible HTTP API."""

import argparse
import os
import sys
from pathlib import Path

from .options import add_model_options, load_llm


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the model and LoRA adapters over an OpenAI-style API")
    p.add_argument("--host", default="127.0.0.1", help="loopback unless --api-key is given")
    p.add_argument("--port", type=int, default=8000)
    add_model_options(p)
    p.add_argument(
        "--adapter",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a LoRA adapter (PEFT folder or GGUF file) that requests select as model NAME",
    )
    p.add_argument("--max-loras", type=int, default=8, help="adapters in one batch")
    p.add_argument("--max-num-seqs", type=int, default=8, help="sequences in one batch")
    p.add_argument("--max-model-len", type=int, default=4096)
    p.add_argument(
        "--api-key",
        default=os.environ.get("STORYAPP_API_KEY"),
        help="clients send it as a Bearer token (default: $STORYAPP_API_KEY)",
    )
    p.set_defaults(run=run)


def parse_adapter(spec: str) -> tuple[str, str]:
    name, sep, path = spec.partition("=")
    if not sep or not name or not path:
        raise ValueError(f"--adapter wants NAME=PATH, got '{spec}'")
    return name, path


def run(args: argparse.Namespace) -> int:
    from storyapp.server.runner import check_host

    check_host(args.host, args.api_key)  # before the slow part
    adapters = dict(parse_adapter(s) for s in args.adapter)
    from storyapp.server import create_app
    from storyapp.server.runner import serve

    llm = load_llm(
        args,
        max_loras=args.max_loras,
        max_num_seqs=args.max_num_seqs,
        max_model_len=args.max_model_len,
    )
    for name, path in adapters.items():
        llm.add_adapter(name, path)
    model_id = "default" if args.model == "default" else Path(args.model).name
    app = create_app(llm, model_id, api_key=args.api_key, adapter_roots=adapters)
    names = ", ".join(adapters) or "none"
    url = f"http://{args.host}:{args.port}/v1"
    print(f"storyapp: serving '{model_id}' (adapters: {names}) at {url}", file=sys.stderr)
    serve(app, args.host, args.port)
    return 0
