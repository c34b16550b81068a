"""Requests to token ids, on the tokenizer thread; what cannot be tokenized is the client's 400."""

import asyncio

from storyapp.engine import EngineError

from .errors import bad_request
from .state import ServerState


async def chat_ids(state: ServerState, messages: list[dict[str, str]]) -> list[int]:
    ids = await _run(state, state.llm.tokenizer.chat, messages, "messages")
    if not ids:
        raise bad_request("the messages make an empty prompt", "messages")
    return ids


async def prompt_ids(state: ServerState, prompts: list[str | list[int]]) -> list[list[int]]:
    vocab = state.llm.config.vocab_size
    out = []
    for p in prompts:
        if isinstance(p, str):
            p = await _run(state, state.llm.tokenizer.encode, p, "prompt")
        elif max(p) >= vocab:
            raise bad_request(f"token ids must be below the vocabulary size {vocab}", "prompt")
        if not p:
            raise bad_request("the prompt is empty", "prompt")
        out.append(p)
    return out


async def _run(state: ServerState, fn, arg, param: str):
    try:
        return await asyncio.get_running_loop().run_in_executor(state.tokenizer_thread, fn, arg)
    except (EngineError, ValueError) as e:  # no chat template, a template's own checks, ...
        raise bad_request(str(e), param) from None
    except Exception as e:  # jinja2's TemplateError and kin: the messages do not fit the template
        raise bad_request(f"{type(e).__name__}: {e}", param) from None
