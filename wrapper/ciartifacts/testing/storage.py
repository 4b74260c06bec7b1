"""A fake object store (S3-like) on its own loopback origin.

Every provider fake hands out URLs to it, pre-signed or plain, directly or
through a redirect. Like S3 it refuses, with 400 "Only one auth mechanism
allowed", any request that also carries an API credential (a header or query
parameter any registered provider declares, or a fake's token anywhere), and
counts those attempts in :attr:`FakeStorage.credential_attempts`.
Like S3 it serves single byte ranges (``Range: bytes=...``), unless told not to.
"""

import functools
import hashlib
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

from ciartifacts.testing.auth import carries_credentials
from ciartifacts.testing.messages import Request, Response, Route
from ciartifacts.testing.server import FakeServer
from ciartifacts.testing.tls import FakeCA

__all__ = [
    "Blob",
    "FakeStorage",
    "SyntheticBlob",
    "UnsatisfiableRangeError",
    "blob_sha1",
    "blob_size",
    "byte_range",
    "synthetic_bytes",
    "synthetic_sha1",
]

CHUNK_SIZE = 64 * 1024
_BASE_SIZE = 1024 * 1024
_COUNTER_BYTES = 8
_S3_CODES = {
    400: "InvalidRequest",
    401: "AccessDenied",
    403: "AccessDenied",
    404: "NoSuchKey",
    405: "MethodNotAllowed",
    416: "InvalidRange",
    429: "TooManyRequests",
    503: "SlowDown",
}
SIGNATURE_PARAMETER = "X-Amz-Signature"
EXPIRES_PARAMETER = "X-Amz-Expires"


@dataclass(frozen=True)
class SyntheticBlob:
    """``size`` deterministic pseudo-random bytes derived from ``seed``, never held in memory."""

    size: int
    seed: int

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("size must not be negative")


Blob = bytes | SyntheticBlob
"""Content of a stored object: real bytes, or a synthetic stream."""


def _synthetic_base(seed: int, stop: int) -> bytes:
    """The pseudo-random bytes the chunks of a blob of ``seed`` are cut from, enough for its
    bytes before ``stop``.

    SHAKE's shorter outputs are prefixes of its longer ones, so a blob that fits in its first
    chunk needs only that chunk's bytes: a fake serving a thousand small blobs would otherwise
    spend most of its CPU on megabytes it never sends.
    """
    if stop <= CHUNK_SIZE:
        return _shake(seed, CHUNK_SIZE - _COUNTER_BYTES)
    return _full_base(seed)


@functools.lru_cache(maxsize=8)
def _full_base(seed: int) -> bytes:
    return _shake(seed, _BASE_SIZE + CHUNK_SIZE)


def _shake(seed: int, length: int) -> bytes:
    return hashlib.shake_256(f"ciartifacts-synthetic:{seed}".encode()).digest(length)


