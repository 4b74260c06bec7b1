"""``FakeProxy``: a recording forward proxy, driven by httpx and by raw sockets."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from ciartifacts.testing import FakeAPI, FakeProviders, FakeProxy, FakeStorage, synthetic_sha1


def bearer(fake: FakeAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.token}", "Accept": "application/json"}


@contextlib.contextmanager
def through(proxy: FakeProxy) -> Iterator[httpx.Client]:
    """An httpx client using the proxy (plain HTTP only: ``verify=False`` skips loading CAs)."""
    with httpx.Client(proxy=proxy.url, timeout=5.0, trust_env=False, verify=False) as client:
        yield client


class _Upstream(BaseHTTPRequestHandler):
    """A test upstream answering chunked and close-delimited bodies (the fakes never do)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while size := int(self.rfile.readline().split(b";")[0], 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
            return body
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def do_POST(self) -> None:
        """Echoes the request body back, chunked, with how it arrived in X-Framing."""
        framing = "chunked" if "Transfer-Encoding" in self.headers else "length"
        body = self._body()
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Framing", framing)
        self.end_headers()
        for start in range(0, len(body), 1000):
            piece = body[start : start + 1000]
            self.wfile.write(b"%x\r\n%b\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    do_PUT = do_POST

    def do_GET(self) -> None:
        """A body ended by closing the connection."""
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"until the end")
        self.close_connection = True


@pytest.fixture
def upstream() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def echo() -> Iterator[tuple[str, int]]:
    """A plain TCP echo server for one connection at a time."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.02)  # accept() wakes up to see whether the test is over
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection, contextlib.suppress(OSError):
                connection.settimeout(5)
                while data := connection.recv(65536):
                    connection.sendall(data)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield listener.getsockname()[:2]
    finally:
        done.set()
        thread.join(6)
        listener.close()


def dead_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port: int = listener.getsockname()[1]
    return port


def connect(proxy: FakeProxy, authority: str, payload: bytes = b"") -> tuple[socket.socket, bytes]:
    """A raw CONNECT to ``authority``; the socket and the proxy's status line."""
    sock = socket.create_connection((proxy.host, proxy.port), timeout=5)
    sock.sendall(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode() + payload)
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)  # byte by byte: what follows the head belongs to the tunnel
    return sock, head.split(b"\r\n")[0]


# ---------------------------------------------------------------------------------------------
# Forwarding
# ---------------------------------------------------------------------------------------------


def test_forwards_with_keep_alive_and_records_names_only(
    fakes: FakeProviders, proxy: FakeProxy
) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"content")
    headers = bearer(fakes.buildkite)
    with through(proxy) as client:
        for _ in range(3):
            redirect = client.get(str(artifact["download_url"]), headers=headers)
            assert redirect.status_code == 302
            location = redirect.headers["Location"]
            assert client.get(location).content == b"content"

    # httpcore opens one proxy connection per upstream origin; each was kept alive.
    assert proxy.connections_opened == 2
    assert fakes.buildkite.connections_opened == 1  # and so were the upstream ones
    assert fakes.storage.connections_opened == 1
    assert proxy.origins == {fakes.buildkite.origin, fakes.storage.origin}
    assert len(proxy.requests) == 6
    api, storage = proxy.requests[:2]
    assert (api.method, api.origin, api.status) == ("GET", fakes.buildkite.origin, 302)
    assert api.path == str(artifact["download_url"]).removeprefix(fakes.buildkite.origin)
    assert api.has_header("Authorization")
    assert storage.path.startswith("/objects/")
    assert "x-amz-signature" in storage.query_names
    assert not storage.has_header("authorization")
    recorded = repr(proxy.requests)
    assert fakes.buildkite.token not in recorded
    assert location.split("X-Amz-Signature=")[1].split("&")[0] not in recorded
    assert fakes.storage.credential_attempts == 0


def test_streams_a_large_object(fakes: FakeProviders, proxy: FakeProxy) -> None:
    size = 8 * 1024 * 1024 + 5
    url = fakes.storage.put_synthetic(size, 3)
    digest = hashlib.sha1()
    with through(proxy) as client, client.stream("GET", url) as response:
        assert response.headers["Content-Length"] == str(size)
        for chunk in response.iter_raw():
            digest.update(chunk)
    assert digest.hexdigest() == synthetic_sha1(size, 3)


def test_relays_bytes_as_they_arrive(fakes: FakeProviders, proxy: FakeProxy) -> None:
    url = fakes.storage.put(b"0123456789")
    fakes.storage.trickle(url, chunk=1, interval=0.1)
    with through(proxy) as client, client.stream("GET", url) as response:
        started = time.monotonic()
        first = next(response.iter_raw())
        assert time.monotonic() - started < 0.5  # not after the whole second of trickling
        assert first == b"0"


def test_head_and_range_keep_the_connection_usable(fakes: FakeProviders, proxy: FakeProxy) -> None:
    url = fakes.storage.put(b"plain bytes", signed=False)
    with through(proxy) as client:
        head = client.head(url)
        assert (head.status_code, head.headers["Content-Length"], head.content) == (200, "11", b"")
        ranged = client.get(url, headers={"Range": "bytes=6-"})
        assert (ranged.status_code, ranged.content) == (206, b"bytes")
        assert client.get(url).content == b"plain bytes"
    assert proxy.connections_opened == 1
    assert [r.method for r in proxy.requests] == ["HEAD", "GET", "GET"]


