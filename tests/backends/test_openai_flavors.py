"""What each flavor puts on the wire, checked against a real HTTP server on loopback that records
the JSON bodies: trtllm's lora_request with stable int ids, llama.cpp's per-request lora scales,
vLLM's adapter in `model`."""

import pytest

from storyapp.backends import AdapterUnavailable, BackendError, ChatRequest, Sampling
from storyapp.backends.openai_flavors import stable_int_id
from storyapp.backends.openai_http import OpenAIHTTPBackend

from .recording_server import WORDS, RecordingServer

HI = ({"role": "user", "content": "Hi"},)


def _rows(*adapters):
    return [ChatRequest(HI, a, Sampling(max_tokens=7, temperature=0.0, seed=5)) for a in adapters]


@pytest.fixture
def recorder():
    with RecordingServer() as r:
        yield r


def test_trtllm_sends_lora_request_with_stable_ids(recorder, tmp_path):
    backend = OpenAIHTTPBackend(recorder.url + "/v1", "trtllm")
    backend.add_adapter("story-writer", tmp_path / "sw")
    backend.add_adapter("sd-prompt-writer", tmp_path / "sp")
    seen = []
    out = backend.chat(_rows("story-writer", "sd-prompt-writer", None), lambda i, t: seen.append(i))
    backend.close()
    assert [r.text for r in out] == ["".join(WORDS)] * 3
    assert [r.tokens for r in out] == [len(WORDS)] * 3 and sorted(set(seen)) == [0, 1, 2]
    by_lora = {b.get("lora_request", {}).get("lora_name"): b for b in recorder.bodies}
    assert set(by_lora) == {"story-writer", "sd-prompt-writer", None}
    assert by_lora["story-writer"]["lora_request"] == {
        "lora_name": "story-writer",
        "lora_int_id": stable_int_id("story-writer"),
        "lora_path": str(tmp_path / "sw"),
    }
    assert all(b["model"] == "base-model" and b["stream"] is True for b in recorder.bodies)
    assert all(b["max_tokens"] == 7 and b["seed"] == 5 for b in recorder.bodies)
    ids = {stable_int_id(n) for n in ("story-writer", "sd-prompt-writer")}
    assert len(ids) == 2 and stable_int_id("story-writer") == stable_int_id("story-writer")


def test_llamacpp_sends_per_request_scales_by_server_ids(recorder, tmp_path):
    backend = OpenAIHTTPBackend(recorder.url, "llamacpp")
    backend.add_adapter("story-writer", tmp_path / "story-writer")
    backend.add_adapter("sd-prompt-writer", "/srv/lora/sd-prompt-writer.gguf")
    backend.chat(_rows("sd-prompt-writer", None))
    backend.close()
    assert "/lora-adapters" in recorder.paths
    loras = sorted((b["lora"] for b in recorder.bodies), key=lambda x: -sum(e["scale"] for e in x))
    assert loras == [
        [{"id": 0, "scale": 0.0}, {"id": 1, "scale": 1.0}],
        [{"id": 0, "scale": 0.0}, {"id": 1, "scale": 0.0}],
    ]
    assert all(b["model"] == "base-model" for b in recorder.bodies)


def test_llamacpp_adapter_the_server_lacks_is_named(recorder):
    backend = OpenAIHTTPBackend(recorder.url, "llamacpp")
    with pytest.raises(AdapterUnavailable, match="no LoRA loaded .* named after 'villain'"):
        backend.add_adapter("villain", "/nowhere/villain")
    backend.close()


def test_vllm_names_the_adapter_in_model_and_a_404_is_one_line(recorder):
    backend = OpenAIHTTPBackend(recorder.url, "vllm")
    assert backend.adapters() == []  # the server serves none: rows fall back to the base
    out = backend.chat(_rows("story-writer"))
    assert recorder.bodies[-1]["model"] == "base-model" and out[0].adapter is None
    with pytest.raises(AdapterUnavailable, match="could not load .*storyapp serve --adapter"):
        backend.add_adapter("story-writer", "/nowhere/story-writer")
    backend.close()


def test_bad_base_url_is_named():
    with pytest.raises(BackendError, match="must start with http"):
        OpenAIHTTPBackend("127.0.0.1:8000")
