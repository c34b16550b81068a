"""The FastAPI application over one loaded LLM; its lifespan runs the engine loop thread."""

from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from storyapp.engine import LLM

from . import errors, routes
from .admission import (
    LOOPBACK_NAMES,
    MAX_BODY,
    MAX_REQUESTS,
    BodyLimit,
    ConcurrencyLimit,
    HostCheck,
)
from .engine_loop import EngineLoop
from .metrics import CountRequests, Metrics
from .state import AdapterDirs, ServerState


def create_app(
    llm: LLM,
    model_id: str = "default",
    *,
    api_key: str | None = None,
    adapter_roots: dict[str, str] | None = None,
    adapter_dirs: Sequence[str | Path] = (),
    allowed_hosts: frozenset[str] | None = LOOPBACK_NAMES,
    max_body: int = MAX_BODY,
    max_requests: int = MAX_REQUESTS,
) -> FastAPI:
    """An app serving `llm` (its adapters already added, or added later over HTTP from inside
    `adapter_dirs`), answering requests whose Host is in `allowed_hosts` (None: any)."""
    if model_id in llm.adapters:
        raise ValueError(f"an adapter may not share the model's name '{model_id}'")
    loop = EngineLoop(llm)
    metrics = Metrics(llm.engine)
    loop.on_step = metrics.on_step
    state = ServerState(
        llm,
        loop,
        metrics,
        model_id,
        api_key or None,
        dict(adapter_roots or {}),
        AdapterDirs(list(adapter_dirs)),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        loop.start()
        try:
            yield
        finally:
            loop.stop()
            state.tokenizer_thread.shutdown(wait=False)

    app = FastAPI(
        title="storyapp",
        summary="OpenAI-compatible multi-LoRA server",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by routes, behind the key
    )
    app.state.server = state
    errors.install(app)
    app.include_router(routes.router)
    # a request counts against the limit once its body is in: bodies that never arrive must
    # not fill it (their connections are capped and timed out instead)
    app.add_middleware(ConcurrencyLimit, max_requests=max_requests)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(CountRequests, metrics=metrics)  # outermost: counts the 413s too
    return app