def test_request_and_response_bodies_in_every_framing(upstream: str, proxy: FakeProxy) -> None:
    body = bytes(range(256)) * 40
    with through(proxy) as client:
        sized = client.post(upstream + "/echo", content=body)
        streamed = client.put(upstream + "/echo", content=iter([body[:5000], body[5000:]]))
        closing = client.get(upstream + "/close")
        after = client.post(upstream + "/echo", content=b"again")
    assert (sized.content, sized.headers["X-Framing"]) == (body, "length")
    assert (streamed.content, streamed.headers["X-Framing"]) == (body, "chunked")
    assert sized.headers["Transfer-Encoding"] == "chunked"
    assert closing.content == b"until the end"
    assert after.content == b"again"
    assert [r.status for r in proxy.requests] == [200, 200, 200, 200]


def test_dead_upstream_answers_502(proxy: FakeProxy) -> None:
    port = dead_port()
    with through(proxy) as client:
        response = client.get(f"http://127.0.0.1:{port}/x?token=secret")
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/plain")
    assert f"cannot reach http://127.0.0.1:{port}" in response.text
    assert proxy.requests[-1].status == 502
    assert proxy.requests[-1].query_names == frozenset({"token"})
    assert "secret" not in repr(proxy.requests)

    sock, status = connect(proxy, f"127.0.0.1:{port}")
    sock.close()
    assert status.startswith(b"HTTP/1.1 502")


def test_refuses_malformed_requests(proxy: FakeProxy, http: httpx.Client) -> None:
    response = http.get(proxy.url + "/not-a-proxy-request")
    assert response.status_code == 400
    assert "absolute http://" in response.text

    for head in (
        b"POST http://127.0.0.1:1/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
        b"CONNECT 127.0.0.1:99999 HTTP/1.1\r\nHost: a\r\n\r\n",
        b"CONNECT 127.0.0.1 HTTP/1.1\r\nHost: a\r\n\r\n",
    ):
        with socket.create_connection((proxy.host, proxy.port), timeout=5) as sock:
            sock.sendall(head)
            assert sock.recv(100).startswith(b"HTTP/1.1 400 "), head
    assert [r.status for r in proxy.requests] == [400] * 4


# ---------------------------------------------------------------------------------------------
# CONNECT
# ---------------------------------------------------------------------------------------------


def test_connect_tunnels_bytes_both_ways(proxy: FakeProxy, echo: tuple[str, int]) -> None:
    authority = f"{echo[0]}:{echo[1]}"
    # Bytes sent right behind the CONNECT request belong to the tunnel too.
    sock, status = connect(proxy, authority, payload=b"early ")
    with sock:
        assert status == b"HTTP/1.1 200 Connection established"
        sock.sendall(b"ping")
        received = b""
        while len(received) < 10:
            received += sock.recv(100)
        assert received == b"early ping"
        sock.shutdown(socket.SHUT_WR)  # the half-close travels: the echo server hangs up
        assert sock.recv(100) == b""
    assert proxy.requests[-1].method == "CONNECT"
    assert proxy.origins == {authority}


def test_connect_to_a_fake(fakes: FakeProviders, proxy: FakeProxy) -> None:
    url = fakes.storage.put(b"tunnelled", signed=False)
    path = url.removeprefix(fakes.storage.origin)
    sock, status = connect(proxy, f"{fakes.storage.host}:{fakes.storage.port}")
    with sock:
        assert status.startswith(b"HTTP/1.1 200")
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while data := sock.recv(65536):
            answer += data
    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.endswith(b"\r\n\r\ntunnelled")


# ---------------------------------------------------------------------------------------------
# Stopping
# ---------------------------------------------------------------------------------------------


def test_stopping_is_prompt_with_busy_connections(echo: tuple[str, int]) -> None:
    before = set(threading.enumerate())
    storage = FakeStorage().start()
    proxy = FakeProxy().start()
    try:
        url = storage.put(b"z" * 100)
        storage.trickle(url, chunk=1, interval=10.0)
        tunnel, _ = connect(proxy, f"{echo[0]}:{echo[1]}")
        client = httpx.Client(proxy=proxy.url, timeout=30.0, trust_env=False, verify=False)
        response = client.send(client.build_request("GET", url), stream=True)
        pieces = response.iter_raw()
        assert next(pieces) == b"z"  # a trickle is under way through the proxy

        started = time.monotonic()
        proxy.stop()
        assert time.monotonic() - started < 1.0
        with pytest.raises(httpx.TransportError):
            list(pieces)
        assert tunnel.recv(10) == b""  # the tunnel was closed too
        tunnel.close()
        client.close()
    finally:
        proxy.stop()
        storage.stop()
    assert set(threading.enumerate()) <= before
    with proxy:  # and it starts again
        assert proxy.requests  # the record survives a restart


def test_http_proxy_environment_variable(
    fakes: FakeProviders, proxy: FakeProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an end-to-end test relies on: httpx honours HTTP_PROXY, loopback included."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    fakes.empirical.add_artifact(456, "summary.json", b"{}")
    with httpx.Client(timeout=5.0, verify=False) as client:  # trust_env: the default
        listed = client.get(
            f"{fakes.empirical.base_url}/api/test-runs/456/artifacts",
            headers=bearer(fakes.empirical),
        ).json()
        assert client.get(listed["data"]["artifacts"][0]["url"]).content == b"{}"
    assert proxy.origins == {fakes.empirical.origin, fakes.storage.origin}
    assert fakes.empirical.token not in repr(proxy.requests)
