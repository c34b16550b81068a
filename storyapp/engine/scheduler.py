"""Continuous batching: requests join and leave between steps; a step is a prefill or a decode."""

import threading
from collections import deque

from .kv_cache import KVCache
from .sequence import Sequence, Status


class Scheduler:
    def __init__(self, cache: KVCache, max_batched_tokens: int, max_loras: int):
        self.cache, self.max_batched_tokens, self.max_loras = cache, max_batched_tokens, max_loras
        self.waiting: deque[Sequence] = deque()
        self.running: list[Sequence] = []
        self._aborts: set[int] = set()
        self._lock = threading.Lock()  # add/abort come from other threads; steps from one

    def add(self, seq: Sequence) -> None:
        with self._lock:
            self.waiting.append(seq)

    def abort(self, request_id: int) -> None:
        with self._lock:
            self._aborts.add(request_id)

    def has_work(self) -> bool:
        return bool(self.waiting or self.running or self._aborts)

    def take_aborted(self) -> list[Sequence]:
        with self._lock:
            ids, self._aborts = self._aborts, set()
            gone = [s for s in self.waiting if s.id in ids]
            self.waiting = deque(s for s in self.waiting if s.id not in ids)
        gone += [s for s in self.running if s.id in ids]
        for s in gone:
            self.finish(s, "abort")
        return gone

    def schedule(self) -> tuple[list[Sequence], bool]:
        """The rows of the next step and whether it is a prefill."""
        batch: list[Sequence] = []
        tokens = 0
        adapters = {s.adapter for s in self.running} - {None}
        with self._lock:
            while self.waiting and self.cache.free_slots > len(batch):
                seq = self.waiting[0]
                if batch and tokens + len(seq.prompt_ids) > self.max_batched_tokens:
                    break
                if seq.adapter and seq.adapter not in adapters:
                    if len(adapters) >= self.max_loras:
                        break  # waits until a running adapter's requests finish
                    adapters.add(seq.adapter)
                batch.append(self.waiting.popleft())
                tokens += len(seq.prompt_ids)
        if batch:
            for seq in batch:
                seq.slot, seq.status = self.cache.allocate(), Status.RUNNING
                self.running.append(seq)
            return batch, True
        return sorted(self.running, key=lambda s: s.slot), False

    def finish(self, seq: Sequence, reason: str) -> None:
        if seq.status is Status.RUNNING:
            self.cache.release(seq.slot)
            self.running.remove(seq)
        seq.status, seq.finish_reason = Status.FINISHED, reason
