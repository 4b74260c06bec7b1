"""The lane transport, sync and async, against a scripted server: keep-alive and its limits,
every body framing, broken answers and timeouts, and forward proxies."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from ciartifacts._async.http import AsyncLaneTransport
from ciartifacts._sync.http import LaneTransport
from ciartifacts.proxies import ProxyRules
from ciartifacts.testing import FakeProxy
from ciartifacts.transport import tls_context

Script = Callable[[socket.socket, int], None]


class ScriptedServer:
    """Accepts connections on loopback; each is handled by ``script(conn, number)``."""

    def __init__(self, script: Script) -> None:
        self._script = script
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(
                target=self._serve, args=(conn, self.connections), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, number: int) -> None:
        with conn, contextlib.suppress(OSError):
            self._script(conn, number)

    def close(self) -> None:
        self._listener.close()
        for thread in self._threads:
            thread.join(5)


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    return data


@pytest.fixture
def serve() -> Iterator[Callable[[Script], ScriptedServer]]:
    servers: list[ScriptedServer] = []

    def start(script: Script) -> ScriptedServer:
        server = ScriptedServer(script)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


class Lane:
    """Either transport, called the same way; returns (status, headers, body)."""

    def __init__(self, flavour: str, environ: dict[str, str] | None = None) -> None:
        rules = ProxyRules(environ or {})
        self.flavour = flavour
        self._runner = asyncio.Runner() if flavour == "async" else None

        def tls() -> ssl.SSLContext:
            return tls_context({})

        self.sync = LaneTransport(tls, rules)
        self.aio = AsyncLaneTransport(tls, rules)

    def get(self, url: str, timeout: float = 5.0) -> tuple[int, httpx.Headers, bytes]:
        request = httpx.Request(
            "GET", url, extensions={"timeout": httpx.Timeout(timeout).as_dict()}
        )
        if self._runner is None:
            response = self.sync.handle_request(request)
            try:
                return response.status_code, response.headers, b"".join(response.iter_raw())
            finally:
                response.close()

        async def fetch() -> tuple[int, httpx.Headers, bytes]:
            response = await self.aio.handle_async_request(request)
            try:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
                return response.status_code, response.headers, body
            finally:
                await response.aclose()

        return self._runner.run(fetch())

    def close(self) -> None:
        self.sync.close()
        if self._runner is not None:
            self._runner.run(self.aio.aclose())
            self._runner.close()


@pytest.fixture(params=["sync", "async"])
def lane(request: pytest.FixtureRequest) -> Iterator[Callable[..., Lane]]:
    made: list[Lane] = []

    def make(**kwargs: Any) -> Lane:
        made.append(Lane(request.param, **kwargs))
        return made[-1]

    yield make
    for item in made:
        item.close()


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def test_a_connection_is_kept_alive_for_the_next_request(
    serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    def script(conn: socket.socket, number: int) -> None:
        while read_request(conn):
            conn.sendall(OK)

    server = serve(script)
    client = lane()
    assert [client.get(server.url + f"/{i}")[2] for i in range(3)] == [b"hello"] * 3
    assert server.connections == 1


def test_an_idle_connection_the_server_closed_is_replaced(
    serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    def script(conn: socket.socket, number: int) -> None:
        read_request(conn)
        conn.sendall(OK)  # then close, though the answer allowed keep-alive

    server = serve(script)
    client = lane()
    assert client.get(server.url)[2] == b"hello"
    assert client.get(server.url)[2] == b"hello"
    assert server.connections == 2


def test_connection_close_is_honoured(
    serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    def script(conn: socket.socket, number: int) -> None:
        while read_request(conn):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    server = serve(script)
    client = lane()
    client.get(server.url)
    client.get(server.url)
    assert server.connections == 2


@pytest.mark.parametrize(
    ("answer", "body"),
    [
        (b"HTTP/1.1 200 OK\r\n\r\nuntil the end", b"until the end"),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            b"hello world",
        ),
        (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", b"ok"),
        (b"HTTP/1.1 204 No Content\r\n\r\n", b""),
    ],
)
def test_every_body_framing_is_read_whole(
    answer: bytes, body: bytes, serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    def script(conn: socket.socket, number: int) -> None:
        read_request(conn)
        conn.sendall(answer)

    assert lane().get(serve(script).url)[2] == body


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", httpx.RemoteProtocolError),
        (b"this is not http\r\n\r\n", httpx.RemoteProtocolError),
        (b"", httpx.RemoteProtocolError),
    ],
)
def test_broken_answers_are_httpx_errors(
    answer: bytes,
    error: type[Exception],
    serve: Callable[[Script], ScriptedServer],
    lane: Callable[..., Lane],
) -> None:
    def script(conn: socket.socket, number: int) -> None:
        read_request(conn)
        conn.sendall(answer)

    with pytest.raises(error):
        lane().get(serve(script).url)


def test_a_silent_server_times_out(
    serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    release = threading.Event()

    def script(conn: socket.socket, number: int) -> None:
        read_request(conn)
        release.wait(5)

    try:
        with pytest.raises(httpx.ReadTimeout):
            lane().get(serve(script).url, timeout=0.3)
    finally:
        release.set()


def test_nothing_listening_is_a_connect_error(lane: Callable[..., Lane]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(httpx.ConnectError):
        lane().get(f"http://127.0.0.1:{port}/")


def test_http_requests_go_through_the_proxy_in_absolute_form(
    serve: Callable[[Script], ScriptedServer], lane: Callable[..., Lane]
) -> None:
    seen: list[bytes] = []

    def script(conn: socket.socket, number: int) -> None:
        while request := read_request(conn):
            seen.append(request.split(b"\r\n", 1)[0])
            conn.sendall(OK)

    server = serve(script)
    with FakeProxy() as proxy:
        client = lane(environ={"HTTP_PROXY": proxy.url, "NO_PROXY": "example.invalid"})
        assert client.get(server.url + "/a?b=c")[2] == b"hello"
        assert client.get(server.url + "/d")[2] == b"hello"
        assert [r.path for r in proxy.requests] == ["/a", "/d"]
        assert proxy.origins == {server.url}
    assert seen == [b"GET /a?b=c HTTP/1.1", b"GET /d HTTP/1.1"]
