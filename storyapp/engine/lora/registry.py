"""Adapters by name: added and removed at run time, a bounded number resident on the device.

A removed adapter disappears for new requests at once; requests already running with it finish
with it, then its weights are freed.
"""

import threading
from collections import Counter, OrderedDict
from pathlib import Path

import torch

from ..errors import AdapterError
from ..models.config import ModelConfig
from ..native import LoraKernel
from .adapter import PROJECTIONS, LoraAdapter
from .batch import LoraBatch
from .device_form import Form, device_form, form_bytes
from .loading import load_adapter


class AdapterRegistry:
    def __init__(
        self,
        cfg: ModelConfig,
        device,
        max_lora_rank: int = 64,
        max_loras: int = 8,
        max_cpu_loras: int | None = None,
        kernel: LoraKernel | None = None,
    ):
        """kernel: the native LoRA kernel to run with (adapters then kept in its dtype)."""
        self.cfg, self.device, self.kernel = cfg, device, kernel
        self.form_dtype = kernel.DTYPE if kernel else torch.float32
        self.max_lora_rank, self.max_loras = max_lora_rank, max_loras
        self.max_cpu_loras = max_cpu_loras
        self.host: OrderedDict[str, LoraAdapter] = OrderedDict()  # least recently used first
        self.retired: dict[str, LoraAdapter] = {}  # removed, still in use
        self.resident: OrderedDict[str, Form] = OrderedDict()
        self.in_use: Counter[str] = Counter()
        self._batches: OrderedDict[tuple, LoraBatch] = OrderedDict()
        self._keys = [(i, p) for i in range(cfg.num_layers) for p in PROJECTIONS]
        self._lock = threading.RLock()

    def add(self, name: str, path: str | Path) -> LoraAdapter:
        adapter = load_adapter(name, path, self.cfg, self.max_lora_rank)
        with self._lock:
            if name in self.host:
                raise AdapterError(f"an adapter named '{name}' is already loaded")
            if self.max_cpu_loras and len(self.host) >= self.max_cpu_loras:
                idle = next((n for n in self.host if not self.in_use[n]), None)
                if idle is None:
                    raise AdapterError(
                        f"max_cpu_loras ({self.max_cpu_loras}) adapters are all in use"
                    )
                self._drop(idle)
            self.host[name] = adapter
        return adapter

    def remove(self, name: str) -> None:
        with self._lock:
            if name not in self.host:
                raise KeyError(f"unknown adapter '{name}'")
            if self.in_use[name]:
                self.retired[name] = self.host.pop(name)
            else:
                self._drop(name)

    def names(self) -> list[str]:
        with self._lock:
            return list(self.host)

    def get(self, name: str) -> LoraAdapter:
        with self._lock:
            if name not in self.host:
                raise KeyError(f"unknown adapter '{name}'")
            return self.host[name]

    @property
    def nbytes(self) -> int:
        with self._lock:
            return sum(a.nbytes for a in self.host.values())

    @property
    def cached_batch_bytes(self) -> list[int]:
        """The bytes of each stacked batch layout kept for reuse, oldest first."""
        with self._lock:
            return [b.nbytes for b in self._batches.values()]

    def acquire(self, name: str | None) -> None:
        if name is None:
            return
        with self._lock:
            if name not in self.host:
                raise KeyError(f"unknown adapter '{name}'")
            self.host.move_to_end(name)
            self.in_use[name] += 1

    def release(self, name: str | None) -> None:
        if name is None:
            return
        with self._lock:
            self.in_use[name] -= 1
            if not self.in_use[name]:
                del self.in_use[name]
                if name in self.retired:
                    self.retired.pop(name)
                    self._forget(name)

    def batch(self, rows: list[str | None]) -> LoraBatch | None:
        """The LoRA work of a step whose rows use these adapters; None when no row uses one."""
        if not any(rows):
            return None
        key = tuple(rows)
        with self._lock:
            cached = self._batches.get(key)
            if cached is None:
                forms = [None if n is None else self._resident(n) for n in rows]
                cached = self._batches[key] = LoraBatch(forms, self._keys, kernel=self.kernel)
                self._trim_batches()
            self._batches.move_to_end(key)
            return cached

    def _trim_batches(self) -> None:
        """Keep a few recent batch layouts (decode reuses one for many steps), but never let
        their stacked copies outweigh the resident adapters themselves: with large adapters
        only the newest stays."""
        budget = sum(form_bytes(f) for f in self.resident.values())
        while len(self._batches) > 1 and (
            len(self._batches) > 4 or sum(b.nbytes for b in self._batches.values()) > budget
        ):
            self._batches.popitem(last=False)

    def _resident(self, name: str) -> Form:
        if name not in self.resident:
            adapter = self.host.get(name) or self.retired[name]
            while len(self.resident) >= self.max_loras:
                self.resident.popitem(last=False)  # its host copy stays; rebuilt when needed
            self.resident[name] = device_form(adapter, self.cfg, self.device, self.form_dtype)
        self.resident.move_to_end(name)
        return self.resident[name]

    def _drop(self, name: str) -> None:
        self.host.pop(name, None)
        self._forget(name)

    def _forget(self, name: str) -> None:
        self.resident.pop(name, None)
        for key in [k for k in self._batches if name in k]:
            del self._batches[key]
