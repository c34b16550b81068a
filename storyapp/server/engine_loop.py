"""One thread steps the engine; HTTP handlers enqueue sequences and get their events back on their
own asyncio loop, so concurrent requests (whatever their adapters) share every step."""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable

from storyapp.engine import LLM, SamplingParams
from storyapp.engine.sequence import Sequence, TokenEvent

log = logging.getLogger(__name__)

Batch = list[tuple[int, TokenEvent]]  # (choice index, event)


class EngineFailed(Exception):
    """A step raised: the requests it carried are aborted and answered with a server error."""


class Overloaded(Exception):
    """Too many sequences are already waiting."""


class Subscription:
    """The sequences of one HTTP request and the queue their events arrive on."""

    __slots__ = ("seqs", "queue", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.seqs: list[Sequence] = []
        self.queue: asyncio.Queue[Batch | EngineFailed] = asyncio.Queue()
        self.loop = loop

    @property
    def done(self) -> bool:
        return all(s.finish_reason is not None for s in self.seqs)


class EngineLoop:
    def __init__(self, llm: LLM, max_waiting: int = 1024):
        self.llm, self.engine, self.max_waiting = llm, llm.engine, max_waiting
        self.on_step: Callable[[list[TokenEvent]], None] | None = None
        self._subs: dict[int, tuple[Subscription, int]] = {}
        self._lock = threading.Lock()  # submit vs dispatch: no event can outrun its subscription
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="storyapp-engine", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop = True
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
        self._fail_all("the server is shutting down")

    def submit(self, requests: list[tuple[list[int], SamplingParams, str | None]]) -> Subscription:
        """Enqueue sequences (one per choice); raises what Engine.add raises, or Overloaded."""
        if len(self.engine.scheduler.waiting) + len(requests) > self.max_waiting:
            raise Overloaded(f"more than {self.max_waiting} sequences are waiting; retry later")
        sub = Subscription(asyncio.get_running_loop())
        with self._lock:
            try:
                for i, (ids, params, adapter) in enumerate(requests):
                    seq = self.engine.add(ids, params, adapter)
                    sub.seqs.append(seq)
                    self._subs[seq.id] = (sub, i)
            except BaseException:
                self._abort_locked(sub)
                raise
        self._wake.set()
        return sub

    def abort(self, sub: Subscription) -> None:
        """Stop the request's unfinished sequences (the client left); safe from any thread."""
        with self._lock:
            self._abort_locked(sub)
        self._wake.set()

    def _abort_locked(self, sub: Subscription) -> None:
        for seq in sub.seqs:
            self._subs.pop(seq.id, None)
            if seq.finish_reason is None:
                self.engine.abort(seq.id)

    def _run(self) -> None:
        while not self._stop:
            if not self.engine.has_work():
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            try:
                events = self.engine.step()
            except Exception as e:
                log.exception("engine step failed")
                self._fail_all(f"the engine failed: {type(e).__name__}: {e}")
                continue
            if self.on_step:
                self.on_step(events)
            self._dispatch(events)

    def _dispatch(self, events: list[TokenEvent]) -> None:
        batches: dict[Subscription, Batch] = {}
        with self._lock:
            for ev in events:
                entry = self._subs.get(ev.request_id)
                if entry is None:
                    continue  # aborted by its request, which no longer listens
                batches.setdefault(entry[0], []).append((entry[1], ev))
                if ev.finished:
                    del self._subs[ev.request_id]
        _deliver_all(list(batches.items()))

    def _fail_all(self, message: str) -> None:
        with self._lock:
            subs = {sub for sub, _ in self._subs.values()}
            for sub in subs:
                self._abort_locked(sub)
        failed = EngineFailed(message)
        _deliver_all([(sub, failed) for sub in subs])


def _deliver_all(items: list[tuple[Subscription, Batch | EngineFailed]]) -> None:
    """Each item onto its subscription's queue, with ONE wake-up of each event loop: a step's
    events for 32 requests are one call, not 32 (each call writes to the loop's wake-up pipe)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[Subscription, Batch | EngineFailed]]] = {}
    for sub, item in items:
        by_loop.setdefault(sub.loop, []).append((sub, item))
    for loop, deliveries in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody listens any more
            loop.call_soon_threadsafe(_put_all, deliveries)


def _put_all(deliveries: list[tuple[Subscription, Batch | EngineFailed]]) -> None:
    for sub, item in deliveries:
        sub.queue.put_nowait(item)
