"""A recording HTTP forward proxy on loopback, for tests that run clients through a proxy.

:class:`FakeProxy` serves absolute-form requests (``GET http://host:port/path
HTTP/1.1``) by forwarding them upstream, streaming bodies both ways, and tunnels
``CONNECT host:port`` (for https). It records what it carried, never a header
value or a query string (they may hold credentials).
"""

import contextlib
import http.client
import selectors
import socket
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import ClassVar, Self
from urllib.parse import SplitResult, parse_qs, urlsplit

from ciartifacts.testing.server import LoopbackServer, _HTTPServer

__all__ = ["FakeProxy", "ProxiedRequest"]

_CHUNK = 64 * 1024
_POLL_SECONDS = 0.05
_SOCKET_TIMEOUT_SECONDS = 30.0
_MAX_LINE = 65536

# RFC 9110 section 7.6.1: these describe one connection, never the message; a proxy drops them.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
_NO_BODY_STATUSES = frozenset({204, 304})


@dataclass(frozen=True)
class ProxiedRequest:
    """What the proxy remembers of one request: never a header value or a query string.

    ``origin`` is ``http://host:port`` for a forwarded request and ``host:port``
    for a ``CONNECT`` tunnel (whose scheme the proxy cannot see); ``path`` is
    the path without its query (empty for ``CONNECT``); ``header_names`` and
    ``query_names`` are lower-cased names only. ``status`` is what the client got
    (the upstream's status, 200 for an established tunnel, 502 when upstream
    could not be reached, 400 for a request the proxy refused).
    """

    method: str
    origin: str
    path: str
    header_names: frozenset[str]
    query_names: frozenset[str]
    status: int

    def has_header(self, name: str) -> bool:
        return name.lower() in self.header_names


class _UpstreamError(Exception):
    """Upstream could not be reached, or failed before its response began."""


