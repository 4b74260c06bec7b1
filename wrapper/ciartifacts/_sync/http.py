# Generated from ciartifacts/_async/http.py by scripts/generate_sync.py (nox -s generate):
# do not edit. Change the asynchronous source and regenerate.
"""HTTP/1.1 for one lane: h11 over our own streams, one request at a time.

Each worker of the flow sends one request at a time on a lane of its own, so this transport
needs no connection pool, no locks and no events: it keeps the idle connection to each origin it
talks to, and uses it for the next request there. That is most of what made httpx's default
transport cost more CPU than everything else a download does (see ``nox -s bench``). h11 does
the protocol; :mod:`ciartifacts._net` the sockets.

Proxies come from the environment (:mod:`ciartifacts.proxies`): an http:// request goes to the
proxy in absolute form, an https:// one through a ``CONNECT`` tunnel, with TLS to the origin
inside it. Credentials in the proxy URL are sent as ``Proxy-Authorization``.

This file is the source; ``ciartifacts/_sync/http.py`` is generated from it like the client.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from typing import Any

import h11
import httpx

from ciartifacts._net import SyncStream
from ciartifacts.proxies import DEFAULT_PORTS, Proxy, ProxyRules


class _Connection:
    """One kept-alive connection and its HTTP/1.1 state."""

    def __init__(self, stream: SyncStream) -> None:
        self.stream = stream
        self.h11 = h11.Connection(h11.CLIENT)
        self.reused = False

    def get_extra_info(self, name: str) -> Any:
        return self.stream.get_extra_info(name)


def _timeouts(request: httpx.Request) -> tuple[float | None, float | None, float | None]:
    timeout = request.extensions.get("timeout", {})
    return timeout.get("connect"), timeout.get("read"), timeout.get("write")


class _Body(httpx.SyncByteStream):
    """A response body as h11 parses it; returns the connection to its lane once all read."""

    def __init__(
        self,
        lane: LaneTransport,
        key: tuple[Any, ...],
        connection: _Connection,
        read_timeout: float | None,
    ) -> None:
        self._lane = lane
        self._key = key
        self._connection = connection
        self._read_timeout = read_timeout
        self._complete = False

    def __iter__(self) -> Iterator[bytes]:
        connection = self._connection
        while True:
            event = _next_event(connection, self._read_timeout)
            if type(event) is h11.Data:
                yield bytes(event.data)
            elif type(event) is h11.EndOfMessage:
                self._complete = True
                return
            else:
                raise httpx.RemoteProtocolError(f"unexpected {type(event).__name__} in a body")

    def close(self) -> None:
        connection = self._connection
        state = connection.h11
        if self._complete and state.our_state is h11.DONE and state.their_state is h11.DONE:
            state.start_next_cycle()
            connection.reused = True
            self._lane.keep(self._key, connection)
        else:
            connection.stream.close()


def _next_event(connection: _Connection, timeout: float | None) -> Any:
    state = connection.h11
    while True:
        try:
            event = state.next_event()
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from None
        if event is not h11.NEED_DATA:
            return event
        data = connection.stream.read(timeout)
        try:
            state.receive_data(data)  # b"" marks the end: h11 then says how the message ended
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from None


class LaneTransport(httpx.BaseTransport):
    """An httpx transport for one lane: a kept-alive connection per origin, no pool."""

    def __init__(self, tls: Callable[[], ssl.SSLContext], proxies: ProxyRules) -> None:
        # Made on first use: most lanes of a test suite never speak TLS.
        self._tls = tls
        self._proxies = proxies
        self._idle: dict[tuple[Any, ...], _Connection] = {}

    def proxied(self, url: httpx.URL) -> bool:
        """Whether a request to ``url`` goes through a proxy from the environment."""
        return self._proxies.for_url(url) is not None

    def keep(self, key: tuple[Any, ...], connection: _Connection) -> None:
        previous = self._idle.pop(key, None)
        if previous is not None:
            previous.stream.close()
        self._idle[key] = connection

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        proxy = self._proxies.for_url(url)
        port = url.port or DEFAULT_PORTS.get(url.scheme, 0)
        key = (url.scheme, url.host, port, None if proxy is None else str(proxy.url))
        connection = self._idle.pop(key, None)
        if connection is not None and connection.stream.is_stale():
            connection.stream.close()
            connection = None
        if connection is not None:
            try:
                return self._exchange(connection, request, proxy, key)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                # The server closed this idle connection as we reused it: one fresh try.
                if request.method not in ("GET", "HEAD", "OPTIONS", "DELETE"):
                    raise
        connection = self._open(url, port, proxy, request)
        return self._exchange(connection, request, proxy, key)

    def _open(
        self, url: httpx.URL, port: int, proxy: Proxy | None, request: httpx.Request
    ) -> _Connection:
        connect_timeout, read_timeout, write_timeout = _timeouts(request)
        if proxy is None:
            stream = SyncStream.connect(url.host, port, connect_timeout)
        else:
            proxy_url = proxy.url
            proxy_port = proxy_url.port or DEFAULT_PORTS[proxy_url.scheme]
            stream = SyncStream.connect(proxy_url.host, proxy_port, connect_timeout)
            if proxy_url.scheme == "https":
                stream.start_tls(self._tls(), proxy_url.host, connect_timeout)
            if url.scheme == "https":
                if proxy_url.scheme == "https":
                    stream.close()
                    raise httpx.UnsupportedProtocol(
                        "https requests through an https proxy are not supported; "
                        "use an http:// proxy URL"
                    )
                self._tunnel(stream, url, port, proxy, timeouts=(read_timeout, write_timeout))
        if url.scheme == "https":
            stream.start_tls(self._tls(), url.host, connect_timeout)
        return _Connection(stream)

    def _tunnel(
        self,
        stream: SyncStream,
        url: httpx.URL,
        port: int,
        proxy: Proxy,
        *,
        timeouts: tuple[float | None, float | None],
    ) -> None:
        """``CONNECT host:port`` through the proxy; then the stream reaches the origin."""
        read_timeout, write_timeout = timeouts
        target = f"{url.host}:{port}".encode()
        headers = [(b"Host", target)]
        if proxy.authorization is not None:
            headers.append((b"Proxy-Authorization", proxy.authorization))
        tunnel = _Connection(stream)
        data = tunnel.h11.send(h11.Request(method=b"CONNECT", target=target, headers=headers))
        stream.write(data, write_timeout)
        try:
            event = _next_event(tunnel, read_timeout)
        except BaseException:
            stream.close()
            raise
        if not isinstance(event, h11.Response) or not 200 <= event.status_code < 300:
            stream.close()
            status = getattr(event, "status_code", "no answer")
            raise httpx.ProxyError(f"the proxy refused to tunnel to {url.host}:{port}: {status}")

    def _exchange(
        self,
        connection: _Connection,
        request: httpx.Request,
        proxy: Proxy | None,
        key: tuple[Any, ...],
    ) -> httpx.Response:
        _, read_timeout, write_timeout = _timeouts(request)
        url = request.url
        through_proxy = proxy is not None and url.scheme == "http"
        target = str(url).encode("ascii") if through_proxy else url.raw_path
        headers = [(b"Host", url.netloc)]
        headers += [(k, v) for k, v in request.headers.raw if k.lower() != b"host"]
        if through_proxy and proxy is not None and proxy.authorization is not None:
            headers.append((b"Proxy-Authorization", proxy.authorization))
        body = request.read()
        try:
            state = connection.h11
            event = h11.Request(method=request.method.encode(), target=target, headers=headers)
            data = state.send(event)
            if body:
                data += state.send(h11.Data(data=body))
            data += state.send(h11.EndOfMessage())
        except h11.LocalProtocolError as exc:
            connection.stream.close()
            raise httpx.LocalProtocolError(str(exc)) from None
        try:
            connection.stream.write(data, write_timeout)
            while True:
                answer = _next_event(connection, read_timeout)
                if type(answer) is h11.Response:
                    break
                if type(answer) is not h11.InformationalResponse:
                    raise httpx.RemoteProtocolError("the server sent no response")
        except BaseException:
            connection.stream.close()
            raise
        return httpx.Response(
            answer.status_code,
            headers=answer.headers,
            stream=_Body(self, key, connection, read_timeout),
            request=request,
            extensions={"http_version": b"HTTP/1.1", "network_stream": connection},
        )

    def close(self) -> None:
        idle, self._idle = self._idle, {}
        for connection in idle.values():
            connection.stream.close()
