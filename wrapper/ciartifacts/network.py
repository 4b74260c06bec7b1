"""The network layer under httpx: larger reads, and choosing httpcore's network backend.

httpcore reads at most 64 KiB per call, and every call costs the HTTP parser and the client
their bookkeeping: on a 1 GiB download that is most of the client's CPU. The streams here read
more at a time while reads come back full (up to 1 MiB), and fall back to small reads for
small answers, so the CPU per byte drops by about half without holding more memory per idle
connection. httpcore lets a pool take any network backend; httpx does not expose the choice,
so :func:`use_backend` sets it on the pools httpx built (the default transport and each proxy
transport). If a future httpx keeps its pools elsewhere nothing is changed: only the speed is
lost, which ``tests/unit/test_network.py`` reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

MIN_READ = 64 * 1024
MAX_READ = 1024 * 1024


class ReadSize:
    """Grows while reads come back full, shrinks when they come back short."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        self.size = MIN_READ

    def adapt(self, received: int) -> None:
        if received >= self.size:
            self.size = min(self.size * 2, MAX_READ)
        elif received < self.size // 4:
            self.size = max(self.size // 2, MIN_READ)


class LargeReads(httpcore.NetworkStream):
    """A synchronous stream that reads as much as the peer has ready, within :data:`MAX_READ`."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._read_size = ReadSize()

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max(max_bytes, self._read_size.size), timeout)
        self._read_size.adapt(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return LargeReads(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class SyncBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        return LargeReads(stream)


def use_backend(client: httpx.Client | httpx.AsyncClient, backend: Any) -> int:
    """Make every connection pool of ``client`` use ``backend``; returns how many pools were
    switched (0 if httpx keeps its pools elsewhere)."""
    transports = [client._transport, *client._mounts.values()]
    switched = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if hasattr(pool, "_network_backend"):
            pool._network_backend = backend  # type: ignore[union-attr]
            switched += 1
    return switched
