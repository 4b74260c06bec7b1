"""The threaded loopback HTTP server every fake is built on.

:class:`LoopbackServer` binds a free port on a loopback address, serves from a
daemon thread, counts its TCP connections and shuts down cleanly:
:meth:`LoopbackServer.stop` closes kept-alive connections and joins every
thread. :class:`FakeServer` answers from a route table, records every request
(without credentials), can add latency and can be told to answer the next
requests with an injected failure. :class:`FakeAPI` adds what the provider APIs
share: a token, an authentication check, provider-shaped errors and rate
limiting.

Any of them serves HTTPS instead when made with ``tls=True`` (a CA of its own)
or ``tls=<FakeCA>`` (a shared one): each accepted connection is wrapped in TLS
in its own thread, and every URL the server hands out starts with ``https://``.
"""

import collections
import contextlib
import itertools
import select
import socket
import socketserver
import ssl
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Self
from urllib.parse import parse_qs

from ciartifacts.testing.auth import credential_headers, new_token
from ciartifacts.testing.messages import Request, Response, Route, match_route
from ciartifacts.testing.pagination import PaginationFault
from ciartifacts.testing.tls import FakeCA, _BundleFile

if TYPE_CHECKING:
    from ciartifacts.testing.samples import SampleHistory, SampleRun, SpecSeed
    from ciartifacts.testing.storage import FakeStorage

__all__ = ["SAFE_HEADERS", "FakeAPI", "FakeServer", "LoopbackServer", "RecordedRequest"]

SAFE_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "connection",
        "content-length",
        "content-type",
        "host",
        "if-match",
        "if-none-match",
        "range",
        "user-agent",
    }
)
"""Headers whose values :class:`RecordedRequest` keeps; of all others only the name."""

_POLL_SECONDS = 0.02
_JOIN_SECONDS = 5.0
_SOCKET_TIMEOUT_SECONDS = 30.0
_HANDSHAKE_SECONDS = 10.0
_MAX_REQUEST_BODY = 1 << 20


@dataclass(frozen=True)
class RecordedRequest:
    """What a fake remembers of one request: never a credential.

    ``path`` is the path as sent (percent-encoded, no query string);
    ``header_names`` and ``query_names`` are lower-cased names only; ``headers``
    holds the values of the harmless headers in :data:`SAFE_HEADERS` (Accept,
    User-Agent, Range, ...). ``status`` is what the fake answered, ``received`` when
    (``time.monotonic()`` of the fake's process) the request arrived.
    """

    method: str
    path: str
    header_names: frozenset[str]
    query_names: frozenset[str]
    headers: Mapping[str, str]
    status: int
    received: float = 0.0

    def has_header(self, name: str) -> bool:
        return name.lower() in self.header_names


