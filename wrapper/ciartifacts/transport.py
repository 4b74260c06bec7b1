"""What bounds a transfer (timeouts, retries, minimum speed, pages), and the helpers around
httpx the flow uses: request building, the TLS context, and mapping httpx's errors to ours.

Requests are built with httpx and sent on the flow's own HTTP/1.1 lane transports
(:mod:`ciartifacts._async.http`), which read proxies from the environment; redirects, retries,
pacing and errors are the flow's job (:mod:`ciartifacts._async.client`), which sees every
request. ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` apply as httpx reads them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import random
import ssl
from collections.abc import Iterator, Mapping

import attrs
import httpx

from ciartifacts.errors import ConfigurationError, RequestTimeoutError, TransportError
from ciartifacts.version import __version__

DEFAULT_TIMEOUT = 30.0
DEFAULT_CONCURRENCY = 16
# Threads, connections and file handles per run: more would only hurt.
MAX_CONCURRENCY = 256
USER_AGENT = f"ciartifacts/{__version__}"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


def _positive(name: str, value: float | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(f"{name} must be a finite positive number, not {value!r}")


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry. ``deadline`` bounds one request, waits included:
    a wait that would not end before it fails the request at once."""

    max_retries: int = 3
    deadline: float = 120.0
    backoff: float = 0.5
    max_backoff: float = 8.0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be 0 or more, not {self.max_retries!r}")
        for name in ("deadline", "backoff", "max_backoff"):
            _positive(name, getattr(self, name))

    def may_retry(self, method: str, attempt: int) -> bool:
        """Whether attempt number ``attempt`` (1-based) may be followed by another."""
        return method in IDEMPOTENT and attempt <= self.max_retries

    def backoff_delay(self, attempt: int) -> float:
        """Exponential back-off with jitter, for when the server did not say how long."""
        delay: float = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        return delay * random.uniform(0.5, 1.0)


@attrs.frozen
class TransferOptions:
    """Everything that bounds the requests of one ciartifacts client.

    ``timeout`` applies to each connect, read and write; a body must also keep up an average
    of ``low_speed_limit`` bytes per second over every ``low_speed_time`` seconds (curl's
    rule), so that a server trickling bytes cannot hold a transfer forever. Listings stop with
    an error after ``max_pages`` pages.
    """

    timeout: float | None = DEFAULT_TIMEOUT
    retry: RetryPolicy = RetryPolicy()
    low_speed_limit: float = 1024.0
    low_speed_time: float = 30.0
    max_pages: int = 10_000

    def __attrs_post_init__(self) -> None:
        _positive("timeout", self.timeout, allow_none=True)
        _positive("low_speed_time", self.low_speed_time)
        if (
            not isinstance(self.low_speed_limit, int | float)
            or not math.isfinite(self.low_speed_limit)
            or self.low_speed_limit < 0
        ):
            raise ConfigurationError(
                f"low_speed_limit must be a finite number of bytes per second, "
                f"not {self.low_speed_limit!r}"
            )
        value = self.max_pages
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigurationError(
                f"max_pages must be a whole number of at least 1, not {value!r}"
            )


class LowSpeed:
    """curl's ``--speed-limit`` / ``--speed-time`` rule over one body."""

    def __init__(self, limit: float, window: float, now: float) -> None:
        self._limit = limit
        self._window = window
        self._start = now
        self._received = 0

    def too_slow(self, received: int, now: float) -> bool:
        """Called with the bytes received since the last call; True when the average over
        the last full window fell below the limit."""
        self._received += received
        elapsed = now - self._start
        if elapsed < self._window:
            return False
        slow = self._received / elapsed < self._limit
        self._start, self._received = now, 0
        return slow


def tls_context(environ: Mapping[str, str]) -> ssl.SSLContext:
    """Certificates as curl and httpx find them: ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` from
    ``environ`` if set, else certifi's bundle.

    Loading a bundle takes tens of milliseconds, so one context serves every client of the
    process that sees the same settings (contexts are safe to share between threads).
    """
    cert_file = environ.get("SSL_CERT_FILE") or None
    cert_dir = environ.get("SSL_CERT_DIR") or None
    return _tls_context(cert_file, cert_dir)


@functools.cache
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    if cert_file is None and cert_dir is None:
        return httpx.create_ssl_context(trust_env=False)
    try:
        return ssl.create_default_context(cafile=cert_file, capath=cert_dir)
    except (OSError, ssl.SSLError) as exc:
        where = " / ".join(name for name in (cert_file, cert_dir) if name)
        raise ConfigurationError(
            f"cannot load the certificates named by SSL_CERT_FILE / SSL_CERT_DIR ({where}): {exc}"
        ) from None


@contextlib.contextmanager
def transport_errors(
    provider: str, url: httpx.URL | None = None, *, proxied: bool = False
) -> Iterator[None]:
    """Raise httpx's connection failures and timeouts as ours (their text holds no URL query).

    ``url`` names the request when the exception does not; ``proxied`` says it went through
    a proxy from the environment, which is then the likelier culprit.
    """
    try:
        yield
    except httpx.TimeoutException as exc:
        raise RequestTimeoutError(provider, _describe(exc, proxied), _url(exc, url)) from exc
    except httpx.TransportError as exc:
        raise TransportError(provider, _describe(exc, proxied), _url(exc, url)) from exc
    except httpx.InvalidURL as exc:
        raise TransportError(provider, f"invalid URL: {_describe(exc)}") from exc
    except (OverflowError, UnicodeError) as exc:  # e.g. a port no socket accepts
        raise TransportError(provider, f"cannot connect: {_describe(exc)}") from exc


def _describe(exc: Exception, proxied: bool = False) -> str:
    text = str(exc) or type(exc).__name__
    # h11 quotes the offending header value, which may be a credential: never pass it on.
    if "header value" in text.lower():
        text = "illegal header value"
    return f"{text} (through the proxy set in the environment)" if proxied else text


def _url(exc: httpx.HTTPError, fallback: httpx.URL | None) -> str | None:
    try:
        return str(exc.request.url)  # TransportError redacts it
    except RuntimeError:  # no request attached
        return None if fallback is None else str(fallback)
