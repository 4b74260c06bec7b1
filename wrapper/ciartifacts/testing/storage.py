"""A fake object store (S3-like) on its own loopback origin.

Every provider hands out URLs to it: pre-signed ones (Buildkite downloads,
CircleCI after the artifact host's redirect, SourceCraft, Empirical resources)
or plain ones (Empirical test-run artifacts). Like S3 it refuses, with 400
"Only one auth mechanism allowed", any request that also carries an API
credential, and counts those attempts in :attr:`FakeStorage.credential_attempts`.
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

__all__ = [
    "Blob",
    "FakeStorage",
    "SyntheticBlob",
    "blob_sha1",
    "blob_size",
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


@functools.lru_cache(maxsize=8)
def _synthetic_base(seed: int) -> bytes:
    return hashlib.shake_256(f"ciartifacts-synthetic:{seed}".encode()).digest(
        _BASE_SIZE + CHUNK_SIZE
    )


def synthetic_bytes(size: int, seed: int) -> Iterator[bytes]:
    """The content of ``SyntheticBlob(size, seed)``, in chunks of at most 64 KiB.

    Every 64 KiB chunk starts with its own index, so a client that drops,
    repeats or reorders chunks gets a different SHA-1.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    base = _synthetic_base(seed)
    payload = CHUNK_SIZE - _COUNTER_BYTES
    index = 0
    remaining = size
    while remaining > 0:
        offset = (index * 7919 * _COUNTER_BYTES) % _BASE_SIZE
        chunk = index.to_bytes(_COUNTER_BYTES, "big") + base[offset : offset + payload]
        if remaining < len(chunk):
            chunk = chunk[:remaining]
        remaining -= len(chunk)
        index += 1
        yield chunk


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


def blob_chunks(blob: Blob) -> Iterator[bytes]:
    if isinstance(blob, SyntheticBlob):
        yield from synthetic_bytes(blob.size, blob.seed)
    else:
        for start in range(0, len(blob), CHUNK_SIZE):
            yield blob[start : start + CHUNK_SIZE]


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
    """

    name: ClassVar[str] = "storage"
    hosts: ClassVar[tuple[str, ...]] = ("127.0.0.2", "127.0.0.1")

    def __init__(self, *, signed_url_ttl: float | None = None, latency: float = 0.0) -> None:
        super().__init__(latency=latency)
        self.signed_url_ttl = signed_url_ttl
        self._objects: dict[str, _StoredObject] = {}
        self._credential_attempts = 0
        self._born_expired = 0

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

    def delete(self, url: str) -> None:
        """Remove the object: its URLs answer 404 NoSuchKey."""
        with self._lock:
            self._objects.pop(self._key_of(url), None)

    @property
    def credential_attempts(self) -> int:
        """How many requests arrived carrying an API credential (all refused with 400)."""
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
        if carries_credentials(request):
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

    def _get_object(self, request: Request) -> Response:
        with self._lock:
            stored = self._objects.get(request.param("key"))
            if stored is None:
                return self.not_found(request)
            refusal = self._check_signature(request, stored)
            if refusal is not None:
                return refusal
            blob, content_type = stored.blob, stored.content_type
            corrupted, truncated = stored.corrupted, stored.truncated
        size = blob_size(blob)

        def chunks() -> Iterator[bytes]:
            body = blob_chunks(blob)
            return _flip_byte(body, size // 2) if corrupted else body

        return Response(
            status=200,
            headers=(("Content-Type", content_type),),
            chunks=chunks,
            length=size,
            cut_after=size // 2 if truncated else None,
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