class _HTTPServer(ThreadingHTTPServer):
    """Tracks its connections so that stopping can close and join them all.

    With a ``tls`` context, each connection's TLS handshake happens in that connection's
    own thread (never in the accept loop): a client that is slow to shake hands, or never
    does, holds up nobody else, and one whose handshake fails is dropped without a word.
    """

    daemon_threads = True
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int],
        owner: "LoopbackServer",
        handler: type[BaseHTTPRequestHandler],
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.owner = owner
        self.tls = tls
        self._connections_lock = threading.Lock()
        self._connections: dict[threading.Thread, socket.socket] = {}
        # A thread leaves _connections just before it ends: stopping joins it through here.
        self._connection_threads: set[threading.Thread] = set()
        # Set first thing on stop: waits (latency, trickling) end at once instead of holding
        # up the join.
        self.stopped = threading.Event()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (socket.getfqdn), which can stall
        # on machines without DNS; a loopback fake has no use for the name.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        if not isinstance(request, socket.socket):  # pragma: no cover - TCP only
            raise TypeError("stream sockets only")
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"{self.owner.name}-connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections[thread] = request
            self._connection_threads = {
                other for other in self._connection_threads if other.is_alive()
            }
            self._connection_threads.add(thread)
        self.owner._count_connection(opened=True)
        thread.start()

    def process_request_thread(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.pop(threading.current_thread(), None)
            self.owner._count_connection(opened=False)

    def finish_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        if not isinstance(request, socket.socket):  # pragma: no cover - TCP only
            raise TypeError("stream sockets only")
        secure = self._handshake(self.tls, request)
        if secure is None:
            return
        try:
            super().finish_request(secure, client_address)
        finally:
            secure.close()

    def _handshake(self, tls: ssl.SSLContext, connection: socket.socket) -> ssl.SSLSocket | None:
        """``connection`` with TLS on, or None when the handshake fails (or times out).

        TLS runs over a duplicate of the descriptor: ``connection`` itself stays what
        :meth:`close_connections` shuts down (wrapping a socket empties the original), so
        stopping wakes this thread whether it waits for a handshake or for a request. It
        also stays what :meth:`process_request_thread` closes in the end.
        """
        duplicate = connection.dup()
        try:
            secure = tls.wrap_socket(duplicate, server_side=True, do_handshake_on_connect=False)
        except OSError:
            duplicate.close()
            return None
        try:
            secure.settimeout(_HANDSHAKE_SECONDS)
            secure.do_handshake()
        except (OSError, ValueError):  # ssl.SSLError is an OSError
            secure.close()
            return None
        return secure

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        # A client that went away mid-request is not worth a traceback on stderr.
        return

    def close_connections(self) -> None:
        with self._connections_lock:
            connections, threads = dict(self._connections), set(self._connection_threads)
        for connection in connections.values():
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(_JOIN_SECONDS)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ciartifacts-fake"
    sys_version = ""
    timeout = _SOCKET_TIMEOUT_SECONDS
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add 40 ms to every kept-alive request.
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: object) -> None:
        return

    @property
    def fake(self) -> "FakeServer":
        owner = self.server.owner
        if not isinstance(owner, FakeServer):  # pragma: no cover - wired in FakeServer only
            raise TypeError("this handler serves FakeServer instances only")
        return owner

    def _read_request(self) -> Request:
        # Not urlsplit: a path starting with "//" would be taken for a host name.
        target, _, query = self.path.partition("?")
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        length = headers.get("content-length", "0")
        size = int(length) if length.isdigit() else 0
        if size > _MAX_REQUEST_BODY:
            self.close_connection = True  # the rest of the body is never read
        body = self.rfile.read(min(size, _MAX_REQUEST_BODY)) if size else b""
        return Request(
            method=self.command.upper(),
            target=target.partition("#")[0],
            query=parse_qs(query.partition("#")[0], keep_blank_values=True),
            headers=headers,
            body=body,
        )

    def _dispatch(self) -> None:
        request = self._read_request()
        fake = self.fake
        response = fake.respond(request)
        try:
            # Latency is waited here, in this connection's thread, so that concurrent
            # requests overlap as they would over a slow network.
            if fake.latency > 0 and not self._idle(fake.latency):
                self.close_connection = True
                return
            self._write(request, response)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _idle(self, seconds: float) -> bool:
        """Wait ``seconds``; False as soon as the fake stops or the client hangs up."""
        deadline = time.monotonic() + seconds
        # poll, not select: select fails on descriptors past 1024 (busy benchmark processes).
        poller = select.poll()
        poller.register(self.connection, select.POLLIN)
        while not self.server.stopped.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            if poller.poll(min(left, _POLL_SECONDS) * 1000):
                try:
                    # The TCP socket's own recv, also under TLS (where SSLSocket.recv refuses
                    # flags): an end of stream there means the client hung up.
                    peek = socket.MSG_PEEK | socket.MSG_DONTWAIT
                    hung_up = socket.socket.recv(self.connection, 1, peek) == b""
                except BlockingIOError:
                    hung_up = False
                except OSError:
                    return False
                if hung_up:
                    return False
                # The client already sent its next request: nothing more to watch for.
                return not self.server.stopped.wait(max(0.0, deadline - time.monotonic()))
        return False

    def _write(self, request: Request, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(response.content_length))
        if self.server.stopped.is_set():
            self.send_header("Connection", "close")
        self.end_headers()
        if request.method == "HEAD":
            return
        budget = response.cut_after
        for index, chunk in enumerate(response.iter_body()):
            if index and response.interval > 0 and not self._idle(response.interval):
                self.close_connection = True
                return
            if budget is not None and len(chunk) >= budget:
                self.wfile.write(chunk[:budget])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(chunk)
            if budget is not None:
                budget -= len(chunk)
        if budget is not None:
            self.close_connection = True


