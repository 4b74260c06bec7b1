"""httpx clients as every provider needs them: timeouts, retries, errors raised as ours.

Retries wrap the transport, so they apply to the generated clients' calls and to downloads alike.
Only idempotent requests are retried, on 429, 502, 503, 504 and connection failures, waiting what
the server asked for (``Retry-After``, Buildkite's ``RateLimit-Reset``) or backing off
exponentially with jitter, within a total deadline: a retry that could not finish in time is not
started.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import attrs
import httpx

from ciartifacts.errors import RequestTimeoutError, TransportError
from ciartifacts.responses import error_from_response, retry_after_seconds
from ciartifacts.version import __version__

DEFAULT_TIMEOUT = 30.0
USER_AGENT = f"ciartifacts/{__version__}"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry. ``deadline`` bounds the whole request, waits included."""

    max_retries: int = 3
    deadline: float = 120.0
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_wait: float = 60.0

    def wait_before_retry(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        attempt: int,
        started: float,
    ) -> float | None:
        """Seconds to wait before retry number ``attempt`` (1-based), or None not to retry.

        ``response`` is None when the attempt failed to connect.
        """
        if attempt > self.max_retries or request.method not in IDEMPOTENT:
            return None
        if response is not None and response.status_code not in RETRY_STATUSES:
            return None
        asked = retry_after_seconds(response) if response is not None else None
        if asked is not None:
            wait = min(asked, self.max_wait) + random.uniform(0, 0.25)
        else:
            wait = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
            wait *= random.uniform(0.5, 1.0)
        if time.monotonic() - started + wait > self.deadline:
            return None
        return wait


class RetryTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError:
                wait = self._policy.wait_before_retry(request, None, attempt, started)
                if wait is None:
                    raise
            else:
                wait = self._policy.wait_before_retry(request, response, attempt, started)
                if wait is None:
                    return response
                response.close()
            time.sleep(wait)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import asyncio  # here, so that sync-only users never import it

        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError:
                wait = self._policy.wait_before_retry(request, None, attempt, started)
                if wait is None:
                    raise
            else:
                wait = self._policy.wait_before_retry(request, response, attempt, started)
                if wait is None:
                    return response
                await response.aclose()
            await asyncio.sleep(wait)

    async def aclose(self) -> None:
        await self._inner.aclose()


@attrs.frozen
class HttpOptions:
    """What every client of one ciartifacts client shares."""

    timeout: float | None = DEFAULT_TIMEOUT
    retry: RetryPolicy = RetryPolicy()
    max_connections: int = 16


def _raise_for_error(provider: str, source: str) -> Callable[[httpx.Response], None]:
    def hook(response: httpx.Response) -> None:
        if response.status_code >= 400:
            response.read()
            raise error_from_response(provider, response, source=source)

    return hook


def _araise_for_error(provider: str, source: str) -> Callable[[httpx.Response], object]:
    async def hook(response: httpx.Response) -> None:
        if response.status_code >= 400:
            await response.aread()
            raise error_from_response(provider, response, source=source)

    return hook


def _client_kwargs(
    base_url: str, headers: Mapping[str, str], options: HttpOptions
) -> dict[str, object]:
    return {
        "base_url": base_url,
        "headers": {"User-Agent": USER_AGENT, **headers},
        "timeout": options.timeout,
        # Redirects are followed by our download code, which decides where credentials may go.
        "follow_redirects": False,
    }


def sync_client(
    provider: str,
    base_url: str,
    headers: Mapping[str, str],
    options: HttpOptions,
    *,
    source: str = "",
) -> httpx.Client:
    """A client whose error responses raise the provider's APIError before anyone parses them.

    ``source`` labels errors from somewhere other than the provider's API (``"storage"``).
    """
    limits = httpx.Limits(max_connections=options.max_connections)
    return httpx.Client(
        **_client_kwargs(base_url, headers, options),  # type: ignore[arg-type]
        # trust_env on the transport: SSL_CERT_FILE / SSL_CERT_DIR are honoured.
        transport=RetryTransport(httpx.HTTPTransport(limits=limits, trust_env=True), options.retry),
        event_hooks={"response": [_raise_for_error(provider, source)]},
    )


def async_client(
    provider: str,
    base_url: str,
    headers: Mapping[str, str],
    options: HttpOptions,
    *,
    source: str = "",
) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=options.max_connections)
    inner = httpx.AsyncHTTPTransport(limits=limits, trust_env=True)
    return httpx.AsyncClient(
        **_client_kwargs(base_url, headers, options),  # type: ignore[arg-type]
        transport=AsyncRetryTransport(inner, options.retry),
        event_hooks={"response": [_araise_for_error(provider, source)]},
    )


@contextmanager
def transport_errors(provider: str) -> Iterator[None]:
    """Raise httpx's connection failures and timeouts as ours (their text holds no URL query)."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise RequestTimeoutError(provider, _describe(exc), _url(exc)) from exc
    except httpx.TransportError as exc:
        raise TransportError(provider, _describe(exc), _url(exc)) from exc
    except httpx.InvalidURL as exc:  # e.g. a Location header no client could follow
        raise TransportError(provider, f"invalid URL: {_describe(exc)}") from exc


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    # h11 quotes the offending header value, which may be a credential: never pass it on.
    return "illegal header value" if "header value" in text.lower() else text


def _url(exc: httpx.TransportError) -> str | None:
    try:
        return str(exc.request.url)  # TransportError redacts it
    except RuntimeError:  # no request attached
        return None
