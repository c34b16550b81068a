"""GET /metrics: Prometheus text with requests, tokens, running and waiting sequences, batch
sizes."""

import pytest


@pytest.mark.slow
def test_metrics_count_requests_tokens_and_batches(client, http):
    client.completions.create(model="default", prompt="Hello", max_tokens=3, temperature=0)
    text = http.get("/metrics").text
    for name in (
        'storyapp_requests_total{code="200",endpoint="/v1/completions"}',
        "storyapp_prompt_tokens_total",
        "storyapp_generation_tokens_total",
        "storyapp_running_sequences",
        "storyapp_waiting_sequences",
        'storyapp_batch_size_bucket{le="1.0"}',
        "storyapp_time_to_first_token_seconds_count",
    ):
        assert name in text, name
    values = dict(
        line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert float(values["storyapp_generation_tokens_total"]) >= 1
    assert float(values["storyapp_batch_size_count"]) >= 1
