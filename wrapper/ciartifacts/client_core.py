"""What both clients share outside the flow itself: configuration and small sans-IO steps."""

from __future__ import annotations

import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ciartifacts.errors import (
    CIArtifactsError,
    ConfigurationError,
    NoMatchingRunError,
    NotDownloadableError,
    NotFoundError,
    TransportError,
    UnexpectedResponseError,
    UnsupportedOperationError,
)
from ciartifacts.fields import MalformedField, url_problem
from ciartifacts.logs import enable_from_environment, log_request, logger, shown_url
from ciartifacts.model import Artifact
from ciartifacts.providers import PROVIDERS, create_provider
from ciartifacts.providers.base import ApiCall, Provider
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.settings import resolve_settings
from ciartifacts.transport import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    RetryPolicy,
    TransferOptions,
    tls_context,
)

__all__ = ["DEFAULT_CONCURRENCY", "ClientCore"]

if TYPE_CHECKING:
    from ciartifacts.pacing import Pacer
    from ciartifacts.patterns import PathMatcher, ServerFilter
    from ciartifacts.proxies import ProxyRules

T = TypeVar("T")
MAX_REDIRECTS = 5
# Selecting more runs than this at once is more likely a typo than a wish.
MAX_RUNS = 1000
STORAGE_HEADERS = {"Accept": "*/*"}
# Bytes exactly as stored: a transparently decoded body would fail its checksum.
DOWNLOAD_HEADERS = {"Accept-Encoding": "identity"}
# What a generated model raises on a body that does not match the spec (RecursionError: JSON
# nested deeper than the parser goes).
MALFORMED_BODY = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)
# Enough for any listing page; an answer longer than this is not one.
MAX_API_BODY = 64 * 1024 * 1024
MAX_ERROR_BODY = 64 * 1024
# A redirect's body is read (so its connection can carry the next request) up to this.
MAX_REDIRECT_BODY = 64 * 1024


class ClientCore:
    """Configuration and the provider-independent steps of every operation."""

    def __init__(
        self,
        *,
        tokens: Mapping[str, str] | None = None,
        base_urls: Mapping[str, str] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        retry_deadline: float = 120.0,
        low_speed_limit: float = 1024.0,
        low_speed_time: float = 30.0,
        max_pages: int = 10_000,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        for kind, given in (("tokens", tokens), ("base_urls", base_urls)):
            unknown = sorted(set(given or ()) - set(PROVIDERS))
            if unknown:
                raise ConfigurationError(
                    f"{kind}: unknown provider {', '.join(unknown)}; known: {', '.join(PROVIDERS)}"
                )
        self._tokens = dict(tokens or {})
        self._base_urls = dict(base_urls or {})
        self._environ = dict(os.environ if environ is None else environ)
        self.options = TransferOptions(
            timeout=timeout,
            retry=RetryPolicy(max_retries=max_retries, deadline=retry_deadline),
            low_speed_limit=low_speed_limit,
            low_speed_time=low_speed_time,
            max_pages=max_pages,
        )
        from ciartifacts.pacing import Pacer  # with the first client, not the package

        self._pacer: Pacer = Pacer()
        enable_from_environment(self._environ)
        self._secrets: list[str] = []
        self._secrets_lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None
        self._proxies: ProxyRules | None = None

    def tls_context(self) -> ssl.SSLContext:
        """The TLS context of this client's connections, made when the first needs it."""
        with self._secrets_lock:
            if self._tls is None:
                self._tls = tls_context(self._environ)
            return self._tls

    def proxy_rules(self) -> ProxyRules:
        """The proxies of the environment (``environ``), read once, on first use."""
        from ciartifacts.proxies import ProxyRules  # with the first connection

        with self._secrets_lock:
            if self._proxies is None:
                self._proxies = ProxyRules(self._environ)
            return self._proxies

    def __repr__(self) -> str:
        return f"{type(self).__name__}(timeout={self.options.timeout})"

    def new_provider(self, ref: Ref) -> Provider:
        name = ref.provider
        settings = resolve_settings(
            name,
            token=self._tokens.get(name),
            base_url=self._base_urls.get(name),
            environ=self._environ,
        )
        with self._secrets_lock:
            self._secrets.append(settings.token)
        return create_provider(ref, settings)

    def secrets(self) -> tuple[str, ...]:
        """The tokens in use so far: never to be shown (servers echo them back)."""
        with self._secrets_lock:
            return tuple(self._secrets)

    def log_request(
        self,
        provider: Provider,
        request: httpx.Request,
        status: int | str,
        *,
        sent: float,
        attempt: int,
        trusted: bool,
    ) -> None:
        """One line per request on the ``ciartifacts`` logger, redacted (see ciartifacts.logs)."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        url = shown_url(
            request.url,
            trusted=trusted,
            credential_parameters=provider.credential_query_parameters,
            secrets=self.secrets(),
        )
        log_request(request.method, url, status, time.monotonic() - sent, attempt)

    def safe(self, error: CIArtifactsError, artifact: Artifact | None = None) -> CIArtifactsError:
        """``error`` with the tokens in use redacted, naming ``artifact`` if given."""
        if artifact is not None and error.artifact_path is None and not hasattr(error, "path"):
            error.for_artifact(artifact.path)
        return error.redact(self.secrets())


@contextmanager
def malformed_responses(provider: str, what: str, status: int = 0) -> Iterator[None]:
    """Raise a body or field that does not match the spec as UnexpectedResponseError, not as
    the KeyError or ValueError the generated models raise (our own errors pass through)."""
    try:
        yield
    except CIArtifactsError:
        raise
    except MalformedField as exc:
        raise UnexpectedResponseError(
            provider, status, f"unexpected response to {what}: {exc}"
        ) from None
    except MALFORMED_BODY as exc:
        detail = f"unexpected response to {what}: {type(exc).__name__}: {exc}"
        raise UnexpectedResponseError(provider, status, detail) from exc


def answer_of(
    provider: Provider, call: ApiCall, response: Any, expected: str, parse: Callable[[], T]
) -> T:
    """``parse()`` of a generated client's successful answer to ``call`` (error statuses were
    raised already); whatever does not match the spec becomes UnexpectedResponseError."""
    status = int(response.status_code)
    with malformed_responses(provider.name, call.describe(), status):
        if not 200 <= status < 300 or response.parsed is None:
            raise TypeError(f"HTTP {status} where {expected} was expected")
        return parse()


def no_matching_run(ref: Ref) -> NoMatchingRunError:
    selection = ref.selection
    assert selection is not None
    return NoMatchingRunError(ref.provider, selection.describe())


def check_limit(limit: object) -> int:
    """How many runs to select: a whole number from 1 to :data:`MAX_RUNS`."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_RUNS:
        raise ConfigurationError(f"the number of runs must be from 1 to {MAX_RUNS}, got {limit!r}")
    return limit


