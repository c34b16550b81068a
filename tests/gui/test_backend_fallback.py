"""TensorRT-LLM chosen where it cannot run: the app says why and writes with the embedded engine."""

from __future__ import annotations

import pytest

from storyapp.backends import trtllm_probe

from .conftest import LONG_WAIT_MS, small

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(trtllm_probe.probe().usable, reason="TensorRT-LLM runs here"),
]


def test_tensorrt_llm_where_it_cannot_run_falls_back_to_the_embedded_engine(
    make_window, home, qtbot
) -> None:
    w = make_window(small(backend="tensorrt_llm", sdxl=None, image=False, max_tokens=4))
    qtbot.waitUntil(lambda: bool(w.notices), timeout=LONG_WAIT_MS)
    assert w.notices[0].startswith(trtllm_probe.probe().why)
    assert w.notices[0].endswith("using the embedded engine")
    assert w.status.notes.isVisible()
    w.idea.set_idea("A fox who collects keys")
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    version = done.args[0]
    assert version is not None and version.story_text and version.backend == "embedded"
