"""Connections that hold a place without asking for anything are closed, and no one client can
hold them all.

uvicorn's h11 protocol has a keep-alive timeout between requests but none while a request's head
or body is arriving, and its concurrency limit counts open connections: a thousand that send half
a request and wait lock every client out. This protocol adds the missing deadlines (the head must
be complete within `header_timeout` of its first byte or of the connection, the body within
`body_timeout` of the head) and caps connections per client address and in all; the request
limit then counts requests (ConcurrencyLimit), not sockets.
"""

import asyncio
from collections import Counter
from dataclasses import dataclass, field

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REFUSED = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


@dataclass(slots=True)
class ConnectionLimits:
    header_timeout: float = 10.0
    body_timeout: float = 60.0
    per_client: int = 256
    total: int = 4096
    open: Counter = field(default_factory=Counter)  # client address -> connections open


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """uvicorn's h11 protocol class with these limits (pass it as Config(http=...))."""

    class Guarded(GuardedH11Protocol):
        pass

    Guarded.limits = limits
    return Guarded


class GuardedH11Protocol(H11Protocol):
    limits: ConnectionLimits

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase = ""
        self._counted = None
        host = self.client[0] if self.client else ""
        lim = self.limits
        if lim.open[host] >= lim.per_client or lim.open.total() >= lim.total:
            transport.write(REFUSED)
            transport.close()
            return
        lim.open[host] += 1
        self._counted = host
        self._arm("head", lim.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted is not None:
            self.limits.open[self._counted] -= 1
            if self.limits.open[self._counted] <= 0:
                del self.limits.open[self._counted]
            self._counted = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def _follow(self) -> None:
        """Arm the deadline that fits where the client's request stands."""
        if self.transport.is_closing():
            return self._disarm()
        state = self.conn.their_state
        if state is h11.IDLE and self.timeout_keep_alive_task is not None:
            self._disarm()  # between requests, nothing sent: uvicorn's keep-alive timer runs
        elif state is h11.IDLE:
            self._arm("head", self.limits.header_timeout)
        elif state is h11.SEND_BODY:
            self._arm("body", self.limits.body_timeout)
        else:
            self._disarm()

    def _arm(self, phase: str, seconds: float) -> None:
        if self._phase == phase:
            return  # a deadline runs from the phase's start, not from the latest byte
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, ""

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(TIMED_OUT)  # no response under way: tell the client why
        self.transport.close()
