"""While SDXL paints, the embedded LLM gives its KV cache back when the card's plan says so."""

import pytest

from storyapp.backends import backend_idle


@pytest.mark.slow  # two tiny SDXL renders on CPU: ~10 s
def test_paint_releases_the_kv_cache_when_the_plan_says_so(make_pipeline, backend, illustrator):
    seen: list[bool] = []
    render = illustrator.render

    def watched(*args, **kwargs):
        seen.append(backend.llm.cache_allocated)
        return render(*args, **kwargs)

    illustrator.render = watched
    try:
        backend.release_while_idle = True
        backend.llm.engine.cache.ensure()
        image, _ = make_pipeline().paint("a red robot in a field", seed=3)
        backend.release_while_idle = False
        backend.llm.engine.cache.ensure()
        make_pipeline().paint("a red robot in a field", seed=3)
    finally:
        del illustrator.render
    assert image is not None
    assert seen == [False, True]  # released while painting; kept when the plan says resident


def test_a_backend_without_idle_is_left_alone():
    class Server:
        pass

    with backend_idle(Server()):  # type: ignore[arg-type]
        pass
