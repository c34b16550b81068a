"""`storyapp complete PROMPT`: stream only the generated text to stdout."""

import argparse
import sys

from .options import add_model_options, load_llm


def add_parser(sub) -> None:
    p = sub.add_parser("complete", help="complete a prompt (or chat) with the language model")
    p.add_argument("prompt")
    p.add_argument(
        "--chat", action="store_true", help="wrap the prompt in the model's chat template"
    )
    p.add_argument("--system", help="system message (with --chat)")
    add_model_options(p)
    p.add_argument("--max-tokens", type=int, default=256)
    p.add_argument("--temperature", type=float, default=0.7)
    p.add_argument("--top-p", type=float, default=0.95)
    p.add_argument("--seed", type=int)
    p.add_argument("--adapter", help="a LoRA adapter folder (PEFT) or GGUF file to apply")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyapp.engine import SamplingParams

    params = SamplingParams(
        max_tokens=args.max_tokens, temperature=args.temperature, top_p=args.top_p, seed=args.seed
    )
    llm = load_llm(args)
    adapter = None
    if args.adapter:
        adapter = "adapter"
        llm.add_adapter(adapter, args.adapter)
    if args.chat:
        messages = [{"role": "system", "content": args.system}] if args.system else []
        prompt = llm.chat_prompts(messages + [{"role": "user", "content": args.prompt}])[0]
    else:
        prompt = args.prompt
    for ev in llm.stream(prompt, params, adapter):
        sys.stdout.write(ev.event.text)
        sys.stdout.flush()
    sys.stdout.write("\n")
    return 0
