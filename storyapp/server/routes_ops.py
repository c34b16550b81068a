"""GET /health (no key: for load balancers) and GET /metrics (Prometheus text)."""

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from .auth import require_key
from .state import state_of

router = APIRouter()


@router.get("/health")
async def health(request: Request) -> Response:
    return Response(status_code=200 if state_of(request).loop.alive else 503)


@router.get("/metrics", dependencies=[Depends(require_key)])
async def metrics(request: Request) -> Response:
    return Response(state_of(request).metrics.render(), media_type=CONTENT_TYPE_LATEST)
