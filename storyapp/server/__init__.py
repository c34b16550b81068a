"""An OpenAI-compatible HTTP server over the engine: many clients, one base model, each request
choosing its adapter, all batched together by one engine loop."""

from .app import create_app

__all__ = ["create_app"]
