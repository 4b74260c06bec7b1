"""The asynchronous client: the same operations as :class:`ciartifacts.Client`, awaitable.

Providers are sans-IO (see :mod:`ciartifacts.providers.base`) and planning, verification and
reports live in :mod:`ciartifacts.client_core`, so this module holds only the async I/O.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
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
from ciartifacts.transport import async_client, transport_errors


class AsyncClient(ClientCore):
    """Async twin of :class:`ciartifacts.Client`; use ``async with`` or ``await aclose()``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sessions: dict[str, Session[httpx.AsyncClient]] = {}

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.api.aclose()
            await session.storage.aclose()

    def _session(self, ref: Ref) -> Session[httpx.AsyncClient]:
        # No await between the check and the insert: no lock needed on one event loop.
        if ref.provider not in self._sessions:
            provider = self.new_provider(ref.provider, ref)
            api = async_client(
                provider.name,
                provider.settings.base_url,
                self.api_headers(provider),
                self.http_options,
            )
            storage = async_client(
                provider.name, "", STORAGE_HEADERS, self.http_options, source="storage"
            )
            generated = provider.new_generated_client()
            generated.set_async_httpx_client(api)
            self._sessions[ref.provider] = Session(provider, api, storage, generated)
        session = self._sessions[ref.provider]
        session.provider.check_ref(ref)
        return session

    async def _call(self, session: Session[httpx.AsyncClient], call: ApiCall) -> Any:
        name = session.provider.name
        with transport_errors(name), malformed_responses(name):
            return await call.asyncio(session.generated)

    async def list_artifacts(
        self, ref: Ref | str, patterns: str | Sequence[str] = ()
    ) -> AsyncIterator[Artifact]:
        """The run's artifacts whose path matches any of ``patterns`` (all if none)."""
        ref = as_ref(ref)
        session = self._session(ref)
        matcher, server_filter = listing_filters(session.provider, patterns)
        call: ApiCall | None = session.provider.first_page(ref, server_filter)
        while call is not None:
            page = page_of(session.provider, ref, call, await self._call(session, call))
            for artifact in page.artifacts:
                if matcher.matches(artifact.path):
                    yield artifact
            call = page.next

    @asynccontextmanager
    async def stream(self, artifact: Artifact) -> AsyncIterator[AsyncIterator[bytes]]:
        """The artifact's bytes exactly as stored, in chunks; redirects are followed with
        credentials kept to where they belong."""
        check_downloadable(artifact)
        session = self._session(artifact.ref)
        with transport_errors(session.provider.name):
            response = await self._open(session, artifact)
            try:
                yield response.aiter_raw(CHUNK_SIZE)
            finally:
                await response.aclose()

    async def _open(
        self, session: Session[httpx.AsyncClient], artifact: Artifact
    ) -> httpx.Response:
        """As :meth:`ciartifacts.Client._open`."""
        provider = session.provider
        for attempt in (1, 2):
            if attempt == 2 and provider.listing_urls_expire:
                listing = [a async for a in self.list_artifacts(artifact.ref)]
                artifact = find_again(provider, artifact, listing)
            url = provider.download_url(artifact)
            for hop in range(MAX_REDIRECTS + 1):
                trusted = provider.may_send_credentials(url, first_hop=hop == 0)
                client = session.api if trusted else session.storage
                request = client.build_request("GET", url, headers=DOWNLOAD_HEADERS)
                try:
                    response = await client.send(request, stream=True)
                except APIError as exc:
                    if exc.status == 403 and not trusted and attempt == 1:
                        break
                    raise
                if not response.is_redirect:
                    return response
                await response.aclose()
                if hop == MAX_REDIRECTS:
                    raise too_many_redirects(provider.name, response)
                url = redirect_target(provider.name, response)
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def download(self, artifact: Artifact, destination: str | Path) -> Path:
        """Write one artifact under ``destination`` (its path kept), verified; returns the file."""
        report = await self._download(artifact.ref, [artifact], Path(destination), 1)
        return report.results[0].unwrap()

    async def download_all(
        self,
        ref: Ref | str,
        destination: str | Path,
        patterns: Sequence[str] = (),
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        raise_on_error: bool = True,
    ) -> DownloadReport:
        """As :meth:`ciartifacts.Client.download_all`."""
        ref = as_ref(ref)
        artifacts = [artifact async for artifact in self.list_artifacts(ref, patterns)]
        report = await self._download(ref, artifacts, Path(destination), concurrency)
        if raise_on_error and not report.ok:
            raise DownloadError(report)
        return report

    async def _download(
        self, ref: Ref, artifacts: list[Artifact], destination: Path, concurrency: int
    ) -> DownloadReport:
        session = self._session(ref)
        to_fetch, results = plan_downloads(session.provider, artifacts, destination, concurrency)
        slots = asyncio.Semaphore(concurrency)

        async def fetch(artifact: Artifact, target: Path) -> DownloadResult:
            async with slots:
                return await self._fetch(artifact, target)

        # A TaskGroup cancels the other downloads if one fails unexpectedly (a bug, not an
        # artifact's error: those are results).
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch(*job)) for job in to_fetch]
        results += [task.result() for task in tasks]
        return in_listing_order(artifacts, results)

    async def _fetch(self, artifact: Artifact, target: Path) -> DownloadResult:
        try:
            verifier = Verifier(artifact)
            # Disk writes stay synchronous: chunks are small and local disks fast, and a
            # thread hop per chunk would cost more than it saves.
            with atomic_file(target) as out:
                async with self.stream(artifact) as chunks:
                    async for chunk in chunks:
                        verifier.update(chunk)
                        out.write(chunk)
                verifier.verify()
        except CIArtifactsError as exc:
            return DownloadResult(artifact, error=exc)
        except OSError as exc:
            return DownloadResult(artifact, error=local_write_error(artifact, target, exc))
        return DownloadResult(artifact, file=target)

    async def delete(self, artifact: Artifact) -> None:
        """Delete the artifact (Buildkite); other providers raise UnsupportedOperationError."""
        session = self._session(artifact.ref)
        await self._call(session, checked_delete_call(session.provider, artifact))
