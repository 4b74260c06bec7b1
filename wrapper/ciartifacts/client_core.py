"""What the sync and async clients share: configuration, refs, patterns, plans and reports."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ciartifacts.errors import (
    CIArtifactsError,
    ConfigurationError,
    LocalWriteError,
    NotDownloadableError,
    NotFoundError,
    TransportError,
    UnexpectedResponseError,
    UnsupportedOperationError,
)
from ciartifacts.local_paths import PlannedFile, inside, plan
from ciartifacts.model import Artifact
from ciartifacts.patterns import PathMatcher, ServerFilter, compile_patterns, server_side_hints
from ciartifacts.providers import PROVIDERS, create_provider
from ciartifacts.providers.base import ApiCall, Page, Provider
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.settings import resolve_settings
from ciartifacts.transport import DEFAULT_TIMEOUT, HttpOptions, RetryPolicy

MAX_REDIRECTS = 5
DEFAULT_CONCURRENCY = 4
STORAGE_HEADERS = {"Accept": "*/*"}
# Bytes exactly as stored: a transparently decoded body would fail its checksum.
DOWNLOAD_HEADERS = {"Accept-Encoding": "identity"}
# What a generated client raises on a body that does not match the spec.
MALFORMED_BODY = (ValueError, KeyError, TypeError, AttributeError)


HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)


@attrs.define
class Session(Generic[HttpClient]):
    """One provider in use: its hooks, its API client, a storage client that never carries
    credentials, and the generated client on top of the API client."""

    provider: Provider
    api: HttpClient
    storage: HttpClient
    generated: Any


@attrs.frozen
class DownloadResult:
    """What happened to one artifact: written to ``file``, ``skipped`` (why), or ``error``."""

    artifact: Artifact
    file: Path | None = None
    skipped: str | None = None
    error: CIArtifactsError | None = None

    def unwrap(self) -> Path:
        """The written file, or the reason there is none raised as an exception."""
        if self.error is not None:
            raise self.error
        if self.file is None:
            check_downloadable(self.artifact)  # only artifacts that are not ready are skipped
        assert self.file is not None
        return self.file


@attrs.frozen
class DownloadReport:
    """The outcome of downloading a run, one result per listed artifact, in listing order."""

    results: tuple[DownloadResult, ...]

    @property
    def downloaded(self) -> list[DownloadResult]:
        return [r for r in self.results if r.file is not None]

    @property
    def skipped(self) -> list[DownloadResult]:
        return [r for r in self.results if r.skipped is not None]

    @property
    def failed(self) -> list[DownloadResult]:
        return [r for r in self.results if r.error is not None]

    @property
    def ok(self) -> bool:
        return not self.failed


class ClientCore:
    """Configuration and the provider-independent steps of every operation."""

    def __init__(
        self,
        *,
        tokens: Mapping[str, str] | None = None,
        base_urls: Mapping[str, str] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        for kind, given in (("tokens", tokens), ("base_urls", base_urls)):
            unknown = sorted(set(given or ()) - set(PROVIDERS))
            if unknown:
                raise ConfigurationError(
                    f"{kind}: unknown provider {', '.join(unknown)}; known: {', '.join(PROVIDERS)}"
                )
        if timeout is not None and timeout <= 0:
            raise ConfigurationError(f"timeout must be positive seconds or None, not {timeout}")
        self._tokens = dict(tokens or {})
        self._base_urls = dict(base_urls or {})
        self._environ = dict(os.environ if environ is None else environ)
        self.http_options = HttpOptions(timeout=timeout, retry=RetryPolicy(max_retries=max_retries))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(timeout={self.http_options.timeout})"

    def api_headers(self, provider: Provider) -> dict[str, str]:
        # CircleCI answers EDN without an explicit Accept: ask every API for JSON.
        return {"Accept": "application/json", **provider.auth_headers()}

    def new_provider(self, name: str, ref: Ref) -> Provider:
        settings = resolve_settings(
            name,
            token=self._tokens.get(name),
            base_url=self._base_urls.get(name),
            environ=self._environ,
        )
        return create_provider(ref, settings)


@contextmanager
def malformed_responses(provider: str, status: int = 0) -> Iterator[None]:
    """Raise a body that does not match the spec as UnexpectedResponseError, not as the
    KeyError or ValueError the generated models raise (our own errors pass through)."""
    try:
        yield
    except CIArtifactsError:
        raise
    except MALFORMED_BODY as exc:
        detail = f"unexpected response: {type(exc).__name__}: {exc}"
        raise UnexpectedResponseError(provider, status, detail) from exc


def page_of(provider: Provider, ref: Ref, call: ApiCall, response: Any) -> Page:
    """The page in a generated client's successful response (our hooks raised for errors)."""
    status = int(response.status_code)
    with malformed_responses(provider.name, status):
        if not 200 <= status < 300 or response.parsed is None:
            raise TypeError(f"HTTP {status} where a listing was expected")
        return provider.parse_page(ref, call, response)


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
    provider: Provider, patterns: Sequence[str]
) -> tuple[PathMatcher, ServerFilter | None]:
    """The client-side matcher, and the server-side filter where the provider has one."""
    if isinstance(patterns, str):
        patterns = [patterns]
    matcher = compile_patterns(patterns)
    hint = server_side_hints(patterns) if provider.capabilities.server_filter else None
    return matcher, hint


