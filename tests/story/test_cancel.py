"""Cancel in each stage: the stage stops, says so, and the engine and illustrator carry on."""

import pytest

from storyapp.story import Cancelled, ImageStep, StoryCancelled, StoryPipeline, Token

from .conftest import TINY_TEXT, cancel_on, engine_idle

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "stage, trigger",
    [
        ("premise", lambda ev: isinstance(ev, Token) and ev.stage == "premise"),
        ("story", lambda ev: isinstance(ev, Token) and ev.stage == "story"),
        ("image", lambda ev: isinstance(ev, ImageStep)),
    ],
)
def test_cancel_in_each_stage(stage, trigger, backend, illustrator, llm):
    events: list = []
    cancel, on_event = cancel_on(trigger, events)
    pipe = StoryPipeline(backend, illustrator, TINY_TEXT, on_event)
    with pytest.raises(StoryCancelled) as info:
        pipe.run("A lighthouse keeper befriends a talking whale", cancel)
    assert info.value.stage == stage
    assert events[-1] == Cancelled(stage)
    if stage != "image":  # stopped within a step: at most one more token per row came
        assert sum(isinstance(e, Token) and e.stage == stage for e in events) <= 2
    assert engine_idle(llm)
    # the same pipeline, engine and illustrator run a whole story afterwards
    events.clear()
    cancel.clear()
    done = StoryPipeline(backend, illustrator, TINY_TEXT).run("A fox who collects keys")
    assert done.story and done.image is not None
    assert engine_idle(llm)


def test_cancel_before_start_runs_nothing(backend, llm):
    events: list = []
    cancel, on_event = cancel_on(lambda ev: False, events)
    cancel.set()
    steps = llm.engine.steps
    with pytest.raises(StoryCancelled):
        StoryPipeline(backend, None, TINY_TEXT, on_event).run("A fox", cancel)
    assert llm.engine.steps == steps and engine_idle(llm)
