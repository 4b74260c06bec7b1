"""The synchronous client: list, filter, download, stream and delete artifacts of any provider."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from ciartifacts.client_core import (
    DEFAULT_CONCURRENCY,
    DOWNLOAD_HEADERS,
    MAX_REDIRECTS,
    STORAGE_HEADERS,
    ClientCore,
    DownloadReport,
    DownloadResult,
    Session,
    as_ref,
    check_downloadable,
    checked_delete_call,
    find_again,
    in_listing_order,
    listing_filters,
    local_write_error,
    malformed_responses,
    page_of,
    plan_downloads,
    redirect_target,
    too_many_redirects,
)
from ciartifacts.errors import APIError, CIArtifactsError, DownloadError
from ciartifacts.integrity import CHUNK_SIZE, Verifier, atomic_file
from ciartifacts.model import Artifact
from ciartifacts.providers.base import ApiCall
from ciartifacts.refs import Ref
from ciartifacts.transport import sync_client, transport_errors


class Client(ClientCore):
    """Artifacts of Buildkite, CircleCI, SourceCraft and Empirical runs, synchronously.

    Tokens and base URLs come from ``tokens`` / ``base_urls`` (keyed by provider name), else from
    the environment (``BUILDKITE_API_TOKEN``, ``CIRCLE_TOKEN``, ...). Every request times out
    after ``timeout`` seconds; rate limits and transient failures are retried. Use it as a
    context manager, or call :meth:`close`. It is safe to share between threads.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sessions: dict[str, Session[httpx.Client]] = {}
        self._lock = threading.Lock()

    # --- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for session in self._sessions.values():
                session.api.close()
                session.storage.close()
            self._sessions.clear()

    def _session(self, ref: Ref) -> Session[httpx.Client]:
        with self._lock:
            if ref.provider not in self._sessions:
                provider = self.new_provider(ref.provider, ref)
                api = sync_client(
                    provider.name,
                    provider.settings.base_url,
                    self.api_headers(provider),
                    self.http_options,
                )
                storage = sync_client(
                    provider.name, "", STORAGE_HEADERS, self.http_options, source="storage"
                )
                generated = provider.new_generated_client()
                generated.set_httpx_client(api)
                self._sessions[ref.provider] = Session(provider, api, storage, generated)
            session = self._sessions[ref.provider]
        session.provider.check_ref(ref)
        return session

    def _call(self, session: Session[httpx.Client], call: ApiCall) -> Any:
        name = session.provider.name
        with transport_errors(name), malformed_responses(name):
            return call.sync(session.generated)

    # --- listing --------------------------------------------------------------------------
    def list_artifacts(
        self, ref: Ref | str, patterns: str | Sequence[str] = ()
    ) -> Iterator[Artifact]:
        """The run's artifacts whose path matches any of ``patterns`` (all if none)."""
        ref = as_ref(ref)
        session = self._session(ref)
        matcher, server_filter = listing_filters(session.provider, patterns)
        call: ApiCall | None = session.provider.first_page(ref, server_filter)
        while call is not None:
            page = page_of(session.provider, ref, call, self._call(session, call))
            yield from (artifact for artifact in page.artifacts if matcher.matches(artifact.path))
            call = page.next

    # --- reading bytes ----------------------------------------------------------------------
    @contextmanager
    def stream(self, artifact: Artifact) -> Iterator[Iterator[bytes]]:
        """The artifact's bytes exactly as stored, in chunks; redirects are followed with
        credentials kept to where they belong."""
        check_downloadable(artifact)
        session = self._session(artifact.ref)
        with transport_errors(session.provider.name):
            response = self._open(session, artifact)
            try:
                yield response.iter_raw(CHUNK_SIZE)
            finally:
                response.close()

    def _open(self, session: Session[httpx.Client], artifact: Artifact) -> httpx.Response:
        """Follow the download's redirects by hand, sending the token only where allowed.

        A storage 403 (a pre-signed URL that expired meanwhile) restarts the chain once with a
        fresh URL: the provider's download API hands one out per call, and URLs that came with
        the listing are listed again.
        """
        provider = session.provider
        for attempt in (1, 2):
            if attempt == 2 and provider.listing_urls_expire:
                artifact = find_again(provider, artifact, list(self.list_artifacts(artifact.ref)))
            url = provider.download_url(artifact)
            for hop in range(MAX_REDIRECTS + 1):
                trusted = provider.may_send_credentials(url, first_hop=hop == 0)
                client = session.api if trusted else session.storage
                request = client.build_request("GET", url, headers=DOWNLOAD_HEADERS)
                try:
                    response = client.send(request, stream=True)
                except APIError as exc:
                    if exc.status == 403 and not trusted and attempt == 1:
                        break
                    raise
                if not response.is_redirect:
                    return response
                response.close()
                if hop == MAX_REDIRECTS:
                    raise too_many_redirects(provider.name, response)
                url = redirect_target(provider.name, response)
        raise AssertionError("unreachable: the second attempt returns or raises")

    def download(self, artifact: Artifact, destination: str | Path) -> Path:
        """Write one artifact under ``destination`` (its path kept), verified; returns the file."""
        return self._download(artifact.ref, [artifact], Path(destination), 1).results[0].unwrap()

    def download_all(
        self,
        ref: Ref | str,
        destination: str | Path,
        patterns: Sequence[str] = (),
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        raise_on_error: bool = True,
    ) -> DownloadReport:
        """Download every matching artifact of the run into ``destination``.

        Artifacts that are not ready are skipped with a reason; unsafe paths are refused while
        the others still download. With ``raise_on_error`` a :class:`DownloadError` carrying the
        full report is raised after every artifact was attempted.
        """
        ref = as_ref(ref)
        artifacts = list(self.list_artifacts(ref, patterns))
        report = self._download(ref, artifacts, Path(destination), concurrency)
        if raise_on_error and not report.ok:
            raise DownloadError(report)
        return report

    def _download(
        self, ref: Ref, artifacts: list[Artifact], destination: Path, concurrency: int
    ) -> DownloadReport:
        from concurrent.futures import ThreadPoolExecutor  # only downloads need threads

        session = self._session(ref)
        to_fetch, results = plan_downloads(session.provider, artifacts, destination, concurrency)
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="ciartifacts") as pool:
            results += pool.map(lambda job: self._fetch(*job), to_fetch)
        return in_listing_order(artifacts, results)

    def _fetch(self, artifact: Artifact, target: Path) -> DownloadResult:
        try:
            verifier = Verifier(artifact)
            with atomic_file(target) as out, self.stream(artifact) as chunks:
                for chunk in chunks:
                    verifier.update(chunk)
                    out.write(chunk)
                verifier.verify()
        except CIArtifactsError as exc:
            return DownloadResult(artifact, error=exc)
        except OSError as exc:
            return DownloadResult(artifact, error=local_write_error(artifact, target, exc))
        return DownloadResult(artifact, file=target)

    # --- deleting ---------------------------------------------------------------------------
    def delete(self, artifact: Artifact) -> None:
        """Delete the artifact (Buildkite); other providers raise UnsupportedOperationError."""
        session = self._session(artifact.ref)
        self._call(session, checked_delete_call(session.provider, artifact))
