"""Byte streams over TCP (and TLS), in an asyncio and a blocking twin, for :mod:`._async.http`.

The HTTP transport is written once against :class:`AsyncStream`; its synchronous twin, generated
by unasync, uses :class:`SyncStream`, which has the same methods, blocking. Both read as much as
the peer has ready (up to :data:`MAX_READ`), so a large body costs few calls, and both raise
httpx's exceptions (``ConnectError``, ``ReadTimeout``, ...), which the flow maps to its own.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import asyncio

    _ProtocolBase = asyncio.Protocol
else:
    # asyncio is imported only by asynchronous users; its loop needs only the methods.
    _ProtocolBase = object

MIN_READ = 64 * 1024
MAX_READ = 1024 * 1024
# The asyncio stream stops reading from the socket past this much unread data.
_HIGH_WATER = 2 * MAX_READ


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


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _readable(sock: socket.socket | None) -> bool:
    """Whether an idle socket has something to read: the peer closed it, or spoke out of turn."""
    if sock is None or sock.fileno() < 0:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


# --- asyncio -------------------------------------------------------------------------------------


class _Protocol(_ProtocolBase):
    """The asyncio protocol under :class:`AsyncStream`: a buffer and one waiting reader."""

    def __init__(self) -> None:

        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.paused = False
        self.can_write: asyncio.Future[None] | None = None

    # asyncio.Protocol
    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _HIGH_WATER and self.transport is not None and not self.paused:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False

    def connection_lost(self, exc: BaseException | None) -> None:
        self.eof = True
        self.error = exc
        self._wake()
        if self.can_write is not None and not self.can_write.done():
            self.can_write.set_result(None)

    def pause_writing(self) -> None:
        import asyncio

        self.can_write = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.can_write is not None and not self.can_write.done():
            self.can_write.set_result(None)
        self.can_write = None

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class AsyncStream:
    """A TCP (or TLS) connection on asyncio, read and written by one task at a time."""

    def __init__(self, protocol: _Protocol) -> None:
        assert protocol.transport is not None
        self._protocol = protocol
        self._transport = protocol.transport

    @classmethod
    async def connect(cls, host: str, port: int, timeout: float | None) -> AsyncStream:
        import asyncio

        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, protocol = await loop.create_connection(_Protocol, host, port)
        except TimeoutError:
            raise httpx.ConnectTimeout(f"timed out connecting to {host}:{port}") from None
        except (OSError, OverflowError, UnicodeError) as exc:
            raise httpx.ConnectError(_describe(exc)) from exc
        return cls(protocol)

    async def start_tls(
        self, context: ssl.SSLContext, server_hostname: str, timeout: float | None
    ) -> AsyncStream:
        import asyncio

        loop = asyncio.get_running_loop()
        protocol = self._protocol
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, protocol, context, server_hostname=server_hostname
                )
        except TimeoutError:
            self.close()
            raise httpx.ConnectTimeout("timed out in the TLS handshake") from None
        except (OSError, ssl.SSLError) as exc:
            self.close()
            raise httpx.ConnectError(_describe(exc)) from exc
        if transport is None:
            raise httpx.ConnectError("the connection closed during the TLS handshake")
        protocol.transport = transport
        self._transport = transport
        return self

    async def write(self, data: bytes, timeout: float | None) -> None:
        import asyncio

        protocol = self._protocol
        if protocol.eof and protocol.error is not None:
            raise httpx.WriteError(_describe(protocol.error))
        self._transport.write(data)
        if protocol.can_write is not None:
            try:
                async with asyncio.timeout(timeout):
                    await protocol.can_write
            except TimeoutError:
                raise httpx.WriteTimeout("timed out writing") from None

    async def read(self, timeout: float | None) -> bytes:
        """What has arrived, waiting for some if nothing has; ``b""`` once the peer closed."""
        import asyncio

        protocol = self._protocol
        if not protocol.buffer and not protocol.eof:
            loop = asyncio.get_running_loop()
            protocol.waiter = waiter = loop.create_future()
            expired: list[bool] = []

            def expire() -> None:
                expired.append(True)
                waiter.cancel()

            timer = None if timeout is None else loop.call_later(timeout, expire)
            try:
                await waiter
            except asyncio.CancelledError:
                if expired:
                    raise httpx.ReadTimeout("timed out reading") from None
                raise
            finally:
                protocol.waiter = None
                if timer is not None:
                    timer.cancel()
        if protocol.buffer:
            data = bytes(protocol.buffer[:MAX_READ])
            del protocol.buffer[:MAX_READ]
            if protocol.paused and len(protocol.buffer) < _HIGH_WATER // 2:
                protocol.paused = False
                self._transport.resume_reading()
            return data
        if protocol.error is not None:
            raise httpx.ReadError(_describe(protocol.error))
        return b""

    def is_stale(self) -> bool:
        """Whether an idle connection can no longer carry a request."""
        protocol = self._protocol
        return protocol.eof or bool(protocol.buffer) or self._transport.is_closing()

    def get_extra_info(self, name: str) -> Any:
        return self._transport.get_extra_info(name)

    def close(self) -> None:
        self._transport.close()


# --- blocking sockets ----------------------------------------------------------------------------


class SyncStream:
    """A TCP (or TLS) connection on a blocking socket, the twin of :class:`AsyncStream`."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._read_size = ReadSize()

    @classmethod
    def connect(cls, host: str, port: int, timeout: float | None) -> SyncStream:
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except TimeoutError:
            raise httpx.ConnectTimeout(f"timed out connecting to {host}:{port}") from None
        except (OSError, OverflowError, UnicodeError) as exc:
            raise httpx.ConnectError(_describe(exc)) from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def start_tls(
        self, context: ssl.SSLContext, server_hostname: str, timeout: float | None
    ) -> SyncStream:
        try:
            self._sock.settimeout(timeout)
            self._sock = context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError:
            self.close()
            raise httpx.ConnectTimeout("timed out in the TLS handshake") from None
        except (OSError, ssl.SSLError) as exc:
            self.close()
            raise httpx.ConnectError(_describe(exc)) from exc
        return self

    def write(self, data: bytes, timeout: float | None) -> None:
        try:
            self._sock.settimeout(timeout)
            self._sock.sendall(data)
        except TimeoutError:
            raise httpx.WriteTimeout("timed out writing") from None
        except OSError as exc:
            raise httpx.WriteError(_describe(exc)) from exc

    def read(self, timeout: float | None) -> bytes:
        """What has arrived, waiting for some if nothing has; ``b""`` once the peer closed."""
        try:
            self._sock.settimeout(timeout)
            data = self._sock.recv(self._read_size.size)
        except TimeoutError:
            raise httpx.ReadTimeout("timed out reading") from None
        except OSError as exc:
            raise httpx.ReadError(_describe(exc)) from exc
        self._read_size.adapt(len(data))
        return data

    def is_stale(self) -> bool:
        """Whether an idle connection can no longer carry a request."""
        return _readable(self._sock)

    def get_extra_info(self, name: str) -> Any:
        if name == "socket":
            return self._sock
        return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