def synthetic_bytes(size: int, seed: int) -> Iterator[bytes]:
    """The content of ``SyntheticBlob(size, seed)``, in chunks of at most 64 KiB.

    Every 64 KiB chunk starts with its own index, so a client that drops,
    repeats or reorders chunks gets a different SHA-1.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    return _synthetic_range(seed, 0, size)


def _synthetic_range(seed: int, start: int, stop: int) -> Iterator[bytes]:
    """Bytes ``[start, stop)`` of any synthetic blob of ``seed`` at least ``stop`` long.

    Chunk ``i`` covers bytes ``[i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)`` and is
    computed on its own, so a range deep in a huge blob costs no more than its
    own length.
    """
    base = _synthetic_base(seed, stop)
    payload = CHUNK_SIZE - _COUNTER_BYTES
    index, skip = divmod(start, CHUNK_SIZE)
    position = start
    while position < stop:
        offset = (index * 7919 * _COUNTER_BYTES) % _BASE_SIZE
        chunk = index.to_bytes(_COUNTER_BYTES, "big") + base[offset : offset + payload]
        piece = chunk[skip : skip + stop - position]
        position += len(piece)
        index, skip = index + 1, 0
        yield piece


@functools.lru_cache(maxsize=64)
def synthetic_sha1(size: int, seed: int) -> str:
    """Lower-case hex SHA-1 of :func:`synthetic_bytes` ``(size, seed)``."""
    digest = hashlib.sha1()
    for chunk in synthetic_bytes(size, seed):
        digest.update(chunk)
    return digest.hexdigest()


def blob_size(blob: Blob) -> int:
    return blob.size if isinstance(blob, SyntheticBlob) else len(blob)


def blob_sha1(blob: Blob) -> str:
    if isinstance(blob, SyntheticBlob):
        return synthetic_sha1(blob.size, blob.seed)
    return hashlib.sha1(blob).hexdigest()


def blob_chunks(blob: Blob, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
    """Bytes ``[start, stop)`` of ``blob`` (all of it by default), in chunks of at most 64 KiB."""
    end = blob_size(blob) if stop is None else min(stop, blob_size(blob))
    if isinstance(blob, SyntheticBlob):
        yield from _synthetic_range(blob.seed, start, end)
    else:
        for offset in range(start, end, CHUNK_SIZE):
            yield blob[offset : min(offset + CHUNK_SIZE, end)]


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """``chunks`` cut into pieces of ``size`` bytes (the last one may be shorter)."""
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        whole = len(data) - len(data) % size
        for offset in range(0, whole, size):
            yield data[offset : offset + size]
        pending = data[whole:]
    if pending:
        yield pending


class UnsatisfiableRangeError(ValueError):
    """A ``Range`` none of whose bytes exist (answered 416)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``(start, stop)`` of a single ``Range: bytes=...`` over ``size`` bytes.

    ``bytes=a-b`` (``b`` clipped to the end), ``bytes=a-`` and ``bytes=-n``
    (the last ``n``). None for anything else (malformed, another unit, several
    ranges), which S3 ignores and answers in full. Raises
    :class:`UnsatisfiableRangeError` when the range starts past the end, asks
    for the last 0 bytes, or the object is empty.
    """
    unit, _, spec = header.partition("=")
    first, dash, last = spec.strip().partition("-")
    digits = first + last
    if unit.strip().lower() != "bytes" or not dash or not (digits.isascii() and digits.isdigit()):
        return None  # also catches "," (several ranges), signs and blanks
    if not first:
        if int(last) == 0 or size == 0:
            raise UnsatisfiableRangeError(header)
        return max(0, size - int(last)), size
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignored, as RFC 9110 says
    if start >= size:
        raise UnsatisfiableRangeError(header)
    return start, size if not last else min(int(last) + 1, size)


def _flip_byte(chunks: Iterable[bytes], position: int) -> Iterator[bytes]:
    """``chunks`` with the byte at ``position`` altered (same length)."""
    offset = 0
    for chunk in chunks:
        index = position - offset
        offset += len(chunk)
        if 0 <= index < len(chunk):
            yield chunk[:index] + bytes([chunk[index] ^ 0xFF]) + chunk[index + 1 :]
        else:
            yield chunk


@dataclass
class _StoredObject:
    blob: Blob
    content_type: str
    signed: bool
    signatures: dict[str, float] = field(default_factory=dict)
    expired: set[str] = field(default_factory=set)
    corrupted: bool = False
    truncated: bool = False
    trickle: tuple[int, float] | None = None
    """(bytes per write, seconds between writes)"""
    status: int | None = None
    ignore_range: bool = False


def s3_error(status: int, code: str, message: str, **extra: str) -> Response:
    """An S3-style XML error body."""
    fields = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in extra.items())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>{fields}"
        f"<RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>"
    ).encode()
    return Response(status=status, headers=(("Content-Type", "application/xml"),), body=body)


class FakeStorage(FakeServer):
    """S3-like object storage on a loopback origin of its own (127.0.0.2 when possible).

    ``signed_url_ttl`` makes signed URLs expire that many seconds after they are
    issued (like ``X-Amz-Expires``); by default they only expire through
    :meth:`expire` or :meth:`issue_expired`.

    A ``GET`` with a single ``Range: bytes=a-b`` / ``bytes=a-`` / ``bytes=-n``
    answers 206 with ``Content-Range: bytes a-b/size`` and exactly those bytes
    (synthetic blobs too, without generating what comes before); a range
    starting past the end answers 416 ``InvalidRange`` with ``Content-Range:
    bytes */size``; other ``Range`` values are ignored (200, the whole body).
    Every object answer says ``Accept-Ranges: bytes``. With ``honour_range``
    False (or :meth:`ignore_range` for one object) ``Range`` is ignored, as
    some storages do: 200 with the whole body, and no ``Accept-Ranges``.

    With ``tls`` (see :class:`~ciartifacts.testing.LoopbackServer`) it serves
    HTTPS, and every URL it hands out (signed or not) starts with ``https://``.
    """

    name: ClassVar[str] = "storage"
    hosts: ClassVar[tuple[str, ...]] = ("127.0.0.2", "127.0.0.1")

    def __init__(
        self,
        *,
        signed_url_ttl: float | None = None,
        latency: float = 0.0,
        honour_range: bool = True,
        tls: bool | FakeCA = False,
    ) -> None:
        super().__init__(latency=latency, tls=tls)
        self.signed_url_ttl = signed_url_ttl
        self.honour_range = honour_range
        self._objects: dict[str, _StoredObject] = {}
        self._credential_attempts = 0
        self._tokens: set[str] = set()
        self._born_expired = 0
        self._storm_until = 0.0
        self._storm_status = 503
        self._storm_retry_after: int | None = None
        self._throttled = 0

    # -- seeding ------------------------------------------------------------------------------

    def put(
        self,
        content: Blob,
        *,
        signed: bool = True,
        content_type: str = "application/octet-stream",
    ) -> str:
        """Store ``content`` and return a URL to it: pre-signed, or plain if ``signed=False``."""
        key = secrets.token_hex(16)
        with self._lock:
            self._objects[key] = _StoredObject(content, content_type, signed)
            return self._url(key)

    def put_synthetic(
        self,
        size: int,
        seed: int,
        *,
        signed: bool = True,
        content_type: str = "application/octet-stream",
    ) -> str:
        """Store :func:`synthetic_bytes` ``(size, seed)`` without holding it in memory."""
        return self.put(SyntheticBlob(size, seed), signed=signed, content_type=content_type)

    def presign(self, url: str) -> str:
        """A fresh URL to the object behind ``url`` (a new signature for a signed object)."""
        with self._lock:
            return self._url(self._key_of(url))

    def _url(self, key: str) -> str:
        stored = self._objects[key]
        url = f"{self.origin}/objects/{key}"
        if not stored.signed:
            return url
        signature = secrets.token_urlsafe(24)
        stored.signatures[signature] = time.monotonic()
        if self._born_expired:
            self._born_expired -= 1
            stored.expired.add(signature)
        return f"{url}?{urlencode({SIGNATURE_PARAMETER: signature, EXPIRES_PARAMETER: '60'})}"

    # -- misbehaviour -------------------------------------------------------------------------

    def expire(self, url: str) -> None:
        """Make this signed URL answer 403 "Request has expired" from now on."""
        signature = _signature_of(url)
        if signature is None:
            raise ValueError("only signed URLs expire")
        with self._lock:
            stored = self._objects[self._key_of(url)]
            if signature not in stored.signatures:
                raise ValueError("this URL was not issued by this storage")
            stored.expired.add(signature)

    def issue_expired(self, count: int = 1) -> None:
        """Make the next ``count`` signed URLs issued (by any fake) already expired."""
        with self._lock:
            self._born_expired += count

    def corrupt(self, url: str) -> None:
        """Serve the object with one byte altered (same size): for checksum-mismatch tests."""
        with self._lock:
            stored = self._objects[self._key_of(url)]
            if blob_size(stored.blob) == 0:
                raise ValueError("an empty object cannot be corrupted without changing its size")
            stored.corrupted = True

    def truncate(self, url: str) -> None:
        """Drop the connection halfway through the object's body (after a full Content-Length)."""
        with self._lock:
            self._objects[self._key_of(url)].truncated = True

    def trickle(self, url: str, chunk: int = 1, interval: float = 0.3) -> None:
        """Send the object's body ``chunk`` bytes at a time, ``interval`` seconds apart.

        The headers (full ``Content-Length``) go out at once; the body then
        trickles until it is all sent, the client hangs up, or the fake stops
        (both end the server's thread at once, not after the next write).
        """
        if chunk < 1 or interval < 0:
            raise ValueError("chunk must be at least 1 and interval not negative")
        with self._lock:
            self._objects[self._key_of(url)].trickle = (chunk, interval)

    def answer_status(self, url: str, status: int) -> None:
        """Answer this object's ``GET`` with ``status`` (a 2xx) whatever was asked.

        ``204``: no body. ``206``: ``Content-Range: bytes 0-{k-1}/{n}`` and the
        first ``k = n // 2`` bytes, though no ``Range`` was sent (needs ``n >= 2``).
        Any other 2xx (``201``, ``203``, ...): the whole body with that status,
        ``Range`` ignored. ``200`` restores the normal behaviour.
        """
        if not 200 <= status < 300:
            raise ValueError("only 2xx statuses; use fail_next() for the others")
        with self._lock:
            stored = self._objects[self._key_of(url)]
            if status == 206 and blob_size(stored.blob) < 2:
                raise ValueError("a 206 of half an object needs at least 2 bytes")
            stored.status = None if status == 200 else status

    def ignore_range(self, url: str, ignore: bool = True) -> None:
        """Ignore ``Range`` for this object (200 with the whole body), whatever ``honour_range``."""
        with self._lock:
            self._objects[self._key_of(url)].ignore_range = ignore

    def rate_limit_for(
        self, seconds: float, *, retry_after: int | None = 1, status: int = 503
    ) -> None:
        """A throttling storm: every request for the next ``seconds`` is refused.

        ``503`` answers S3's ``<Code>SlowDown</Code>``, ``429``
        ``<Code>TooManyRequests</Code>``; both with ``Retry-After: retry_after``
        (none if None). Each refusal counts in :attr:`throttled_count`.
        ``rate_limit_for(0)`` ends a storm early.
        """
        if status not in {429, 503}:
            raise ValueError("a storm answers 503 (S3's SlowDown) or 429")
        if retry_after is not None and retry_after < 0:
            raise ValueError("retry_after must not be negative")
        with self._lock:
            self._storm_until = time.monotonic() + seconds
            self._storm_status = status
            self._storm_retry_after = retry_after

    @property
    def throttled_count(self) -> int:
        """How many requests a :meth:`rate_limit_for` storm refused."""
        with self._lock:
            return self._throttled

    def delete(self, url: str) -> None:
        """Remove the object: its URLs answer 404 NoSuchKey."""
        with self._lock:
            self._objects.pop(self._key_of(url), None)

    def refuse_token(self, token: str) -> None:
        """Count ``token`` as a credential wherever it appears in a request, in any header.

        Every provider fake calls this with its token, so a client that sends one in a header
        no provider declares still meets the credential refusal.
        """
        with self._lock:
            self._tokens.add(token)

    @property
    def credential_attempts(self) -> int:
        """How many requests arrived carrying an API credential (all refused with 400).

        A credential is any header or query parameter in which a registered provider sends
        one, or a provider fake's token anywhere in the request.
        """
        with self._lock:
            return self._credential_attempts

    @property
    def object_count(self) -> int:
        with self._lock:
            return len(self._objects)

    def _key_of(self, url: str) -> str:
        path = urlsplit(url).path
        key = path.removeprefix("/objects/")
        if key == path or key not in self._objects:
            raise ValueError("not a URL of an object in this storage")
        return key

    # -- serving ------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        return (Route.of("GET", "/objects/{key}", self._get_object),)

    def before_route(self, request: Request) -> Response | None:
        storm = self._storm_response()
        if storm is not None:
            return storm
        with self._lock:
            tokens = tuple(self._tokens)
        if carries_credentials(request, tokens):
            with self._lock:
                self._credential_attempts += 1
            return s3_error(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                "Signature query string parameter or the Authorization header should be "
                "specified",
                ArgumentName="Authorization",
            )
        return None

    def error_response(self, status: int, message: str) -> Response:
        return s3_error(status, _S3_CODES.get(status, "InternalError"), message)

    def not_found(self, request: Request) -> Response:
        return s3_error(404, "NoSuchKey", "The specified key does not exist.")

    def method_not_allowed(self, request: Request) -> Response:
        return s3_error(
            405, "MethodNotAllowed", "The specified method is not allowed against this resource."
        )

    def _storm_response(self) -> Response | None:
        with self._lock:
            if time.monotonic() >= self._storm_until:
                return None
            self._throttled += 1
            status, retry_after = self._storm_status, self._storm_retry_after
        code = "SlowDown" if status == 503 else "TooManyRequests"
        response = s3_error(status, code, "Please reduce your request rate.")
        if retry_after is None:
            return response
        return response.with_headers(("Retry-After", str(retry_after)))

    def _get_object(self, request: Request) -> Response:
        with self._lock:
            stored = self._objects.get(request.param("key"))
            if stored is None:
                return self.not_found(request)
            refusal = self._check_signature(request, stored)
            if refusal is not None:
                return refusal
            blob, content_type, forced = stored.blob, stored.content_type, stored.status
            corrupted, truncated, trickle = stored.corrupted, stored.truncated, stored.trickle
            ranges = self.honour_range and not stored.ignore_range
        size = blob_size(blob)
        if forced == 204:
            return Response(status=204)
        status, start, stop = forced or 200, 0, size
        headers = [("Content-Type", content_type)]
        wanted = request.header("range")
        if forced == 206:
            stop = size // 2
        elif forced is None and ranges and wanted is not None:
            try:
                found = byte_range(wanted, size)
            except UnsatisfiableRangeError:
                return s3_error(
                    416,
                    "InvalidRange",
                    "The requested range is not satisfiable",
                    RangeRequested=wanted,
                    ActualObjectSize=str(size),
                ).with_headers(("Content-Range", f"bytes */{size}"))
            if found is not None:
                status, (start, stop) = 206, found
        if status == 206:
            headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{size}"))
        if ranges:
            headers.append(("Accept-Ranges", "bytes"))

        def chunks() -> Iterator[bytes]:
            body = blob_chunks(blob, start, stop)
            if corrupted:  # the same object byte whatever the range
                body = _flip_byte(body, size // 2 - start)
            return _rechunk(body, trickle[0]) if trickle else body

        length = stop - start
        return Response(
            status=status,
            headers=tuple(headers),
            chunks=chunks,
            length=length,
            cut_after=length // 2 if truncated else None,
            interval=trickle[1] if trickle else 0.0,
        )

    def _check_signature(self, request: Request, stored: _StoredObject) -> Response | None:
        if not stored.signed:
            return None
        signature = request.arg(SIGNATURE_PARAMETER)
        if signature is None:
            return s3_error(403, "AccessDenied", "Access Denied")
        issued = stored.signatures.get(signature)
        if issued is None:
            return s3_error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            )
        ttl = self.signed_url_ttl
        if signature in stored.expired or (ttl is not None and time.monotonic() - issued > ttl):
            return s3_error(403, "AccessDenied", "Request has expired")
        if request.method != "GET":
            # The signature covers the GET method: a HEAD on a pre-signed GET URL fails.
            return s3_error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            )
        return None


def _signature_of(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(SIGNATURE_PARAMETER)
    return values[0] if values else None
