"""Hundreds of idle or half-sent connections held open by one client: others are still answered."""

import socket

import pytest

IDLE = 500


@pytest.mark.slow
def test_many_idle_and_half_sent_connections_do_not_block_others(server, client):
    held = []
    try:
        for i in range(IDLE):
            # from another loopback address: one client may hold only its share of connections
            s = socket.create_connection(
                ("127.0.0.1", server.port), timeout=10, source_address=("127.0.0.2", 0)
            )
            if i % 2:  # half of them start a request and never finish it
                s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Len")
            held.append(s)
        answer = client.chat.completions.create(
            model="ada", messages=[{"role": "user", "content": "Hi"}], max_tokens=2
        )
        assert answer.choices[0].message.content is not None
        assert client.models.list().data[0].id == "default"
    finally:
        for s in held:
            s.close()
    assert client.models.list().data[0].id == "default"
