"""`storyapp serve`: the model and its adapters behind an OpenAI-compatible HTTP API."""

import argparse
import sys
from pathlib import Path

from storyapp.system.paths import API_KEY_ENV, api_key

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
    p.add_argument(
        "--adapter-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder /v1/load_lora_adapter may load from (repeatable; default: the adapters "
        "folder, the model's folder and those of --adapter)",
    )
    p.add_argument("--max-loras", type=int, default=8, help="adapters in one batch")
    p.add_argument("--max-num-seqs", type=int, default=8, help="sequences in one batch")
    p.add_argument("--max-model-len", type=int, default=4096)
    p.add_argument(
        "--api-key",
        default=api_key(),
        help=f"clients send it as a Bearer token (default: ${API_KEY_ENV})",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="close a connection whose request head takes longer (seconds)",
    )
    p.add_argument(
        "--max-client-connections",
        type=int,
        default=256,
        metavar="N",
        help="connections one client address may hold open",
    )
    p.set_defaults(run=run)


def parse_adapter(spec: str) -> tuple[str, str]:
    name, sep, path = spec.partition("=")
    if not sep or not name or not path:
        raise ValueError(f"--adapter wants NAME=PATH, got '{spec}'")
    return name, path


def default_adapter_dirs(model: str, adapters: dict[str, str]) -> list[Path]:
    from storyapp.engine.loader.resolve import resolve
    from storyapp.story.settings import default_adapter_dir

    dirs = [default_adapter_dir()]
    model_path = resolve(model)
    dirs.append(model_path.parent if model_path.is_file() else model_path)
    for path in adapters.values():
        p = Path(path).expanduser()
        dirs.append(p.parent if p.is_file() else p)
    return dirs


def run(args: argparse.Namespace) -> int:
    try:
        from storyapp.server.runner import bind, check_host
    except ModuleNotFoundError as e:
        raise RuntimeError(
            f"storyapp serve needs the server packages ({e}): pip install 'storyapp[serve]'"
        ) from None

    check_host(args.host, args.api_key)  # before the slow part
    adapters = dict(parse_adapter(s) for s in args.adapter)
    sock = bind(args.host, args.port)  # a bad or busy port fails now, not after the model loads
    from storyapp.server import create_app
    from storyapp.server.admission import allowed_names
    from storyapp.server.connection_guard import ConnectionLimits
    from storyapp.server.runner import serve

    try:
        llm = load_llm(
            args,
            max_loras=args.max_loras,
            max_num_seqs=args.max_num_seqs,
            max_model_len=args.max_model_len,
        )
        for name, path in adapters.items():
            llm.add_adapter(name, path)
        model_id = "default" if args.model == "default" else Path(args.model).name
        dirs = args.adapter_dir or default_adapter_dirs(args.model, adapters)
        app = create_app(
            llm,
            model_id,
            api_key=args.api_key,
            adapter_roots=adapters,
            adapter_dirs=dirs,
            allowed_hosts=allowed_names(args.host),
        )
    except BaseException:
        sock.close()
        raise
    names = ", ".join(adapters) or "none"
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"storyapp: serving '{model_id}' (adapters: {names}) at http://{host}:{port}/v1",
        file=sys.stderr,
    )
    limits = ConnectionLimits(
        header_timeout=args.header_timeout, per_client=args.max_client_connections
    )
    serve(app, sock, limits)
    return 0
