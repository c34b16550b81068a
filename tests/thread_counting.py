"""Counting the process's threads (Linux's /proc): how the tests see OpenMP workers come and go."""

import contextlib
import os
import threading
import time
from collections.abc import Iterator

import torch


def thread_count() -> int:
    return len(os.listdir("/proc/self/task"))


def settles_at(count: int, within_s: float = 5.0) -> bool:
    """Whether the process comes down to `count` threads (an ended worker takes a moment)."""
    deadline = time.monotonic() + within_s
    while thread_count() > count:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def on_a_thread(fn) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as e:  # raised again on the test's thread
            errors.append(e)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if errors:
        raise errors[0]


@contextlib.contextmanager
def two_torch_threads() -> Iterator[None]:
    """torch (and the engine's kernels) on two threads, whatever an earlier test left set
    (training sets fewer on a busy machine), and the setting put back after."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        yield
    finally:
        torch.set_num_threads(before)