_Upstream = tuple[http.client.HTTPConnection, socket.socket]


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ciartifacts-fake-proxy"
    sys_version = ""
    timeout = _SOCKET_TIMEOUT_SECONDS
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Kept-alive upstream connections of this client connection, by (host, port), with
        # their sockets (http.client forgets its socket when a response will close it).
        self._pool: dict[tuple[str, int], _Upstream] = {}

    def finish(self) -> None:
        for key in list(self._pool):
            self._drop(key)
        super().finish()

    @property
    def proxy(self) -> "FakeProxy":
        owner = self.server.owner
        if not isinstance(owner, FakeProxy):  # pragma: no cover - wired in FakeProxy only
            raise TypeError("this handler serves FakeProxy instances only")
        return owner

    def log_message(self, format: str, *args: object) -> None:
        return

    def handle_one_request(self) -> None:
        # BaseHTTPRequestHandler's, except that every method goes to the proxy instead of
        # a do_<METHOD> method: a proxy forwards any method.
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return
        if len(self.raw_requestline) > _MAX_LINE:
            self.send_error(414)
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        try:
            if self.command == "CONNECT":
                self._tunnel()
            else:
                self._forward()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    # -- plain HTTP ----------------------------------------------------------------------------

    def _forward(self) -> None:
        target = urlsplit(self.path)
        try:
            port = target.port or 80
        except ValueError:
            port = 0
        if target.scheme.lower() != "http" or not target.hostname or not port:
            self._recorder("", target.path, target.query)(400)
            self._refuse(400, "a proxy wants an absolute http:// URL (CONNECT for https)")
            return
        key = (target.hostname, port)
        origin = f"http://{_authority(*key)}"
        record = self._recorder(origin, target.path or "/", target.query)
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        length = 0 if chunked else _decimal(self.headers.get("Content-Length", "0"))
        if length is None:
            record(400)
            self._refuse(400, "a malformed Content-Length")
            return
        try:
            response = self._send_upstream(key, target, chunked=chunked, length=length)
        except _UpstreamError as error:
            record(502)
            self._refuse(502, f"cannot reach {origin}: {error}")
            return
        record(response.status)
        self._relay(response, key)

    def _recorder(self, origin: str, path: str, query: str) -> Callable[[int], None]:
        """Records this request once its status is known: names only, never values.

        Call it before answering: a client that got its answer finds it recorded.
        """
        names = frozenset(name.lower() for name in self.headers)
        query_names = frozenset(name.lower() for name in parse_qs(query, keep_blank_values=True))
        method = self.command

        def record(status: int) -> None:
            self.proxy.record(ProxiedRequest(method, origin, path, names, query_names, status))

        return record

    def _send_upstream(
        self, key: tuple[str, int], target: SplitResult, *, chunked: bool, length: int
    ) -> http.client.HTTPResponse:
        # A reused connection may have been closed upstream meanwhile: retry once on a fresh
        # one, but only when no request body was consumed.
        for attempt in range(2):
            connection, reused = self._connection(key, fresh=attempt > 0)
            try:
                self._send_head(connection, key, target, chunked=chunked)
                if chunked:
                    self._send_chunked_body(connection)
                elif length:
                    self._send_body(connection, length)
                return connection.getresponse()
            except (OSError, http.client.HTTPException) as error:
                self._drop(key)
                if not reused or chunked or length:
                    raise _UpstreamError(_describe(error)) from error
        raise _UpstreamError("upstream closed the connection")  # pragma: no cover

    def _connection(
        self, key: tuple[str, int], *, fresh: bool
    ) -> tuple[http.client.HTTPConnection, bool]:
        """An upstream connection to ``key`` and whether it was reused."""
        if not fresh and key in self._pool:
            return self._pool[key][0], True
        self._drop(key)
        connection = http.client.HTTPConnection(*key, timeout=_SOCKET_TIMEOUT_SECONDS)
        # Never let http.client reconnect on its own: every upstream socket must be known,
        # so that stopping the proxy can close it.
        connection.auto_open = 0
        try:
            connection.connect()
        except OSError as error:
            raise _UpstreamError(_describe(error)) from error
        if connection.sock is None or not self.proxy.track(connection.sock):
            connection.close()
            raise _UpstreamError("the proxy is stopping")
        self._pool[key] = (connection, connection.sock)
        return connection, False

    def _drop(self, key: tuple[str, int]) -> None:
        upstream = self._pool.pop(key, None)
        if upstream is not None:
            connection, sock = upstream
            connection.close()
            self.proxy.release(sock)

    def _send_head(
        self,
        connection: http.client.HTTPConnection,
        key: tuple[str, int],
        target: SplitResult,
        *,
        chunked: bool,
    ) -> None:
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        connection.putrequest(self.command, path, skip_host=True, skip_accept_encoding=True)
        dropped = _HOP_BY_HOP | _listed_in_connection(self.headers.get_all("Connection", []))
        if "host" not in {name.lower() for name in self.headers}:
            connection.putheader("Host", _authority(*key))
        for name, value in self.headers.items():
            if name.lower() not in dropped:
                connection.putheader(name, value)
        if chunked:
            connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()

    def _send_body(self, connection: http.client.HTTPConnection, length: int) -> None:
        left = length
        while left:
            data = self.rfile.read(min(left, _CHUNK))
            if not data:
                raise ConnectionAbortedError("the client sent less than its Content-Length")
            connection.send(data)
            left -= len(data)

    def _send_chunked_body(self, connection: http.client.HTTPConnection) -> None:
        while True:
            line = self.rfile.readline(_MAX_LINE)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise ConnectionAbortedError("a malformed chunk from the client") from None
            if size == 0:
                while self.rfile.readline(_MAX_LINE) not in {b"\r\n", b"\n", b""}:
                    pass  # trailers: dropped
                connection.send(b"0\r\n\r\n")
                return
            left = size
            while left:
                data = self.rfile.read(min(left, _CHUNK))
                if not data:
                    raise ConnectionAbortedError("the client's chunked body ended early")
                connection.send(b"%x\r\n%b\r\n" % (len(data), data))
                left -= len(data)
            self.rfile.readline(_MAX_LINE)  # the CRLF after the chunk

    def _relay(self, response: http.client.HTTPResponse, key: tuple[str, int]) -> None:
        """Send the upstream response to the client as it arrives."""
        bodiless = (
            self.command == "HEAD" or response.status in _NO_BODY_STATUSES or response.status < 200
        )
        dropped = _HOP_BY_HOP | _listed_in_connection(response.headers.get_all("Connection", []))
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in dropped:
                self.send_header(name, value)
        framing = "none" if bodiless else "chunked" if response.chunked else "length"
        if framing == "length" and response.length is None:
            framing = "close"  # upstream ends its body by closing: so must we
            self.close_connection = True
        if framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            while framing != "none" and (data := response.read1(_CHUNK)):
                self.wfile.write(
                    b"%x\r\n%b\r\n" % (len(data), data) if framing == "chunked" else data
                )
            if response.length:  # read1 ends quietly when upstream closes early
                raise http.client.IncompleteRead(b"", response.length)
            if framing == "chunked":
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):
            # Upstream broke off (or the client left) mid-body: the client must see it too.
            self.close_connection = True
            self._drop(key)
            return
        finally:
            response.close()
        if response.will_close:
            self._drop(key)

    def _refuse(self, status: int, message: str) -> None:
        body = f"{status} {self.responses[status][0]}: {message}\n".encode()
        # The request body, if any, was not read: this connection cannot carry another one.
        self.close_connection = True
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    # -- CONNECT -------------------------------------------------------------------------------

    def _tunnel(self) -> None:
        host, _, port_text = self.path.rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        record = self._recorder(self.path, "", "")
        port = _decimal(port_text)
        if not host or port is None or not 0 < port < 65536:
            record(400)
            self._refuse(400, "CONNECT wants host:port")
            return
        try:
            upstream = socket.create_connection((host, port), _SOCKET_TIMEOUT_SECONDS)
        except OSError as error:
            record(502)
            self._refuse(502, f"cannot reach {self.path}: {_describe(error)}")
            return
        try:
            if not self.proxy.track(upstream):
                record(502)
                self._refuse(502, "the proxy is stopping")
                return
            record(200)
            self.send_response_only(200, "Connection established")
            self.end_headers()
            self._pump(upstream)
        finally:
            self.proxy.release(upstream)
            self.close_connection = True

    def _pump(self, upstream: socket.socket) -> None:
        client = self.connection
        # What the client sent right after its CONNECT may already sit in rfile's buffer:
        # read it without blocking, then use the raw sockets.
        client.setblocking(False)
        try:
            early = self.rfile.read1(_CHUNK)
        except BlockingIOError:
            early = b""
        finally:
            client.settimeout(self.timeout)
        if early:
            upstream.sendall(early)
        stopped = self.server.stopped
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, (client, upstream))
            selector.register(upstream, selectors.EVENT_READ, (upstream, client))
            while selector.get_map() and not stopped.is_set():
                for key, _ in selector.select(_POLL_SECONDS):
                    source, target = key.data
                    try:
                        data = source.recv(_CHUNK)
                        if data:
                            target.sendall(data)
                            continue
                    except OSError:
                        return  # reset: the tunnel is over
                    # One side finished sending: pass the half-close on, keep the other way.
                    selector.unregister(source)
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)


