"""The HTTP backend's errors against our real server: one line naming the server and the cause."""

import pytest

from storyapp.backends import BackendError, ChatRequest, Sampling
from storyapp.backends.openai_http import OpenAIHTTPBackend

from .conftest import KEY

# Each test here waits on the session's server, which loads the model and generates: slow.
pytestmark = pytest.mark.slow

HI = ChatRequest(({"role": "user", "content": "Hi"},), None, Sampling(max_tokens=2))


def test_unknown_served_model_is_a_one_line_404(server):
    backend = OpenAIHTTPBackend(server.url + "/v1", "vllm", KEY, model="no-such-model")
    with pytest.raises(BackendError) as e:
        backend.chat([HI])
    backend.close()
    message = str(e.value)
    assert "has no model or adapter 'no-such-model' (404)" in message and "\n" not in message


def test_wrong_key_is_named(server):
    with pytest.raises(BackendError, match=r"refused the API key \(401\); pass --api-key"):
        OpenAIHTTPBackend(server.url, "vllm", "wrong-key")


def test_prompt_over_the_context_is_a_400_line(server):
    long = ChatRequest(({"role": "user", "content": "word " * 600},), None, Sampling(max_tokens=2))
    backend = OpenAIHTTPBackend(server.url, "vllm", KEY)
    with pytest.raises(BackendError, match=r"answered 400: .*context"):
        backend.chat([long, HI])
    backend.close()
