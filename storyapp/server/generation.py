"""From tokenized prompts to an HTTP answer: one engine sequence per choice, events streamed back
as SSE or gathered into one body; a client that leaves aborts its sequences."""

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import Request
from fastapi.responses import JSONResponse, StreamingResponse

from storyapp.engine import ContextOverflowError, SamplingParams

from .engine_loop import Batch, EngineFailed, Overloaded, Subscription
from .errors import OpenAIError, bad_request, error_body, model_not_found
from .protocol import Sampling
from .responses import DONE, ChatFormat, Envelope, TextFormat, sse_error, usage
from .state import ServerState

POLL_S = 0.5  # how often a request waiting for tokens checks that its client is still there


class ClientGone(Exception):
    pass


def engine_params(
    req: Sampling, max_tokens: int | None, prompt_len: int, max_len: int, choice: int, param: str
) -> SamplingParams:
    room = max_len - prompt_len
    if room <= 0:
        raise bad_request(
            f"This model's maximum context length is {max_len} tokens; "
            f"the prompt has {prompt_len} tokens.",
            param,
            "context_length_exceeded",
        )
    if max_tokens is not None and max_tokens > room:
        raise bad_request(
            f"This model's maximum context length is {max_len} tokens. However, you requested "
            f"{prompt_len + max_tokens} tokens ({prompt_len} in the prompt, {max_tokens} for the "
            "completion).",
            "max_tokens",
            "context_length_exceeded",
        )
    seed = None if req.seed is None else (req.seed + choice) % 2**64  # n choices, n streams
    return SamplingParams(
        max_tokens=max_tokens or room,
        temperature=req.temperature,
        top_p=req.top_p,
        top_k=max(req.top_k, 0),
        min_p=req.min_p,
        repetition_penalty=req.repetition_penalty,
        repetition_window=req.repeat_last_n,
        max_phrase_repeats=req.max_phrase_repeats,
        bad_words=tuple(req.bad_words),
        stop=req.stops,
        seed=seed,
        ignore_eos=req.ignore_eos,
    )


def submit(
    state: ServerState, req: Sampling, prompts: list[list[int]], max_tokens: int | None, param: str
) -> Subscription:
    adapter = state.adapter_for(req.model)
    max_len = state.llm.engine.max_model_len
    work = [
        (ids, engine_params(req, max_tokens, len(ids), max_len, j, param), adapter)
        for ids in prompts
        for j in range(req.n)
    ]
    try:
        sub = state.loop.submit(work)
    except KeyError:
        raise model_not_found(req.model) from None  # unloaded a moment ago
    except ContextOverflowError as e:
        raise bad_request(str(e), None, "context_length_exceeded") from None
    except ValueError as e:
        raise bad_request(str(e)) from None
    except Overloaded as e:
        raise OpenAIError(503, str(e), None, "overloaded") from None
    state.metrics.prompt_tokens.inc(sum(len(p) for p in prompts))
    return sub


async def batches(state: ServerState, request: Request, sub: Subscription) -> AsyncIterator[Batch]:
    """The request's event batches until all its sequences finish; ClientGone if the client left
    (checked every POLL_S, whether tokens are flowing or not)."""
    clock = asyncio.get_running_loop().time
    pending, check_at = len(sub.seqs), clock() + POLL_S
    while pending:
        item = _take_waiting(sub)
        if item is None:
            try:
                async with asyncio.timeout_at(check_at):
                    item = await sub.queue.get()
            except TimeoutError:
                pass
        if clock() >= check_at:
            if await request.is_disconnected():
                raise ClientGone
            check_at = clock() + POLL_S
        if item is None:
            continue
        if isinstance(item, EngineFailed):
            raise OpenAIError(500, str(item), None, "engine_error")
        now = time.perf_counter()
        for i, ev in item:
            if ev.error:  # this sequence failed alone; the request's others are aborted
                raise OpenAIError(500, ev.error, None, "engine_error")
            if ev.finished:
                pending -= 1
                seq = sub.seqs[i]
                if seq.first_token_at:
                    state.metrics.ttft.observe(seq.first_token_at - seq.started_at)
                state.metrics.latency.observe(now - seq.started_at)
        yield item


def _take_waiting(sub: Subscription) -> Batch | EngineFailed | None:
    """Every batch already queued, as one (None when none is): a response that fell behind the
    engine catches up in one write instead of one per step."""
    taken: Batch = []
    while not sub.queue.empty():
        item = sub.queue.get_nowait()
        if isinstance(item, EngineFailed):
            return item
        taken += item
    return taken or None


async def respond(
    state: ServerState,
    request: Request,
    req: Sampling,
    fmt: TextFormat | ChatFormat,
    prompts: list[list[int]],
    max_tokens: int | None,
    param: str,
):
    sub = submit(state, req, prompts, max_tokens, param)
    env = Envelope(fmt, req.model)
    prompt_tokens = sum(len(p) for p in prompts)
    if req.stream:
        return StreamingResponse(
            _stream(state, request, req, sub, env, prompt_tokens),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    texts: list[list[str]] = [[] for _ in sub.seqs]
    finish: list[str | None] = [None] * len(sub.seqs)
    try:
        async for batch in batches(state, request, sub):
            for i, ev in batch:
                texts[i].append(ev.text)
                finish[i] = ev.finish_reason
    except ClientGone:
        return JSONResponse(error_body(499, "the client closed the request"), status_code=499)
    finally:
        if not sub.done:
            state.loop.abort(sub)
    choices = [fmt.choice(i, "".join(t), finish[i]) for i, t in enumerate(texts)]
    generated = sum(len(s.output_ids) for s in sub.seqs)
    return JSONResponse(env.whole(choices, usage(prompt_tokens, generated)))


async def _stream(
    state: ServerState,
    request: Request,
    req: Sampling,
    sub: Subscription,
    env: Envelope,
    prompt_tokens: int,
) -> AsyncIterator[str]:
    with_usage = req.include_usage
    try:
        if env.fmt.role_chunk:
            yield env.sse([env.fmt.delta(i, None, None, True) for i in range(len(sub.seqs))])
        async for batch in batches(state, request, sub):
            merged: dict[int, tuple[str, str | None]] = {}
            for i, ev in batch:
                text, _ = merged.get(i, ("", None))
                merged[i] = (text + ev.text, ev.finish_reason)
            choices = [
                env.fmt.delta(i, text, reason)
                for i, (text, reason) in sorted(merged.items())
                if text or reason
            ]
            if choices:
                yield env.sse(choices, None, with_usage)
        if with_usage:
            generated = sum(len(s.output_ids) for s in sub.seqs)
            yield env.sse([], usage(prompt_tokens, generated), True)
        yield DONE
    except ClientGone:
        return
    except OpenAIError as e:
        yield sse_error(error_body(e.status, e.message, e.param, e.code))
        yield DONE
    finally:
        if not sub.done:
            state.loop.abort(sub)
