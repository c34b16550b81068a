"""POST /v1/chat/completions."""

from fastapi import APIRouter, Depends, Request

from .auth import require_key
from .generation import respond
from .prompts import chat_ids
from .protocol import ChatRequest
from .responses import ChatFormat
from .state import state_of

router = APIRouter(dependencies=[Depends(require_key)])


@router.post("/v1/chat/completions")
async def chat_completions(body: ChatRequest, request: Request):
    state = state_of(request)
    state.adapter_for(body.model)  # an unknown model is a 404 before any work
    ids = await chat_ids(state, [m.as_dict() for m in body.messages])
    max_tokens = body.max_completion_tokens or body.max_tokens
    return await respond(state, request, body, ChatFormat(), [ids], max_tokens, "messages")
