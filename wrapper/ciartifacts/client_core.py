"""What the sync and async clients share: configuration, refs, patterns, plans and reports."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ciartifacts.errors import (
    CIArtifactsError,
    ConfigurationError,
    LocalWriteError,
    NotDownloadableError,
)
from ciartifacts.local_paths import PlannedFile, inside, plan
from ciartifacts.model import Artifact
from ciartifacts.patterns import PathMatcher, ServerFilter, compile_patterns, server_side_hints
from ciartifacts.providers import PROVIDERS, create_provider
from ciartifacts.providers.base import Provider
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.settings import resolve_settings
from ciartifacts.transport import DEFAULT_TIMEOUT, HttpOptions, RetryPolicy

MAX_REDIRECTS = 5
DEFAULT_CONCURRENCY = 4
STORAGE_HEADERS = {"Accept": "*/*"}


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
            state = self.artifact.raw_state or self.artifact.state.value
            raise NotDownloadableError(self.artifact.provider, self.artifact.path, state)
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


class DownloadError(CIArtifactsError):
    """Some artifacts failed to download; the others were written. ``report`` has them all."""

    def __init__(self, report: DownloadReport) -> None:
        super().__init__(report)
        self.report = report

    def __str__(self) -> str:
        failed = self.report.failed
        first = failed[0].error if failed else None
        return f"{len(failed)} of {len(self.report.results)} artifacts failed; first: {first}"


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

    def new_provider(self, name: str, ref: Ref) -> Provider:
        settings = resolve_settings(
            name,
            token=self._tokens.get(name),
            base_url=self._base_urls.get(name),
            environ=self._environ,
        )
        return create_provider(ref, settings)


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
    provider: Provider, artifacts: Sequence[Artifact], destination: Path
) -> tuple[list[tuple[Artifact, Path]], list[DownloadResult]]:
    """(artifact, local file) pairs to fetch, and results already known (skips, refusals)."""
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
        return inside(destination, item.relative)
    except CIArtifactsError as exc:
        return DownloadResult(item.artifact, error=exc)


def in_listing_order(
    artifacts: Sequence[Artifact], results: Sequence[DownloadResult]
) -> DownloadReport:
    # Artifacts are compared by identity: two listing entries may be equal field by field.
    order = {id(artifact): index for index, artifact in enumerate(artifacts)}
    return DownloadReport(tuple(sorted(results, key=lambda r: order[id(r.artifact)])))


def redirect_target(response: Any) -> str:
    location = response.headers.get("location")
    if not location:
        raise ConfigurationError(f"HTTP {response.status_code} redirect without a Location header")
    return str(response.url.join(location))


def local_write_error(artifact: Artifact, target: Path, exc: OSError) -> LocalWriteError:
    return LocalWriteError(artifact.provider, str(target), exc.strerror or str(exc))
