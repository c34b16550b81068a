"""POST /v1/completions."""

from fastapi import APIRouter, Depends, Request

from .auth import require_key
from .generation import respond
from .prompts import prompt_ids
from .protocol import CompletionRequest
from .responses import TextFormat
from .state import state_of

router = APIRouter(dependencies=[Depends(require_key)])


@router.post("/v1/completions")
async def completions(body: CompletionRequest, request: Request):
    state = state_of(request)
    state.adapter_for(body.model)
    ids = await prompt_ids(state, body.prompts)
    return await respond(state, request, body, TextFormat(), ids, body.max_tokens, "prompt")
