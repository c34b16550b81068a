"""Every route of the API, each behind the API key but /health.

models: GET /v1/models. chat: POST /v1/chat/completions. completions: POST /v1/completions.
adapters: POST /v1/load_lora_adapter and /v1/unload_lora_adapter, vLLM's bodies and answers.
ops: GET /health (no key, for load balancers), /metrics (Prometheus text) and /openapi.json.
"""

import hmac
import time

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST

from storyapp.engine import EngineError

from .errors import OpenAIError, bad_request
from .generation import respond
from .protocol import ChatRequest, CompletionRequest, LoadAdapter, UnloadAdapter
from .responses import ChatFormat, TextFormat
from .state import state_of
from .token_ids import chat_ids, prompt_ids

STARTED = int(time.time())


def check_key(expected: str | None, authorization: str | None) -> None:
    """The API key: a Bearer token compared in constant time; none configured means no check."""
    if expected is None:
        return
    scheme, _, token = (authorization or "").partition(" ")
    ok = hmac.compare_digest(token.strip().encode(), expected.encode())
    if scheme.lower() != "bearer" or not ok:
        raise OpenAIError(401, "Incorrect API key provided.", None, "invalid_api_key")


async def require_key(request: Request) -> None:
    """FastAPI dependency for every route but /health."""
    check_key(request.app.state.server.api_key, request.headers.get("authorization"))


router = APIRouter()
keyed = [Depends(require_key)]


# models: the base model, then each adapter with the base as its parent


@router.get("/v1/models", dependencies=keyed)
async def models(request: Request) -> dict:
    state = state_of(request)
    base = state.model_id
    data = [_card(base, str(state.llm.path), None)]
    data += [_card(n, state.roots.get(n, n), base) for n in state.llm.adapters]
    return {"object": "list", "data": data}


def _card(model_id: str, root: str, parent: str | None) -> dict:
    return {
        "id": model_id,
        "object": "model",
        "created": STARTED,
        "owned_by": "storyapp",
        "root": root,
        "parent": parent,
    }


# chat


@router.post("/v1/chat/completions", dependencies=keyed)
async def chat_completions(body: ChatRequest, request: Request):
    state = state_of(request)
    state.adapter_for(body.model)  # an unknown model is a 404 before any work
    ids = await chat_ids(state, [m.as_dict() for m in body.messages])
    max_tokens = body.max_completion_tokens or body.max_tokens
    return await respond(state, request, body, ChatFormat(), [ids], max_tokens, "messages")


# completions


@router.post("/v1/completions", dependencies=keyed)
async def completions(body: CompletionRequest, request: Request):
    state = state_of(request)
    state.adapter_for(body.model)
    ids = await prompt_ids(state, body.prompts)
    return await respond(state, request, body, TextFormat(), ids, body.max_tokens, "prompt")


# adapters: loading reads files on a worker thread while the engine keeps stepping; unloading an
# adapter in use lets its running requests finish with it


@router.post("/v1/load_lora_adapter", dependencies=keyed)
async def load_lora_adapter(body: LoadAdapter, request: Request) -> PlainTextResponse:
    state = state_of(request)
    name = body.lora_name
    if name == state.model_id or name in state.llm.adapters:
        raise bad_request(f"The lora adapter '{name}' has already been loaded.", "lora_name")
    path = state.adapter_dirs.check(body.lora_path)
    try:
        await run_in_threadpool(state.llm.add_adapter, name, path)
    except EngineError as e:  # not an adapter, a bad config field, NaN weights, ...
        raise bad_request(str(e), "lora_path") from None
    state.roots[name] = body.lora_path
    return PlainTextResponse(f"Success: LoRA adapter '{name}' added successfully.")


@router.post("/v1/unload_lora_adapter", dependencies=keyed)
async def unload_lora_adapter(body: UnloadAdapter, request: Request) -> PlainTextResponse:
    state = state_of(request)
    name = body.lora_name
    try:
        state.llm.remove_adapter(name)
    except KeyError:
        msg = f"The lora adapter '{name}' cannot be found."
        raise OpenAIError(404, msg, "lora_name", "model_not_found") from None
    state.roots.pop(name, None)
    return PlainTextResponse(f"Success: LoRA adapter '{name}' removed successfully.")


# ops


@router.get("/health")
async def health(request: Request) -> Response:
    return Response(status_code=200 if state_of(request).loop.alive else 503)


@router.get("/metrics", dependencies=keyed)
async def metrics(request: Request) -> Response:
    return Response(state_of(request).metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/openapi.json", dependencies=keyed, include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())
