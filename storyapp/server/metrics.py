"""Prometheus metrics: requests, tokens, running and waiting sequences, batch sizes, latencies."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyapp.engine.engine import Engine
from storyapp.engine.sequence import TokenEvent

ENDPOINTS = {
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/models",
    "/v1/load_lora_adapter",
    "/v1/unload_lora_adapter",
    "/health",
    "/metrics",
}
SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    def __init__(self, engine: Engine):
        self.registry = r = CollectorRegistry()
        self.requests = Counter(
            "storyapp_requests",
            "HTTP requests by endpoint and status",
            ["endpoint", "code"],
            registry=r,
        )
        self.prompt_tokens = Counter("storyapp_prompt_tokens", "Prompt tokens", registry=r)
        self.generation_tokens = Counter(
            "storyapp_generation_tokens", "Generated tokens", registry=r
        )
        self.steps = Counter("storyapp_engine_steps", "Engine steps", registry=r)
        running = Gauge("storyapp_running_sequences", "Sequences in the running batch", registry=r)
        waiting = Gauge("storyapp_waiting_sequences", "Sequences waiting for a slot", registry=r)
        adapters = Gauge("storyapp_loaded_adapters", "LoRA adapters loaded", registry=r)
        running.set_function(lambda: len(engine.scheduler.running))
        waiting.set_function(lambda: len(engine.scheduler.waiting))
        adapters.set_function(lambda: len(engine.adapters.names()))
        self.batch_size = Histogram(
            "storyapp_batch_size", "Sequences per engine step", buckets=SIZES, registry=r
        )
        self.ttft = Histogram(
            "storyapp_time_to_first_token_seconds",
            "From request to first token",
            buckets=SECONDS,
            registry=r,
        )
        self.latency = Histogram(
            "storyapp_request_latency_seconds",
            "From request to last token",
            buckets=SECONDS,
            registry=r,
        )

    def on_step(self, events: list[TokenEvent]) -> None:
        """Called from the engine thread after each step: every scheduled row made one token."""
        rows = sum(1 for ev in events if ev.token_id is not None)
        if rows:
            self.steps.inc()
            self.batch_size.observe(rows)
            self.generation_tokens.inc(rows)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class CountRequests:
    """ASGI middleware: counts each HTTP response by endpoint and status code (unknown paths are
    one label, so a scanner cannot blow up the label set)."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"] if scope["path"] in ENDPOINTS else "other"

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.metrics.requests.labels(path, str(message["status"])).inc()
            await send(message)

        await self.app(scope, receive, counted)
