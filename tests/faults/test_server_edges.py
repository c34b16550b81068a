"""Issue 22, item 7: the server's edges. A Host check against DNS rebinding; adapter loads only
from the folders the server was started with, one answer whether a path exists or not; adapter
configs read with a size cap and checked field by field; /openapi.json behind the key; port
errors in one line before the model loads."""

import socket

import httpx
import pytest
from server.own_server import _allowed_dir, _any_server, _fault_llm, write_adapter  # noqa: F401

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow


def auth(server) -> dict:
    return {"Authorization": f"Bearer {server.key}"} if server.key else {}


def load(server, name, path):
    body = {"lora_name": name, "lora_path": str(path)}
    return httpx.post(server.url + "/v1/load_lora_adapter", json=body, headers=auth(server))


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "10.0.0.1", ""]
)
def test_a_foreign_host_header_is_refused(any_server, host):
    r = httpx.get(any_server.url + "/v1/models", headers={**auth(any_server), "Host": host})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_host"


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST:{port}", "127.0.0.1:{port}", "[::1]:{port}"]
)
def test_loopback_host_headers_are_served(any_server, host):
    header = host.format(port=any_server.port)
    r = httpx.get(any_server.url + "/v1/models", headers={**auth(any_server), "Host": header})
    assert r.status_code == 200


def test_paths_outside_the_adapter_dirs_get_one_answer(any_server, allowed_dir, tmp_path):
    outside = write_adapter(tmp_path / "outside", any_server.app.state.server.llm.config, 5)
    (allowed_dir / "link").unlink(missing_ok=True)
    (allowed_dir / "link").symlink_to(outside)
    answers = [
        load(any_server, "x", path)
        for path in (outside, tmp_path / "missing", "/etc", "/etc/passwd", allowed_dir / "link",
                     allowed_dir / ".." / "nothing", "a\x00b", "~0", "~no-such-user/x")
    ]  # fmt: skip
    assert {r.status_code for r in answers} == {403}
    assert len({r.text for r in answers}) == 1
    assert "--adapter-dir" in answers[0].json()["error"]["message"]


def test_a_huge_adapter_config_is_refused_without_reading_it(any_server, allowed_dir):
    folder = write_adapter(allowed_dir / "huge", any_server.app.state.server.llm.config, 6)
    with (folder / "adapter_config.json").open("w") as f:
        f.write('{"r": 4, "padding": "' + "x" * (64 << 20) + '"}')
    r = load(any_server, "huge", folder)
    assert r.status_code == 400 and "over 1048576 bytes" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"lora_alpha": "lots"}, "field 'lora_alpha'"),
        ({"alpha_pattern": {"q_proj(": 2}}, "field 'alpha_pattern'"),
        ({"r": -1}, "field 'r'"),
        ({"target_modules": {"q": 1}}, "field 'target_modules'"),
    ],
)
def test_bad_adapter_configs_are_400_naming_the_field(any_server, allowed_dir, config, field):
    name = "bad-" + next(iter(config))
    folder = write_adapter(allowed_dir / name, any_server.app.state.server.llm.config, 7, **config)
    r = load(any_server, name, folder)
    assert r.status_code == 400, r.text
    assert field in r.json()["error"]["message"] and r.json()["error"]["param"] == "lora_path"


def test_openapi_is_behind_the_key_and_docs_are_off(any_server):
    r = httpx.get(any_server.url + "/openapi.json")
    if any_server.key:
        assert r.status_code == 401
    r = httpx.get(any_server.url + "/openapi.json", headers=auth(any_server))
    assert r.status_code == 200 and "/v1/chat/completions" in r.json()["paths"]
    assert httpx.get(any_server.url + "/docs", headers=auth(any_server)).status_code == 404


def serve(run_cli, *args):
    """A model that does not exist: had the model been loaded first, that would be the error."""
    return run_cli("serve", "--model", "/nonexistent/model.gguf", *args, timeout=120)


@pytest.mark.slow
def test_an_invalid_port_is_one_line_before_the_model_loads(run_cli):
    r = serve(run_cli, "--port", "70000")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "--port 70000" in lines[0], r.stderr


@pytest.mark.slow
def test_a_port_in_use_is_one_line_and_no_serving_message(run_cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = serve(run_cli, "--port", str(busy.getsockname()[1]))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "serving" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use" in lines[0], r.stderr
