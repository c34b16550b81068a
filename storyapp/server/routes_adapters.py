"""POST /v1/load_lora_adapter and /v1/unload_lora_adapter, with vLLM's bodies and answers.

Loading reads files on a worker thread; the engine keeps stepping meanwhile. Unloading an adapter
in use lets its running requests finish with it.
"""

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from storyapp.engine import EngineError

from .auth import require_key
from .errors import OpenAIError, bad_request
from .protocol import LoadAdapter, UnloadAdapter
from .state import state_of

router = APIRouter(dependencies=[Depends(require_key)])


@router.post("/v1/load_lora_adapter")
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


@router.post("/v1/unload_lora_adapter")
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
