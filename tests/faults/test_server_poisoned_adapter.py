"""Issue 22, item 3: an adapter with NaN weights was accepted, and one sampled request with it
failed every request in the batch with a 500 naming no adapter."""

import concurrent.futures

import httpx
import openai
import pytest
from server.own_server import _allowed_dir, _fault_llm, _keyless, write_adapter  # noqa: F401

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow


def load(server, name, path):
    body = {"lora_name": name, "lora_path": str(path)}
    return httpx.post(server.url + "/v1/load_lora_adapter", json=body, timeout=60)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_load_refuses_non_finite_weights_naming_the_tensor(keyless, allowed_dir, fault_llm, value):
    folder = write_adapter(allowed_dir / f"broken-{value}", fault_llm.config, 2, value)
    r = load(keyless, "broken", folder)
    assert r.status_code == 400, r.text
    message = r.json()["error"]["message"]
    assert "layers.2.v_proj.lora_B" in message and "NaN or infinite" in message
    assert "broken" not in fault_llm.adapters


@pytest.mark.slow
def test_cli_refuses_a_nan_adapter_in_one_line_naming_the_tensor(run_cli, tmp_path, fault_llm):
    folder = write_adapter(tmp_path / "nan", fault_llm.config, 3, float("nan"))
    r = run_cli("complete", "Hi", "--adapter", folder, "--max-tokens", "2", timeout=300)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "layers.2.v_proj.lora_B" in lines[0], r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_a_poisoned_request_fails_alone_and_names_its_adapter(keyless, allowed_dir, fault_llm):
    folder = write_adapter(allowed_dir / "poison", fault_llm.config, 4)
    assert load(keyless, "poison", folder).status_code == 200
    for m in fault_llm.engine.adapters.get("poison").modules.values():
        m.b.fill_(float("nan"))  # broken after the load-time check: the engine must contain it
    client = openai.OpenAI(base_url=keyless.url + "/v1", api_key="none", max_retries=0)
    questions = [f"Say something about {w}." for w in ("rain", "snow", "bread", "a cat")]

    def ask(model: str, question: str, temperature: float) -> str:
        answer = client.completions.create(
            model=model, prompt=question, max_tokens=8, temperature=temperature, seed=1
        )
        return answer.choices[0].text

    direct = [ask(m, q, 0) for m, q in zip(["good", "default"] * 2, questions, strict=True)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        poisoned = [pool.submit(ask, "poison", "Tell me a story.", t) for t in (0, 0.8)]
        healthy = [
            pool.submit(ask, m, q, 0)
            for m, q in zip(["good", "default"] * 2, questions, strict=True)
        ]
        for f in poisoned:
            with pytest.raises(openai.InternalServerError, match="the adapter 'poison'"):
                f.result()
        assert [f.result() for f in healthy] == direct
    assert [ask(m, q, 0) for m, q in zip(["good", "default"] * 2, questions, strict=True)] == direct
    httpx.post(keyless.url + "/v1/unload_lora_adapter", json={"lora_name": "poison"})
