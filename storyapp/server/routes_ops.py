"""GET /health (no key: for load balancers), GET /metrics (Prometheus text) and GET /openapi.json
(the API's description, behind the key like everything else)."""

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
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


@router.get("/openapi.json", dependencies=[Depends(require_key)], include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())
