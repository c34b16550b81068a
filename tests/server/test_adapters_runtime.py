"""Adapters loaded and unloaded over HTTP (vLLM's bodies) while the server runs; unloading one in
use lets its running request finish with it."""

import pytest

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

HELLO = [{"role": "user", "content": "Tell me about the sea."}]


@pytest.mark.slow
def test_load_use_and_unload_at_run_time(client, http, adapter_dirs):
    r = http.post(
        "/v1/load_lora_adapter", json={"lora_name": "extra", "lora_path": str(adapter_dirs["dot"])}
    )
    assert r.status_code == 200 and "extra" in r.text
    cards = {m.id: m for m in client.models.list().data}
    assert cards["extra"].parent == "default" and cards["extra"].root == str(adapter_dirs["dot"])

    kw = dict(messages=HELLO, max_tokens=12, temperature=0)
    same = client.chat.completions.create(model="dot", **kw).choices[0].message.content
    assert client.chat.completions.create(model="extra", **kw).choices[0].message.content == same

    # unload while a request with it streams: the request finishes with the adapter
    stream = client.chat.completions.create(model="extra", stream=True, **kw)
    chunks = iter(stream)
    first = next(chunks)
    r = http.post("/v1/unload_lora_adapter", json={"lora_name": "extra"})
    assert r.status_code == 200
    text = "".join(c.choices[0].delta.content or "" for c in [first, *chunks] if c.choices)
    assert text == same
    assert "extra" not in [m.id for m in client.models.list().data]
    r = http.post("/v1/chat/completions", json={"model": "extra", "messages": HELLO})
    assert r.status_code == 404


def test_load_errors(http, adapter_dirs):
    inside = adapter_dirs["ada"].parent / "load-errors"  # within the server's --adapter-dir
    inside.mkdir(exist_ok=True)

    def load(name, path):
        return http.post("/v1/load_lora_adapter", json={"lora_name": name, "lora_path": str(path)})

    assert load("ada", adapter_dirs["ada"]).status_code == 400  # already loaded
    assert load("default", adapter_dirs["ada"]).status_code == 400  # the base model's name
    missing = load("nope", inside / "missing")
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "lora_path"
    (inside / "adapter_model.bin").write_bytes(b"pickle")
    assert load("pickled", inside / "adapter_model.bin").status_code == 400
    r = http.post("/v1/unload_lora_adapter", json={"lora_name": "never-loaded"})
    assert r.status_code == 404
    assert http.post("/v1/load_lora_adapter", json={"lora_name": "x"}).status_code == 400