@dataclass(frozen=True)
class _Injected:
    make: Callable[[Request], Response]
    provider_shaped: bool


class LoopbackServer:
    """An HTTP server on a free loopback port, in a daemon thread, with connection counters.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. The
    address is only known once started (the port is picked by the OS).
    Subclasses name their request handler class in :attr:`handler`.

    ``tls=True`` serves HTTPS with a certificate from a :class:`FakeCA` of the
    server's own (made at once: it needs the ``trustme`` package), ``tls=ca``
    with one from a given :class:`FakeCA` (servers that share a CA are trusted
    together). The handshake happens in each connection's own thread; one that
    fails or takes longer than 10 seconds closes that connection quietly (it
    still counts in the connection counters). :attr:`ca` is the CA (None for
    plain HTTP), :attr:`scheme` ``"https"`` or ``"http"``, and :attr:`ca_bundle`
    a PEM file of the CA for ``SSL_CERT_FILE``.
    """

    name: ClassVar[str] = "fake"
    hosts: ClassVar[tuple[str, ...]] = ("127.0.0.1",)
    """Loopback addresses to try binding, in order."""
    handler: ClassVar[type[BaseHTTPRequestHandler]]

    def __init__(self, *, tls: bool | FakeCA = False) -> None:
        self.ca: FakeCA | None = tls if isinstance(tls, FakeCA) else FakeCA() if tls else None
        """The CA whose certificate this server presents; None when it serves plain HTTP."""
        self._bundle = _BundleFile()
        self._lock = threading.RLock()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._counter_lock = threading.Lock()
        self._open_connections = 0
        self._connections_opened = 0
        self._peak_connections = 0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port on the first available address of ``hosts`` and serve."""
        if self._server is not None:
            raise RuntimeError(f"{self.name} is already running at {self.origin}")
        error: OSError | None = None
        context = self.ca.server_context() if self.ca is not None else None
        for host in self.hosts:
            try:
                server = _HTTPServer((host, 0), self, self.handler, tls=context)
            except OSError as exc:
                error = exc
                continue
            break
        else:
            raise RuntimeError(f"{self.name}: no loopback address to bind: {error}")
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name=f"{self.name}-server",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close every connection and join every thread. Idempotent.

        The :attr:`ca_bundle` file, if one was written, is removed.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            self._bundle.remove()
            return
        self._server = self._thread = None
        server.stopped.set()
        server.shutdown()
        server.server_close()
        self.on_stopping()
        server.close_connections()
        thread.join(_JOIN_SECONDS)
        self._bundle.remove()

    def on_stopping(self) -> None:
        """Called by :meth:`stop` before client connections are closed and joined.

        Override to release what could keep a connection's thread waiting (the
        proxy closes its upstream sockets here).
        """

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return str(self._bound()[0])

    @property
    def port(self) -> int:
        return int(self._bound()[1])

    @property
    def scheme(self) -> str:
        """``"https"`` when the server was made with ``tls``, else ``"http"``."""
        return "https" if self.ca is not None else "http"

    @property
    def origin(self) -> str:
        """``http://HOST:PORT`` (``https://`` with TLS), without any base path."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def ca_bundle(self) -> str:
        """Path of a PEM file holding :attr:`ca`'s certificate: what ``SSL_CERT_FILE`` wants.

        Written on first use to a temporary directory of this server's, removed by
        :meth:`stop` (a later start writes a new one). Raises RuntimeError for a plain
        HTTP server, or one that is not running.
        """
        if self.ca is None:
            raise RuntimeError(f"{self.name} serves plain HTTP: make it with tls=True for a CA")
        if self._server is None:
            raise RuntimeError(f"{self.name} is not running: call start() first")
        return self._bundle.path(self.ca)

    def _bound(self) -> tuple[str, int]:
        if self._server is None:
            raise RuntimeError(f"{self.name} is not running: call start() first")
        address = self._server.server_address
        return str(address[0]), int(address[1])

    # -- connection counters ---------------------------------------------------------------

    @property
    def connections_opened(self) -> int:
        """TCP connections accepted since start (or the last :meth:`reset_connection_counters`)."""
        with self._counter_lock:
            return self._connections_opened

    @property
    def open_connections(self) -> int:
        """TCP connections open right now (as the server sees them)."""
        with self._counter_lock:
            return self._open_connections

    @property
    def peak_connections(self) -> int:
        """The most TCP connections open at once since the last reset."""
        with self._counter_lock:
            return self._peak_connections

    def reset_connection_counters(self) -> None:
        """Start counting afresh: nothing opened yet, the peak is what is open now."""
        with self._counter_lock:
            self._connections_opened = 0
            self._peak_connections = self._open_connections

    def _count_connection(self, *, opened: bool) -> None:
        with self._counter_lock:
            if opened:
                self._connections_opened += 1
                self._open_connections += 1
                self._peak_connections = max(self._peak_connections, self._open_connections)
            else:
                self._open_connections -= 1