class FakeProxy(LoopbackServer):
    """A recording HTTP forward proxy on loopback: ``with FakeProxy() as proxy:``.

    Point a client at :attr:`url` (e.g. ``HTTP_PROXY=proxy.url``). Absolute-form
    requests of any method are forwarded upstream, bodies streamed both ways
    (``Content-Length`` and chunked, HEAD and bodiless statuses handled), the
    client's connection kept alive, upstream connections reused per client
    connection; ``CONNECT host:port`` opens a byte tunnel. An upstream that
    cannot be reached answers 502 with a plain-text body; one that breaks off
    mid-body makes the proxy break off too. :attr:`requests` records each
    request without any header value or query string; :attr:`origins` is the set
    of upstreams. Stopping closes client and upstream sockets and joins every
    thread. Connection counters are those of :class:`LoopbackServer`.
    """

    name: ClassVar[str] = "proxy"
    handler: ClassVar[type[BaseHTTPRequestHandler]] = _ProxyHandler

    def __init__(self) -> None:
        super().__init__()
        self._requests: list[ProxiedRequest] = []
        self._upstreams: set[socket.socket] = set()
        self._closing = False

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the proxy URL to give a client."""
        return self.origin

    @property
    def requests(self) -> list[ProxiedRequest]:
        """Every request carried so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def origins(self) -> set[str]:
        """The upstreams requests went to (``http://host:port``, or ``host:port`` for CONNECT)."""
        with self._lock:
            return {request.origin for request in self._requests}

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def record(self, request: ProxiedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    # -- upstream sockets ----------------------------------------------------------------------

    def track(self, upstream: socket.socket) -> bool:
        """Remember an upstream socket so that :meth:`stop` can close it; False if stopping."""
        with self._lock:
            if self._closing:
                return False
            self._upstreams.add(upstream)
            return True

    def release(self, upstream: socket.socket) -> None:
        """Forget and close an upstream socket."""
        with self._lock:
            self._upstreams.discard(upstream)
        upstream.close()

    def start(self) -> Self:
        with self._lock:
            self._closing = False
        return super().start()

    def on_stopping(self) -> None:
        # A connection thread may be waiting on upstream (a trickling body, a tunnel):
        # shutting the upstream sockets down wakes it, so stop() can join it at once.
        with self._lock:
            self._closing = True
            upstreams = list(self._upstreams)
        for sock in upstreams:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _listed_in_connection(values: list[str]) -> frozenset[str]:
    """Header names a ``Connection`` header lists (they are hop-by-hop too)."""
    return frozenset(
        token.strip().lower() for value in values for token in value.split(",") if token.strip()
    )


def _decimal(text: str) -> int | None:
    """A plain ASCII decimal number, or None (``str.isdigit`` also accepts "²")."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _describe(error: BaseException) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else repr(error)
