"""A schemathesis fuzz of the server's OpenAPI schema: whatever arrives, never a 5xx, and the
server still answers afterwards."""

import pytest

from .conftest import KEY

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402  (schemathesis brings hypothesis)

EXAMPLES = 25  # per operation: the whole fuzz stays well under a minute


@pytest.mark.slow
def test_fuzzed_requests_never_get_a_5xx(server, client):
    auth = {"Authorization": f"Bearer {KEY}"}
    # the schema is behind the key too; its loader passes keyword arguments on to the request
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json", headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"POST /v1/chat/completions", "POST /v1/completions", "GET /v1/models"} <= labels
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case) -> None:
            response = case.call(base_url=server.url, headers=auth, timeout=60)
            assert response.status_code < 500, (case.method, case.path, response.text[:300])

        check()
    assert client.models.list().data[0].id == "default"
