"""32 concurrent HTTP clients with mixed adapters against `storyapp serve`, next to the engine
called directly on the same requests: throughput ratio (target >= 90 %) and latency percentiles.

The server runs in this process over the same loaded model as the direct baseline (uvicorn in a
thread with `storyapp serve`'s config, the engine loop in another); the clients run in a child
process (httpx, streaming SSE), as other applications on the PC would. The ratio is the median of
each served run over the direct run just before it; the CPU seconds say who took the CPUs.

    .venv/bin/python benchmarks/serve_concurrency.py [--clients 32] [--adapters 4] [--max-tokens 64]
"""

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

QUESTIONS = [
    "Write a short poem about the sea.",
    "Explain how bread rises.",
    "Describe a walk in the forest.",
    "Tell me about the history of clocks.",
    "What makes a good story?",
    "Describe a busy market.",
    "How do birds find their way?",
    "Write a letter to a friend.",
]


def requests(clients: int, adapters: int) -> list[tuple[str, str]]:
    names = [f"lora{i}" for i in range(adapters)] or ["default"]
    return [(names[i % len(names)], QUESTIONS[i % len(QUESTIONS)]) for i in range(clients)]


# ---- the client process ----------------------------------------------------------------------


async def _one(client, model: str, question: str, max_tokens: int) -> dict:
    body = {
        "model": model,
        "messages": [{"role": "user", "content": question}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "ignore_eos": True,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    t0 = time.perf_counter()
    ttft, tokens = None, 0
    async with client.stream("POST", "/v1/chat/completions", json=body) as r:
        r.raise_for_status()
        async for line in r.aiter_lines():
            if not line.startswith("data: {"):
                continue
            chunk = json.loads(line[6:])
            if ttft is None and chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                ttft = time.perf_counter() - t0
            if chunk.get("usage"):
                tokens = chunk["usage"]["completion_tokens"]
    return {"latency": time.perf_counter() - t0, "ttft": ttft or 0.0, "tokens": tokens}


async def _load(url: str, reqs: list, max_tokens: int, concurrent: bool) -> dict:
    import httpx

    limits = httpx.Limits(max_connections=len(reqs))
    async with httpx.AsyncClient(base_url=url, timeout=600, limits=limits) as client:
        t0, cpu0 = time.perf_counter(), time.process_time()
        if concurrent:
            results = await asyncio.gather(*(_one(client, m, q, max_tokens) for m, q in reqs))
        else:
            results = [await _one(client, m, q, max_tokens) for m, q in reqs]
        return {
            "wall": time.perf_counter() - t0,
            "cpu": time.process_time() - cpu0,  # what the clients took from the engine's CPUs
            "requests": results,
        }


def client_main(args) -> None:
    reqs = requests(args.clients, args.adapters)
    out = asyncio.run(_load(args.client, reqs, args.max_tokens, not args.sequential))
    print(json.dumps(out))


# ---- the server / engine process ---------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def _run_clients(url: str, args, sequential: bool) -> dict:
    cmd = [sys.executable, __file__, "--client", url, "--clients", str(args.clients)]
    cmd += ["--adapters", str(args.adapters), "--max-tokens", str(args.max_tokens)]
    cmd += ["--sequential"] if sequential else []
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--adapters", type=int, default=4)
    p.add_argument("--max-tokens", type=int, default=64)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--model", default="default")
    p.add_argument("--skip-sequential", action="store_true")
    p.add_argument("--json-out")
    p.add_argument("--client", help=argparse.SUPPRESS)
    p.add_argument("--sequential", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.client:
        return client_main(args)

    import uvicorn

    from storyapp.bench.random_adapters import write_random_adapter
    from storyapp.engine import LLM, SamplingParams
    from storyapp.server import create_app
    from storyapp.server.runner import server_config

    llm = LLM.load(args.model, max_num_seqs=args.clients, max_model_len=1024)
    tmp = Path(tempfile.mkdtemp())
    for i in range(args.adapters):
        llm.add_adapter(
            f"lora{i}", write_random_adapter(tmp / f"lora{i}", llm.config, 8, "qkvo", i)
        )
    reqs = requests(args.clients, args.adapters)
    prompts = [llm.chat_prompts([{"role": "user", "content": q}])[0] for _, q in reqs]
    names = [None if m == "default" else m for m, _ in reqs]
    params = SamplingParams(max_tokens=args.max_tokens, ignore_eos=True)
    sequential = None
    llm.generate(prompts, SamplingParams(max_tokens=4, ignore_eos=True), names)  # warm-up

    direct, served = [], []
    for r in range(args.repeats):  # alternate, so that a noisy neighbour hurts both alike
        t0, cpu0 = time.perf_counter(), time.process_time()
        outs = llm.generate(prompts, params, names)
        direct.append(
            {
                "wall": time.perf_counter() - t0,
                "cpu": time.process_time() - cpu0,
                "ttft": [o.ttft_s for o in outs],
            }
        )
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(server_config(create_app(llm)))  # as `storyapp serve` runs it
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        cpu0 = time.process_time()
        served.append(_run_clients(url, args, False))
        served[-1]["server_cpu"] = time.process_time() - cpu0
        if r == args.repeats - 1 and not args.skip_sequential:
            sequential = _run_clients(url, args, True)
        server.should_exit = True
        thread.join()

    tokens = args.clients * args.max_tokens
    best_direct = min(d["wall"] for d in direct)
    best_served = min(s["wall"] for s in served)
    lat = [r["latency"] for s in served for r in s["requests"]]
    ttft = [r["ttft"] for s in served for r in s["requests"]]
    assert all(r["tokens"] == args.max_tokens for s in served for r in s["requests"])
    result = {
        "clients": args.clients,
        "adapters": args.adapters,
        "max_tokens": args.max_tokens,
        "direct_wall_s": [round(d["wall"], 2) for d in direct],
        "served_wall_s": [round(s["wall"], 2) for s in served],
        "direct_tok_s": round(tokens / best_direct, 1),
        "served_tok_s": round(tokens / best_served, 1),
        # each served run against the direct run just before it: a machine whose speed drifts
        # between minutes moves both alike; the best of each alone pairs runs minutes apart
        "served_over_direct": round(
            statistics.median(d["wall"] / s["wall"] for d, s in zip(direct, served, strict=True)),
            3,
        ),
        "best_over_best": round(best_direct / best_served, 3),
        "direct_cpu_s": [round(d["cpu"], 2) for d in direct],
        "server_cpu_s": [round(s["server_cpu"], 2) for s in served],  # engine + HTTP
        "client_cpu_s": [round(s["cpu"], 2) for s in served],
        "latency_s": {f"p{q}": round(_pct(lat, q), 2) for q in (50, 90, 95, 99)},
        "ttft_s": {f"p{q}": round(_pct(ttft, q), 2) for q in (50, 90, 95, 99)},
        "direct_ttft_s_p50": round(statistics.median(direct[0]["ttft"]), 2),
    }
    if sequential:
        result["sequential_wall_s"] = round(sequential["wall"], 2)
        result["sequential_tok_s"] = round(tokens / sequential["wall"], 1)
    print(json.dumps(result, indent=2))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
