"""The facade's calls leave no OpenMP worker threads behind on the calling thread: a model loaded
or run on one thread and stepped on another (the server's engine thread) keeps barriers spinning
only while the pooled threads do not outnumber the CPUs."""

import os

import pytest
import torch
from thread_counting import on_a_thread, settles_at, thread_count

from storyapp.engine import SamplingParams
from storyapp.system.openmp import release_worker_threads

pytestmark = pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or torch.get_num_threads() < 2,
    reason="needs Linux's /proc and two CPU threads",
)


def test_generate_gives_its_workers_back(llm):
    prompt = [1, 504, 3458, 282]  # token ids: no tokenizer threads in the count
    params = SamplingParams(max_tokens=3, ignore_eos=True)
    seen = {}

    def run() -> None:
        llm.generate(prompt, params)
        release_worker_threads()
        seen["clean"] = thread_count()
        llm.generate(prompt, params)
        seen["settled"] = settles_at(seen["clean"])

    on_a_thread(run)
    assert seen["settled"]
