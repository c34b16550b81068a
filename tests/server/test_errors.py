"""Each error in OpenAI's shape and status: unknown model 404, bad parameters 400, a prompt over
the context 400, a bad key 401, hostile bodies 4xx; the server keeps serving after all of them."""

import openai
import pytest

from .conftest import MAX_LEN

# Each test here waits on the session's server, which loads the model and generates: slow.
pytestmark = pytest.mark.slow

HI = [{"role": "user", "content": "Hi"}]


def _error(e: openai.APIStatusError) -> dict:
    body = e.response.json()["error"]
    assert set(body) == {"message", "type", "param", "code"} and body["message"]
    return body


def test_unknown_model_is_404(client):
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="no-such-adapter", messages=HI, max_tokens=2)
    assert _error(e.value)["code"] == "model_not_found"


@pytest.mark.parametrize(
    "bad",
    [
        {"temperature": -1},
        {"top_p": 0},
        {"max_tokens": 0},
        {"max_tokens": -5},
        {"n": 0},
        {"n": 10_000},
        {"seed": 2**70},
        {"stop": [""]},
        {"presence_penalty": 1.5},
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, bad):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="default", messages=HI, **bad)
    body = _error(e.value)
    assert body["type"] == "invalid_request_error"
    assert body["param"] == next(iter(bad)) or body["param"].startswith(next(iter(bad)))


def test_absurd_max_tokens_is_400(client):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="default", messages=HI, max_tokens=10**9)
    assert _error(e.value)["code"] == "context_length_exceeded"


def test_prompt_over_the_context_is_400(client):
    long = [{"role": "user", "content": "word " * (MAX_LEN + 10)}]
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="default", messages=long, max_tokens=2)
    body = _error(e.value)
    assert body["code"] == "context_length_exceeded" and body["param"] == "messages"
    with pytest.raises(openai.BadRequestError):
        client.completions.create(model="default", prompt="word " * (MAX_LEN + 10))


def test_bad_token_ids_and_empty_prompts_are_400(client):
    for prompt in ([10**9], [], "", [[1, 2], []]):
        with pytest.raises(openai.BadRequestError):
            client.completions.create(model="default", prompt=prompt, max_tokens=2)


def test_bad_key_is_401(server):
    from openai import OpenAI

    for key in ("wrong", "sk-test-012345678", "sk-test-0123456789x"):
        with OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0) as bad:
            with pytest.raises(openai.AuthenticationError) as e:
                bad.models.list()
            assert _error(e.value)["code"] == "invalid_api_key"


def test_no_key_is_401_but_health_is_open(server):
    import httpx

    assert httpx.get(server.url + "/v1/models").status_code == 401
    assert httpx.get(server.url + "/metrics").status_code == 401
    assert httpx.get(server.url + "/health").status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2, 3]", 400),
        (b'{"model": "default"}', 400),
        (b'{"model": "default", "messages": [], "max_tokens": 2}', 400),
        (b'{"model": "default", "messages": [{"role": "tool", "content": "x"}]}', 400),
        (b'{"model": "default", "messages": [{"role": "user", "content": "x"}], "tools": []}', 400),
        (b'{"model": "default", "messages": [{"role": "user", "content": "x"}], "n": "many"}', 400),
    ],
)
def test_malformed_bodies_are_400_in_openai_shape(http, body, status):
    r = http.post(
        "/v1/chat/completions", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == status, r.text
    assert set(r.json()["error"]) == {"message", "type", "param", "code"}


def test_unknown_fields_are_refused_by_name(http):
    body = {"model": "default", "messages": HI, "max_tokens": 2, "logprobs": True}
    r = http.post("/v1/chat/completions", json=body)
    assert r.status_code == 400 and r.json()["error"]["param"] == "logprobs"


def test_huge_bodies_are_413_declared_or_chunked(http):
    huge = b'{"model": "default", "prompt": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    r = http.post("/v1/completions", content=huge)
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"

    def chunks():
        yield b'{"model": "default", "prompt": "'
        for _ in range(80):
            yield b"x" * 65536
        yield b'"}'

    assert http.post("/v1/completions", content=chunks()).status_code == 413


def test_unknown_paths_and_methods(http):
    assert http.get("/v1/nothing").status_code == 404
    assert http.get("/v1/chat/completions").status_code == 405
    assert "error" in http.get("/v1/nothing").json()


def test_the_server_still_answers_after_all_that(client):
    assert client.models.list().data[0].id == "default"
