"""GET /metrics: Prometheus text with requests, tokens, running and waiting sequences, batch
sizes."""

import pytest

from .conftest import metric_values


@pytest.mark.slow
def test_metrics_count_requests_tokens_and_batches(client, http):
    client.completions.create(model="default", prompt="Hello", max_tokens=3, temperature=0)
    values = metric_values(http)
    for name in (
        'storyapp_requests_total{code="200",endpoint="/v1/completions"}',
        "storyapp_prompt_tokens_total",
        "storyapp_generation_tokens_total",
        "storyapp_running_sequences",
        "storyapp_waiting_sequences",
        'storyapp_batch_size_bucket{le="1.0"}',
        "storyapp_time_to_first_token_seconds_count",
    ):
        assert name in values, name
    assert values["storyapp_generation_tokens_total"] >= 1
    assert values["storyapp_batch_size_count"] >= 1
