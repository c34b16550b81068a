"""GET /v1/models: the base model, then each adapter with the base as its parent."""

import time

from fastapi import APIRouter, Depends, Request

from .auth import require_key
from .state import state_of

router = APIRouter(dependencies=[Depends(require_key)])
STARTED = int(time.time())


@router.get("/v1/models")
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