class FakeServer(LoopbackServer):
    """A loopback HTTP server answering from a route table, in a daemon thread.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    ``base_url`` is only known once started (the port is picked by the OS).
    ``latency`` (seconds, default 0) is waited before every answer's status
    line, in the connection's own thread: concurrent requests overlap, as over a
    slow network. It can be changed at any time. ``tls`` serves HTTPS (see
    :class:`LoopbackServer`): ``base_url`` and every URL built from it then
    start with ``https://``.
    """

    base_path: ClassVar[str] = ""
    """Path prefix every route lives under (kept in ``base_url``)."""
    handler: ClassVar[type[BaseHTTPRequestHandler]] = _Handler

    def __init__(self, *, latency: float = 0.0, tls: bool | FakeCA = False) -> None:
        super().__init__(tls=tls)
        if latency < 0:
            raise ValueError("latency must not be negative")
        self.latency = latency
        self._requests: list[RecordedRequest] = []
        self._injected: collections.deque[_Injected] = collections.deque()
        self._internal_errors: list[str] = []
        self._routes: tuple[Route, ...] = ()

    def start(self) -> Self:
        self._routes = tuple(self.routes())
        return super().start()

    # -- addresses -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The origin plus ``base_path``: what a client is configured with."""
        return self.origin + self.base_path

    def request_base_url(self, request: Request) -> str:
        """The base URL as the client addressed it (its ``Host`` header)."""
        host = request.header("host") or f"{self.host}:{self.port}"
        return f"{self.scheme}://{host}{self.base_path}"

    # -- inspection --------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request served so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of exceptions raised inside the fake (answered with 500)."""
        with self._lock:
            return list(self._internal_errors)

    # -- failure injection -----------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        body: bytes | str | None = None,
        *,
        content_type: str = "text/html; charset=utf-8",
        headers: Mapping[str, str] | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next ``count`` requests with exactly this, whatever they ask.

        This plays a proxy or a broken server in front of the fake: the body is
        sent as given (a str is UTF-8 encoded), ``Content-Type`` only when there
        is a body, and the provider's usual headers are not added.
        """
        payload = body.encode() if isinstance(body, str) else (body or b"")
        extra = tuple((headers or {}).items())
        typed = (("Content-Type", content_type),) if payload else ()
        response = Response(status=status, headers=typed + extra, body=payload)
        self.inject(lambda: response, count=count, provider_shaped=False)

    def inject(
        self, make: Callable[[], Response], *, count: int = 1, provider_shaped: bool = True
    ) -> None:
        """Queue ``make()`` as the answer to each of the next ``count`` requests.

        ``provider_shaped`` responses get the provider's usual headers added
        (rate-limit headers, request ids) like any other answer of the fake.
        """
        self._queue(lambda _request: make(), count=count, provider_shaped=provider_shaped)

    def echo_credentials_next(self, status: int = 401, *, count: int = 1) -> None:
        """Answer the next ``count`` requests with an error quoting their credentials back.

        The answer is :meth:`error_response` (provider-shaped on the APIs) whose
        message reads ``bad credentials: Authorization: Bearer bkua_...`` (each
        of the ``Authorization`` and ``Circle-Token`` headers the request
        carried, ``; ``-separated, values exactly as received; ``none sent``
        without any), as careless real servers do: the client must redact it.
        The fake itself keeps nothing of it: the message is built per request.
        """
        self._queue(
            lambda request: self.error_response(status, _echoed_credentials(request)),
            count=count,
            provider_shaped=True,
        )

    def clear_failures(self) -> None:
        """Forget every injected failure not served yet."""
        with self._lock:
            self._injected.clear()

    def _queue(
        self, make: Callable[[Request], Response], *, count: int, provider_shaped: bool
    ) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._injected.extend(_Injected(make, provider_shaped) for _ in range(count))

    # -- request handling (override points) --------------------------------------------------

    def routes(self) -> Iterable[Route]:
        """The route table, relative to ``base_path``."""
        return ()

    def before_route(self, request: Request) -> Response | None:
        """Answer before routing (authentication, rate limits), or None to go on."""
        return None

    def decorate(self, request: Request, response: Response) -> Response:
        """Add the headers every response of this provider carries."""
        return response

    def error_response(self, status: int, message: str) -> Response:
        """An error in this server's format (plain text here; providers override)."""
        return Response(
            status=status,
            headers=(("Content-Type", "text/plain; charset=utf-8"),),
            body=f"{message}\n".encode(),
        )

    def not_found(self, request: Request) -> Response:
        return Response(status=404, body=b"not found\n")

    def method_not_allowed(self, request: Request) -> Response:
        return Response(status=405, body=b"method not allowed\n")

    def respond(self, request: Request) -> Response:
        """Answer ``request`` and record it. Never raises."""
        received = time.monotonic()
        try:
            response = self._answer(request)
        except Exception:
            with self._lock:
                self._internal_errors.append(traceback.format_exc())
            response = Response(
                status=HTTPStatus.INTERNAL_SERVER_ERROR,
                headers=(("Content-Type", "text/plain; charset=utf-8"),),
                body=b"internal error in the fake server (see internal_errors)\n",
            )
        record = RecordedRequest(
            method=request.method,
            path=request.target,
            header_names=frozenset(request.headers),
            query_names=frozenset(name.lower() for name in request.query),
            headers={k: v for k, v in request.headers.items() if k in SAFE_HEADERS},
            status=response.status,
            received=received,
        )
        with self._lock:
            self._requests.append(record)
        return response

    def _answer(self, request: Request) -> Response:
        with self._lock:
            injected = self._injected.popleft() if self._injected else None
        if injected is not None:
            response = injected.make(request)
            return self.decorate(request, response) if injected.provider_shaped else response
        return self.decorate(request, self._route(request))

    def _route(self, request: Request) -> Response:
        if not request.target.startswith(self.base_path):
            return self.not_found(request)
        request = replace(request, path=request.target[len(self.base_path) :] or "/")
        early = self.before_route(request)
        if early is not None:
            return early
        found = match_route(self._routes, request)
        if found is False:
            return self.not_found(request)
        if found is True:
            return self.method_not_allowed(request)
        route, params = found
        return route.handler(replace(request, params=params))