def plan_downloads(
    provider: Provider, artifacts: Sequence[Artifact], destination: Path, concurrency: int
) -> tuple[list[tuple[Artifact, Path]], list[DownloadResult]]:
    """(artifact, local file) pairs to fetch, and results already known (skips, refusals)."""
    if concurrency < 1:
        raise ConfigurationError(f"concurrency must be at least 1, not {concurrency}")
    if destination.exists() and not destination.is_dir():
        raise ConfigurationError(f"destination {str(destination)!r} exists and is not a folder")
    to_fetch: list[tuple[Artifact, Path]] = []
    settled: list[DownloadResult] = []
    for item in plan(artifacts, provider.disambiguator):
        outcome = _settle(item, destination)
        if isinstance(outcome, DownloadResult):
            settled.append(outcome)
        else:
            to_fetch.append((item.artifact, outcome))
    return to_fetch, settled


def _settle(item: PlannedFile, destination: Path) -> DownloadResult | Path:
    if item.skipped is not None:
        return DownloadResult(item.artifact, skipped=item.skipped)
    if item.error is not None or item.relative is None:
        return DownloadResult(item.artifact, error=item.error)
    try:
        return inside(destination, item.relative, item.artifact)
    except CIArtifactsError as exc:
        return DownloadResult(item.artifact, error=exc)


def in_listing_order(
    artifacts: Sequence[Artifact], results: Sequence[DownloadResult]
) -> DownloadReport:
    # Artifacts are compared by identity: two listing entries may be equal field by field.
    order = {id(artifact): index for index, artifact in enumerate(artifacts)}
    return DownloadReport(tuple(sorted(results, key=lambda r: order[id(r.artifact)])))


def redirect_target(provider: str, response: Any) -> str:
    """Where a redirect points; refuses what no download should follow (a missing Location,
    a scheme other than http(s), a downgrade from https to http exposing a signed URL)."""
    location = response.headers.get("location")
    if not location:
        raise UnexpectedResponseError(
            provider, response.status_code, "redirect without a Location header"
        )
    target = response.url.join(location)
    if target.scheme not in ("http", "https") or (
        response.url.scheme == "https" and target.scheme == "http"
    ):
        raise TransportError(
            provider,
            f"refusing a redirect from {response.url.scheme} to {target.scheme or 'no scheme'}",
        )
    return str(target)


def too_many_redirects(provider: str, response: Any) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        provider, response.status_code, f"more than {MAX_REDIRECTS} redirects"
    )


def local_write_error(artifact: Artifact, target: Path, exc: OSError) -> LocalWriteError:
    return LocalWriteError(artifact.provider, str(target), exc.strerror or str(exc))
