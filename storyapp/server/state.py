"""What every route shares: the model, the engine loop, the metrics, the key, adapter paths."""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from storyapp.engine import LLM

from .engine_loop import EngineLoop
from .errors import OpenAIError, model_not_found
from .metrics import Metrics


class AdapterDirs:
    """Where /v1/load_lora_adapter may read from: inside the folders the server was started with.
    Anything else is refused with one answer whether it exists or not, so the route tells a client
    nothing about the rest of the disk."""

    def __init__(self, folders: list[str | Path]):
        self.roots = [Path(os.path.realpath(Path(f).expanduser())) for f in folders]

    def check(self, path: str) -> str:
        """The path, resolved (links followed), if it lies inside one of the folders."""
        try:
            resolved = Path(os.path.realpath(Path(path).expanduser()))
        except (ValueError, OSError, RuntimeError):  # a NUL byte, a loop of links, ~nobody
            resolved = None
        if resolved is None or not any(resolved.is_relative_to(r) for r in self.roots):
            raise OpenAIError(
                403,
                "lora_path is outside the adapter folders this server loads from "
                "(storyapp serve --adapter-dir)",
                "lora_path",
                "forbidden_path",
            )
        return str(resolved)


@dataclass
class ServerState:
    llm: LLM
    loop: EngineLoop
    metrics: Metrics
    model_id: str
    api_key: str | None = None
    roots: dict[str, str] = field(default_factory=dict)  # adapter name -> where it was loaded from
    adapter_dirs: AdapterDirs = field(default_factory=lambda: AdapterDirs([]))
    # one thread tokenizes, off the event loop (a long prompt takes a while)
    tokenizer_thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="storyapp-tokenize")
    )

    def adapter_for(self, model: str) -> str | None:
        """vLLM's convention: the base model's id means no adapter, an adapter's name means it."""
        if model == self.model_id:
            return None
        if model in self.llm.adapters:
            return model
        raise model_not_found(model)


def state_of(request: Request) -> ServerState:
    return request.app.state.server