def checked_delete_call(provider: Provider, artifact: Artifact) -> ApiCall:
    if not provider.capabilities.delete:
        raise UnsupportedOperationError(provider.name, "delete")
    return provider.delete_call(artifact)


def find_again(provider: Provider, artifact: Artifact, listing: Sequence[Artifact]) -> Artifact:
    """The artifact in a fresh listing (for a fresh download URL), or NotFoundError."""
    for candidate in listing:
        if provider.same_artifact(candidate, artifact):
            return candidate
    raise NotFoundError(provider.name, 404, f"{artifact.path} is no longer listed")


def check_downloadable(artifact: Artifact) -> None:
    if not artifact.downloadable:
        state = artifact.raw_state or artifact.state.value
        raise NotDownloadableError(artifact.provider, artifact.path, state)


def as_ref(ref: Ref | str) -> Ref:
    return parse_ref(ref) if isinstance(ref, str) else ref


def listing_filters(
    provider: Provider, patterns: str | Sequence[str]
) -> tuple[PathMatcher, ServerFilter | None]:
    """The client-side matcher, and the server-side filter where the provider has one."""
    if isinstance(patterns, str):
        patterns = [patterns]
    from ciartifacts.patterns import compile_patterns, server_side_hints  # with the first listing

    matcher = compile_patterns(patterns)
    hint = server_side_hints(patterns) if provider.capabilities.server_filter else None
    return matcher, hint


def check_concurrency(concurrency: int) -> None:
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
        raise ConfigurationError(
            f"concurrency must be a whole number of at least 1, not {concurrency!r}"
        )


def listing_loop_error(provider: str, call: ApiCall) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider,
        0,
        f"the listing stopped: its next page ({call.describe()}) was already listed; "
        "the server's pagination loops, so later artifacts may be missing",
    )


def listing_cap_error(provider: str, max_pages: int) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider,
        0,
        f"the listing stopped after {max_pages} pages (max_pages); later artifacts are missing",
    )


def empty_page_error(provider: str, call: ApiCall) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider,
        0,
        f"the listing stopped: {call.describe()} was empty yet announced a next page; "
        "later artifacts may be missing",
    )


def short_listing_error(provider: str, listed: int, total: int) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider,
        0,
        f"the listing ended after {listed} artifacts, but the server reported {total}",
    )


def refuse_downgrade(provider: str, source: httpx.URL, target: httpx.URL) -> None:
    """Never follow https to http (a signed URL would travel in clear), nor to other schemes."""
    if target.scheme not in ("http", "https") or (
        source.scheme == "https" and target.scheme == "http"
    ):
        raise TransportError(
            provider, f"refusing to go from {source.scheme} to {target.scheme or 'no scheme'}"
        )


def redirect_target(provider: str, response: httpx.Response) -> httpx.URL:
    """Where a redirect points; refuses what no download should follow (a missing or unusable
    Location, a scheme other than http(s), a downgrade from https to http exposing a signed
    URL)."""
    location = response.headers.get("location")
    if not location:
        raise UnexpectedResponseError(
            provider, response.status_code, "redirect without a Location header"
        )
    try:
        # An absolute Location (storage's signed URLs) is parsed once; joining would parse it
        # twice more, and these URLs are long: it showed in the CPU of bulk downloads.
        absolute = location[:8].lower().startswith(("http://", "https://"))
        target = httpx.URL(location) if absolute else response.url.join(location)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise UnexpectedResponseError(
            provider, response.status_code, f"redirect to an invalid URL: {exc}"
        ) from None
    refuse_downgrade(provider, response.url, target)
    problem = url_problem(target, location)
    if problem is not None:
        raise UnexpectedResponseError(
            provider, response.status_code, f"redirect to an unusable URL: {problem}"
        )
    return target


def too_many_redirects(provider: str, response: httpx.Response) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider, response.status_code, f"more than {MAX_REDIRECTS} redirects"
    )


def not_a_whole_body(provider: str, status: int) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider,
        status,
        f"storage answered HTTP {status} where the whole file (HTTP 200) was expected",
    )
