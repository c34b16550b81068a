"""What every route shares: the model, the engine loop, the metrics, the key, adapter paths."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import Request

from storyapp.engine import LLM

from .adapter_dirs import AdapterDirs
from .engine_loop import EngineLoop
from .errors import model_not_found
from .metrics import Metrics


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
