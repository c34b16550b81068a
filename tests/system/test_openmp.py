"""A thread gives its OpenMP worker threads back: the libgomp that torch really loaded, seen in
the threads the process has."""

import os

import pytest
import torch
from thread_counting import on_a_thread, settles_at, thread_count, two_torch_threads

from storyapp.system.openmp import release_worker_threads

pytestmark = pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or (os.cpu_count() or 1) < 2,
    reason="needs Linux's /proc and two CPUs",
)


def test_release_ends_the_calling_threads_workers():
    seen = {}

    def work() -> None:
        seen["before"] = thread_count()
        torch.ones(4096, 4096).sum()  # big enough for torch to split it across its threads
        seen["working"] = thread_count()
        seen["released"] = release_worker_threads()
        seen["settled"] = settles_at(seen["before"])

    with two_torch_threads():
        on_a_thread(work)
    assert seen["working"] > seen["before"], "torch ran the sum on one thread"
    assert seen["released"] is True
    assert seen["settled"]


def test_release_outside_any_pool_is_harmless():
    on_a_thread(lambda: release_worker_threads())  # a thread that never computed
    torch.ones(4096, 4096).sum()  # and parallel work afterwards still runs