def _echoed_credentials(request: Request) -> str:
    quoted = [
        f"{'-'.join(part.capitalize() for part in name.split('-'))}: {value}"
        for name in credential_headers()
        if (value := request.header(name)) is not None
    ]
    return "bad credentials: " + ("; ".join(quoted) or "none sent")


class FakeAPI(FakeServer):
    """A provider API: a token, an auth check, provider-shaped errors, rate limits.

    A registered provider's fake is ``FAKE`` in ``ciartifacts.testing.<provider>``, a subclass
    whose :attr:`name` is the provider's. Besides its routes it implements :meth:`sample_run`
    and declares, for the conformance suite, what its sample runs support.
    """

    token_prefix: ClassVar[str] = ""
    unauthorized_message: ClassVar[str] = "Unauthorized"
    sample_kinds: ClassVar[tuple[str, ...]] = ("run",)
    """Kinds of run :meth:`sample_run` makes (the first is the default)."""
    paged_kinds: ClassVar[tuple[str, ...]] = ()
    """Sample kinds whose listings are paged; there ``pagination_fault`` (an attribute, None by
    default) makes listings page badly: ``"endless"`` or ``"loop"`` (see
    :data:`~ciartifacts.testing.pagination.PaginationFault`)."""
    undownloadable_states: ClassVar[tuple[str, ...]] = ()
    """States in which an artifact is listed but cannot be downloaded."""
    lists_checksums: ClassVar[bool] = False
    """Whether listings carry a checksum of each artifact (the client verifies it)."""

    def __init__(
        self,
        storage: "FakeStorage",
        *,
        token: str | None = None,
        latency: float = 0.0,
        tls: bool | FakeCA = False,
    ) -> None:
        super().__init__(latency=latency, tls=tls)
        self.storage = storage
        self.token: str = token if token is not None else new_token(self.token_prefix)
        storage.refuse_token(self.token)
        self._sample_numbers = itertools.count(1)
        self.pagination_fault: PaginationFault | None = None

    # -- provider specifics (override) ---------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        """Whether the request carries this fake's token the way the provider wants it."""
        raise NotImplementedError

    def error_response(self, status: int, message: str) -> Response:
        """An error in the provider's documented error format."""
        raise NotImplementedError

    def rate_limited_response(self) -> Response:
        """The provider's 429; fakes of providers without documented limits keep this."""
        raise NotImplementedError(f"{self.name} documents no rate limiting")

    def sample_run(self, kind: str | None = None) -> "SampleRun":
        """A new, empty run of ``kind`` (one of :attr:`sample_kinds`) to add artifacts to.

        Each sample run lives in a project (pipeline, repository) of its own, named
        ``sample-<n>``, so that it is also the only, and latest, run there.
        """
        raise NotImplementedError(f"{self.name}'s fake makes no sample runs")

    def sample_history(self) -> "SampleHistory":
        """Runs to select from, in a new project (see :class:`SampleHistory`); for fakes of
        providers whose refs can select runs (``latest``)."""
        raise NotImplementedError(f"{self.name}'s fake makes no sample history")

    def spec_seed(self) -> "SpecSeed":
        """Seed what every operation of the provider's spec needs (see :class:`SpecSeed`)."""
        raise NotImplementedError(f"{self.name}'s fake has no spec seed")

    def next_sample_number(self) -> int:
        """1, 2, 3, ...: numbers the sample runs of this fake."""
        return next(self._sample_numbers)

    def check_sample_kind(self, kind: str | None) -> str:
        """``kind`` (default: the first of :attr:`sample_kinds`), or ValueError."""
        chosen = self.sample_kinds[0] if kind is None else kind
        if chosen not in self.sample_kinds:
            raise ValueError(f"{self.name}'s fake makes no {chosen!r} sample runs")
        return chosen

    @classmethod
    def documents_rate_limits(cls) -> bool:
        """Whether this fake answers with the provider's documented 429."""
        return cls.rate_limited_response is not FakeAPI.rate_limited_response

    # -- the registry's view ------------------------------------------------------------------

    @property
    def servers(self) -> tuple[FakeServer, ...]:
        """This fake's servers: itself, and any host it hands URLs out for (override)."""
        return (self,)

    def env(self) -> dict[str, str]:
        """The variables that point ciartifacts at this fake: its base URL and its token."""
        from ciartifacts.providers import provider_class

        environment = provider_class(self.name).environment
        return {environment.url_var: self.base_url, environment.token_vars[0]: self.token}

    # -- shared behaviour ---------------------------------------------------------------------

    def error_next(self, status: int, message: str | None = None, *, count: int = 1) -> None:
        """Answer the next ``count`` requests with a provider-shaped error ``status``."""
        text = message if message is not None else HTTPStatus(status).phrase
        self.inject(lambda: self.error_response(status, text), count=count)

    def rate_limit_next(self, count: int = 1) -> None:
        """Answer the next ``count`` requests with the provider's 429."""
        self.rate_limited_response()  # fails early for providers without rate limits
        self.inject(self.rate_limited_response, count=count)

    def before_route(self, request: Request) -> Response | None:
        if not self.authenticated(request):
            return self.error_response(401, self.unauthorized_message)
        return None

    def not_found(self, request: Request) -> Response:
        return self.error_response(404, "Not Found")

    def method_not_allowed(self, request: Request) -> Response:
        return self.error_response(405, "Method Not Allowed")

    def start(self) -> Self:
        if not self.storage.running:
            raise RuntimeError(f"start the storage before {self.name}")
        return super().start()
