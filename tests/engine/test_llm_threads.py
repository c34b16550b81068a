"""The facade's calls leave no OpenMP worker threads behind on the calling thread: a model loaded
or run on one thread and stepped on another (the server's engine thread) keeps barriers spinning
only while the pooled threads do not outnumber the CPUs."""

import os

import pytest
from thread_counting import on_a_thread, settles_at, thread_count, two_torch_threads

from storyapp.engine import SamplingParams
from storyapp.system.openmp import release_worker_threads

pytestmark = pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or (os.cpu_count() or 1) < 2,
    reason="needs Linux's /proc and two CPUs",
)


def test_generate_and_stream_give_their_workers_back(llm):
    prompt = [1, 504, 3458, 282]  # token ids: no tokenizer threads in the count
    params = SamplingParams(max_tokens=3, ignore_eos=True)
    seen: dict = {}

    def run() -> None:
        llm.generate(prompt, params)
        release_worker_threads()
        seen["clean"] = thread_count()
        stream = llm.stream(prompt, params)
        next(stream)
        seen["while streaming"] = thread_count()  # a worker computes beside this thread
        for _ in stream:
            pass
        seen["after stream"] = settles_at(seen["clean"])
        llm.generate(prompt, params)
        seen["after generate"] = settles_at(seen["clean"])

    with two_torch_threads():
        on_a_thread(run)
    assert seen["while streaming"] > seen["clean"], seen
    assert seen["after stream"] and seen["after generate"], seen
