"""The network layer under httpx: our backends are really in use, and reads grow and shrink."""

from __future__ import annotations

import asyncio

import pytest

from ciartifacts.asyncio_backend import AsyncioBackend
from ciartifacts.network import MAX_READ, MIN_READ, ReadSize, SyncBackend
from ciartifacts.transport import TransferOptions, async_client, sync_client, tls_context


def pools(client: object) -> list[object]:
    transports = [client._transport, *client._mounts.values()]  # type: ignore[attr-defined]
    return [transport._pool for transport in transports if transport is not None]


@pytest.mark.parametrize(
    "proxy_env", [{}, {"HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "internal.example"}]
)
def test_every_pool_of_a_sync_client_uses_our_backend(
    proxy_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in proxy_env.items():
        monkeypatch.setenv(name, value)
    with sync_client("https://api.example", {}, TransferOptions(), tls_context()) as client:
        found = pools(client)
        assert len(found) == 1 + (1 if proxy_env else 0)  # the proxy gets a pool of its own
        assert all(isinstance(pool._network_backend, SyncBackend) for pool in found)  # type: ignore[attr-defined]


def test_every_pool_of_an_async_client_uses_asyncio_streams(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")

    async def check() -> None:
        async with async_client(
            "https://api.example", {}, TransferOptions(), tls_context()
        ) as client:
            found = pools(client)
            assert len(found) == 2
            assert all(isinstance(pool._network_backend, AsyncioBackend) for pool in found)  # type: ignore[attr-defined]

    asyncio.run(check())


def test_reads_grow_while_full_and_shrink_when_short() -> None:
    size = ReadSize()
    assert size.size == MIN_READ
    for _ in range(10):
        size.adapt(size.size)
    assert size.size == MAX_READ
    size.adapt(100)
    assert size.size == MAX_READ // 2
    size.adapt(MAX_READ // 4)  # neither full nor short: stays
    assert size.size == MAX_READ // 2
    for _ in range(10):
        size.adapt(0)
    assert size.size == MIN_READ
