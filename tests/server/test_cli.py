"""`storyapp serve`: refuses to expose the model without a key; serves what the flags say."""

import socket
import subprocess
import sys
import time

import httpx
import pytest

from storyapp.server.errors import OpenAIError
from storyapp.server.routes import check_key
from storyapp.server.runner import UnsafeBind, check_host


@pytest.mark.slow
def test_non_loopback_host_without_key_is_refused_in_one_line(run_cli):
    r = run_cli("serve", "--host", "0.0.0.0", "--port", "1", timeout=120)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "--api-key" in lines[0] and "0.0.0.0" in lines[0]


def test_host_rules():
    for host in ("127.0.0.1", "localhost", "::1", "127.5.5.5"):
        check_host(host, None)
    for host in ("0.0.0.0", "::", "192.168.1.4", "example.com"):
        with pytest.raises(UnsafeBind):
            check_host(host, None)
        check_host(host, "a-key")


def test_key_rules():
    check_key(None, None)
    check_key("k", "Bearer k")
    check_key("k", "bearer k")
    for header in (None, "", "Bearer", "Bearer kk", "Basic k", "k", "Bearer é"):
        with pytest.raises(OpenAIError):
            check_key("k", header)


@pytest.mark.slow
def test_serve_subprocess_with_an_adapter(adapter_dirs):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "storyapp.cli", "serve", "--port", str(port)]
    cmd += ["--adapter", f"mine={adapter_dirs['ada']}", "--max-model-len", "256"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                if httpx.get(url + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "storyapp serve did not come up"
            time.sleep(0.3)
        models = httpx.get(url + "/v1/models").json()["data"]
        assert [(m["id"], m["parent"]) for m in models] == [("default", None), ("mine", "default")]
        body = {"model": "mine", "prompt": "Hi", "max_tokens": 2}
        assert httpx.post(url + "/v1/completions", json=body, timeout=60).status_code == 200
    finally:
        proc.terminate()
        proc.wait(30)
    assert "serving 'default' (adapters: mine)" in proc.stderr.read()
