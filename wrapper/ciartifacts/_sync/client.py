# Generated from ciartifacts/_async/client.py by scripts/generate_sync.py (nox -s generate):
# do not edit. Change the asynchronous source and regenerate.
"""The one flow both clients run: listing, redirects, retries, pacing and downloads.

This file is the source of both clients. ``ciartifacts/_sync/client.py`` is generated from it
by ``scripts/generate_sync.py`` (unasync, run by ``nox -s generate``): ``async`` and ``await``
are removed and the asyncio twins of :mod:`ciartifacts._concurrency` are replaced by their
threaded ones. Edit this file, never the twin; ``nox -s check_generated`` fails on a stale one.

How a run is downloaded: one task lists pages and hands each matching artifact to a bounded
channel; ``concurrency`` workers fetch them, each into a temporary file (redirects followed by
hand, credentials only where the provider allows, the body checked for size, checksum and
speed); every request waits its turn at its origin's pacer. Files are renamed into place once
the listing is complete (only then are final paths known). Whatever ends the run early — an
error, a cancelled task, Ctrl-C — cancels the workers and removes every temporary file.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

import attrs
import httpx

from ciartifacts._concurrency import (
    Channel,
    Lander,
    Scope,
    TaskGroup,
    interrupts_deferred,
    run_blocking,
    sleep,
)
from ciartifacts.client_core import (
    DOWNLOAD_HEADERS,
    MAX_API_BODY,
    MAX_ERROR_BODY,
    MAX_REDIRECT_BODY,
    MAX_REDIRECTS,
    STORAGE_HEADERS,
    ClientCore,
    answer_of,
    as_ref,
    check_concurrency,
    check_downloadable,
    check_limit,
    checked_delete_call,
    empty_page_error,
    find_again,
    listing_cap_error,
    listing_filters,
    listing_loop_error,
    malformed_responses,
    no_matching_run,
    not_a_whole_body,
    redirect_target,
    refuse_downgrade,
    short_listing_error,
    too_many_redirects,
)
from ciartifacts.errors import (
    APIError,
    CIArtifactsError,
    ConfigurationError,
    DownloadError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    SizeMismatchError,
    TransportError,
    UnexpectedResponseError,
)
from ciartifacts.integrity import LANDING_LIMIT, SMALL_FILE, Sink, Verifier
from ciartifacts.model import Artifact
from ciartifacts.progress import ProgressCallback, Reporter
from ciartifacts.providers.base import ApiCall, Page, Provider, RunsPage, origin
from ciartifacts.refs import Ref
from ciartifacts.responses import error_from_response, retry_after_seconds
from ciartifacts.transport import (
    DEFAULT_CONCURRENCY,
    RETRY_STATUSES,
    USER_AGENT,
    LowSpeed,
    transport_errors,
)

if TYPE_CHECKING:
    from ciartifacts._sync.http import LaneTransport
    from ciartifacts.downloads import DownloadJob, DownloadReport, Transfer
    from ciartifacts.pacing import Origin, Ticket
    from ciartifacts.patterns import ServerFilter
    from ciartifacts.ranges import ByteRange, Part, PartialBody

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_NO_BODY = httpx.ByteStream(b"")


class _Paged(Protocol):
    """A page of a listing: its items, the call for the next page, the announced total."""

    @property
    def items(self) -> Sequence[object]: ...

    @property
    def next(self) -> ApiCall | None: ...

    @property
    def total(self) -> int | None: ...


PageT = TypeVar("PageT", bound=_Paged)


@attrs.define
class Lane:
    """One task's own connections: to the API (carrying credentials) and to storage (never).

    Every worker, and every single operation, holds a lane of its own while it runs, so each
    lane sends one request at a time and needs no connection pool; between operations lanes
    wait, connections kept alive, for the next one. The httpx clients only build requests
    (base URL, default headers, timeouts): the flow sends them on the lane's transports.
    """

    api: httpx.Client
    storage: httpx.Client
    api_transport: LaneTransport
    storage_transport: LaneTransport
    # Per ``trusted``: the hop's headers and its request extensions (the timeouts).
    _hops: dict[bool, tuple[list[tuple[bytes, bytes]], dict[str, Any]]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._hops = {}
        for trusted, client in ((True, self.api), (False, self.storage)):
            headers = client.headers.copy()
            headers.update(DOWNLOAD_HEADERS)
            self._hops[trusted] = (headers.raw, {"timeout": client.timeout.as_dict()})

    def hop(self, url: httpx.URL, *, trusted: bool, wanted: ByteRange | None) -> httpx.Request:
        """The GET of one hop of a download: the API's client headers (credentials) if
        ``trusted``, else storage's, and ``Range`` with ``wanted``.

        Made directly, headers and timeouts merged once per lane: ``build_request``'s merging
        of URL, headers and timeouts for every hop showed in the CPU of bulk downloads
        (``nox -s bench``). httpx copies the extensions; the transport only reads them.
        """
        headers, extensions = self._hops[trusted]
        if wanted is not None:
            headers = [*headers, (b"Range", wanted.header.encode("ascii"))]
        return httpx.Request("GET", url, headers=headers, stream=_NO_BODY, extensions=extensions)

    def close(self) -> None:
        self.api_transport.close()
        self.storage_transport.close()


def _builder(
    base_url: str, headers: dict[str, str], timeout: float | None, transport: LaneTransport
) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, **headers},
        timeout=httpx.Timeout(timeout),
        transport=transport,
        trust_env=False,
    )


class Session:
    """One provider in use: its hooks, the generated client its answers are parsed with, and
    its lanes."""

    def __init__(self, provider: Provider, new_lane: Callable[[], Lane]) -> None:
        self.provider = provider
        self.generated = provider.new_generated_client()
        self._new_lane = new_lane
        self._idle: list[Lane] = []
        self._lanes: list[Lane] = []
        self._lock = threading.Lock()

    @contextmanager
    def lane(self) -> Iterator[Lane]:
        with self._lock:
            lane = self._idle.pop() if self._idle else None
        if lane is None:
            lane = self._new_lane()
            with self._lock:
                self._lanes.append(lane)
        try:
            yield lane
        finally:
            with self._lock:
                self._idle.append(lane)

    def close(self) -> None:
        with self._lock:
            lanes, self._lanes, self._idle = self._lanes, [], []
        for lane in lanes:
            lane.close()


@attrs.frozen
class _Run:
    """What the tasks of one download share."""

    session: Session
    job: DownloadJob
    channel: Channel[Transfer]
    lander: Lander
    scope: Scope


class Client(ClientCore):
    """Artifacts of any provider's runs: list, filter, download, stream and delete.

    Tokens and base URLs come from ``tokens`` / ``base_urls`` (keyed by provider name), else
    from the environment (``BUILDKITE_API_TOKEN``, ``CIRCLE_TOKEN``, ...). Every connect and
    read times out after ``timeout`` seconds, a body must keep up ``low_speed_limit`` bytes per
    second over ``low_speed_time`` seconds, rate limits are paced and transient failures
    retried within ``retry_deadline`` seconds per request. Use it as a context manager, or
    close it when done. One client may be shared by concurrent tasks (or threads).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sessions: dict[str, Session] = {}
        self._sessions_lock = threading.Lock()

    # --- lifecycle ---------------------------------------------------------------------------
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
        with self._sessions_lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            session.close()

    def _session(self, ref: Ref) -> Session:
        with self._sessions_lock:
            session = self._sessions.get(ref.provider)
            if session is None:
                provider = self.new_provider(ref)
                session = Session(provider, lambda: self._new_lane(provider))
                self._sessions[ref.provider] = session
        session.provider.check_ref(ref)
        return session

    def _new_lane(self, provider: Provider) -> Lane:
        # The transport (and h11 under it) is loaded with the first connection, not with
        # `import ciartifacts`: importing it is a fifth of the package's import time.
        from ciartifacts._sync.http import LaneTransport

        tls, proxies, timeout = self.tls_context, self.proxy_rules(), self.options.timeout
        api, storage = LaneTransport(tls, proxies), LaneTransport(tls, proxies)
        return Lane(
            _builder(provider.settings.base_url, provider.api_headers(), timeout, api),
            _builder("", STORAGE_HEADERS, timeout, storage),
            api,
            storage,
        )

    # --- one request -------------------------------------------------------------------------
    def _send(
        self,
        session: Session,
        lane: Lane,
        request: httpx.Request,
        *,
        trusted: bool,
        scope: Scope,
        stream: bool = False,
    ) -> httpx.Response:
        """Send ``request`` when its origin's pacer allows, retrying what may be retried.

        An error status raises the provider's APIError (with the tokens in use redacted).
        With ``stream`` the body is left to read; otherwise it is read, within a cap.
        """
        provider = session.provider
        transport = lane.api_transport if trusted else lane.storage_transport
        proxied = transport.proxied(request.url)
        policy = self.options.retry
        where = origin(request.url)
        deadline = time.monotonic() + policy.deadline
        attempt = 0
        while True:
            ticket = self._turn(provider, where, deadline, scope)
            attempt += 1
            sent = time.monotonic()
            try:
                with transport_errors(provider.name, request.url, proxied=proxied):
                    response = transport.handle_request(request)
                response.request = request
            except TransportError as exc:
                self.log_request(
                    provider,
                    request,
                    type(exc).__name__,
                    sent=sent,
                    attempt=attempt,
                    trusted=trusted,
                )
                self._pacer.failed(ticket)
                delay = policy.backoff_delay(attempt)
                if not policy.may_retry(request.method, attempt) or (
                    time.monotonic() + delay > deadline
                ):
                    raise self.safe(exc) from exc.__cause__
                sleep(scope, delay)
                continue
            except BaseException:
                self._pacer.failed(ticket)
                raise
            self.log_request(
                provider, request, response.status_code, sent=sent, attempt=attempt, trusted=trusted
            )
            rate = provider.rate_limit(response.headers) if trusted else None
            self._pacer.answered(ticket, time.monotonic(), rate)
            status = response.status_code
            limited = status == 429 or (trusted and provider.rate_limited(status, response.headers))
            wait = retry_after_seconds(response)
            if wait is None and limited and rate is not None:
                wait = rate.reset_in
            if self._retry_later(response, where, attempt, deadline, scope, limited, wait):
                continue
            if status >= 400:
                body = self._read(response, session, scope, MAX_ERROR_BODY, truncate=True)
                source = "" if trusted else "storage"
                error = error_from_response(
                    provider.name,
                    response,
                    body,
                    source=source,
                    rate_limited=limited,
                    retry_after=wait,
                )
                raise self.safe(error)
            if stream:
                return response
            raw = self._read(response, session, scope, MAX_API_BODY, raw=True)
            return httpx.Response(status, headers=response.headers, content=raw, request=request)

    def _turn(self, provider: Provider, where: Origin, deadline: float, scope: Scope) -> Ticket:
        """Leave to send to ``where`` once its pacer allows; a wait that would outlast the
        deadline fails at once instead."""
        while True:
            scope.checkpoint()
            ticket = self._pacer.try_send(where, time.monotonic())
            if not isinstance(ticket, int | float):  # a Ticket: go
                return ticket
            if time.monotonic() + ticket > deadline:
                message = (
                    f"rate limited: requests must pause {ticket:.0f}s more, beyond this "
                    f"request's deadline ({self.options.retry.deadline:g}s)"
                )
                error = RateLimitedError(provider.name, 429, message, retry_after=ticket)
                raise self.safe(error)
            sleep(scope, ticket)

    def _retry_later(  # noqa: PLR0917
        self,
        response: httpx.Response,
        where: Origin,
        attempt: int,
        deadline: float,
        scope: Scope,
        limited: bool,
        asked: float | None,
    ) -> bool:
        """For a transient failure that may be retried in time: close it, wait, say True.

        ``limited``: the answer refuses for the rate limit; ``asked``: the wait the server
        asked for (``Retry-After``, or the rate-limit window's reset), if any.
        """
        policy = self.options.retry
        status = response.status_code
        transient = status in RETRY_STATUSES or limited
        if not transient or not policy.may_retry(response.request.method, attempt):
            return False
        delay = asked if asked is not None else policy.backoff_delay(attempt)
        now = time.monotonic()
        if now + delay > deadline:
            return False
        response.close()
        if asked is not None or limited:
            # The server spoke for everyone: every worker waits this out, once.
            self._pacer.back_off(where, now + delay)
        else:
            sleep(scope, delay)
        return True

    def _read(
        self,
        response: httpx.Response,
        session: Session,
        scope: Scope,
        limit: int,
        *,
        raw: bool = False,
        truncate: bool = False,
    ) -> bytes:
        """The body, at most ``limit`` bytes (longer: cut if ``truncate``, else an error)."""
        parts: list[bytes] = []
        size = 0
        try:
            chunks = self._chunks(response, session.provider, scope, raw=raw)
            with closing(chunks) as body:
                for chunk in body:
                    size += len(chunk)
                    if size > limit:
                        if truncate:
                            parts.append(chunk[: len(chunk) - (size - limit)])
                            break
                        raise UnexpectedResponseError(
                            session.provider.name,
                            response.status_code,
                            f"the answer is longer than {limit} bytes",
                        )
                    parts.append(chunk)
        finally:
            response.close()
        return b"".join(parts)

    def _chunks(
        self, response: httpx.Response, provider: Provider, scope: Scope, *, raw: bool = True
    ) -> Generator[bytes, None]:
        """The body as it arrives, failing a transfer that falls below the minimum speed."""
        options = self.options
        speed = LowSpeed(options.low_speed_limit, options.low_speed_time, time.monotonic())
        body = response.iter_raw() if raw else response.iter_bytes()
        try:
            with scope.track(response), transport_errors(provider.name, response.url):
                for chunk in body:
                    scope.checkpoint()
                    if speed.too_slow(len(chunk), time.monotonic()):
                        raise RequestTimeoutError(
                            provider.name,
                            f"the body arrived slower than {options.low_speed_limit:g} bytes/s "
                            f"over {options.low_speed_time:g}s (low_speed_limit)",
                            str(response.url),
                        )
                    yield chunk
        except CIArtifactsError as exc:
            raise self.safe(exc) from exc.__cause__

    # --- listing -----------------------------------------------------------------------------
    def _call(self, session: Session, lane: Lane, call: ApiCall, scope: Scope) -> Any:
        """One generated operation, sent by :meth:`_send`; its parsed answer."""
        provider = session.provider
        try:
            with malformed_responses(provider.name, call.describe()):
                request = lane.api.build_request(**call.request_kwargs())
            response = self._send(session, lane, request, trusted=True, scope=scope)
            with malformed_responses(provider.name, call.describe(), response.status_code):
                return call.parse(session.generated, response)
        except CIArtifactsError as exc:
            raise self.safe(exc) from exc.__cause__

    def _pages(
        self,
        session: Session,
        lane: Lane,
        ref: Ref,
        server_filter: ServerFilter | None,
        scope: Scope,
    ) -> Generator[Page, None]:
        """Every page of the ref's listing (see :meth:`_walk`)."""
        provider = session.provider

        def parse(call: ApiCall, answer: Any) -> Page:
            return answer_of(
                provider, call, answer, "a listing", lambda: provider.parse_page(ref, call, answer)
            )

        return self._walk(session, lane, provider.first_page(ref, server_filter), parse, scope)

    def _walk(
        self,
        session: Session,
        lane: Lane,
        first: ApiCall,
        parse: Callable[[ApiCall, Any], PageT],
        scope: Scope,
    ) -> Generator[PageT, None]:
        """Every page of a paged listing (artifacts or runs); pagination that loops, runs on
        empty pages, never ends or ends short of the announced total stops with an error."""
        provider = session.provider
        call: ApiCall | None = first
        seen: set[str] = set()
        listed = 0
        while call is not None:
            if call.key in seen:
                raise self.safe(listing_loop_error(provider.name, call))
            if len(seen) >= self.options.max_pages:
                raise self.safe(listing_cap_error(provider.name, self.options.max_pages))
            seen.add(call.key)
            try:
                answer = self._call(session, lane, call, scope)
                page = parse(call, answer)
            except CIArtifactsError as exc:
                raise self.safe(exc) from exc.__cause__
            listed += len(page.items)
            yield page
            if page.next is not None and not page.items:
                raise self.safe(empty_page_error(provider.name, call))
            if page.next is None and page.total is not None and listed < page.total:
                raise self.safe(short_listing_error(provider.name, listed, page.total))
            call = page.next

    # --- selecting runs ----------------------------------------------------------------------
    def runs(self, ref: Ref | str, limit: int = 1) -> list[Ref]:
        """The ``limit`` newest runs a selecting ref (``.../latest?branch=main``) matches,
        newest first, each as a concrete ref (fewer if fewer match; a re-run counts once, as
        its latest attempt). A ref that names one run is returned alone."""
        ref = as_ref(ref)
        limit = check_limit(limit)
        if ref.selection is None:
            return [ref]
        session = self._session(ref)
        provider = session.provider

        def parse(call: ApiCall, answer: Any) -> RunsPage:
            return answer_of(
                provider, call, answer, "a run list", lambda: provider.parse_runs(ref, call, answer)
            )

        found: list[Ref] = []
        replaced: set[Ref] = set()
        with session.lane() as lane:
            walk = self._walk(session, lane, provider.runs_call(ref, limit), parse, Scope())
            with closing(walk) as pages:
                for page in pages:
                    replaced.update(page.replaced)
                    # A run that started meanwhile shifts the pages: skip what was seen.
                    found += [run for run in page.runs if run not in found]
                    found = [run for run in found if run not in replaced]
                    if len(found) >= limit:
                        break
        return found[:limit]

    def resolve(self, ref: Ref | str) -> Ref:
        """The run a ref stands for: a selecting ref's newest matching run, or
        :class:`~ciartifacts.errors.NoMatchingRunError`; a concrete ref itself."""
        ref = as_ref(ref)
        if ref.selection is None:
            return ref
        found = self.runs(ref, 1)
        if not found:
            raise self.safe(no_matching_run(ref))
        return found[0]

    def run_finished(self, ref: Ref | str) -> bool:
        """Whether the run is finished, so that its artifacts no longer change, as its
        provider says (:meth:`~ciartifacts.providers.base.Provider.finished_call`); False where
        the provider cannot tell cheaply or the token may not read the run. A selecting ref
        is resolved first."""
        ref = self.resolve(ref)
        session = self._session(ref)
        provider = session.provider
        call = provider.finished_call(ref)
        if call is None:
            return False
        with session.lane() as lane:
            try:
                answer = self._call(session, lane, call, Scope())
            except PermissionDeniedError:
                return False  # as for the attempts: a token that may list but not read builds
        try:
            return answer_of(
                provider, call, answer, "a run", lambda: provider.finished(ref, answer)
            )
        except CIArtifactsError as exc:
            raise self.safe(exc) from exc.__cause__

    def _matching(
        self,
        session: Session,
        lane: Lane,
        ref: Ref,
        patterns: str | Sequence[str],
        scope: Scope,
    ) -> Generator[Artifact, None]:
        provider = session.provider
        matcher, server_filter = listing_filters(provider, patterns)
        superseded: set[str] = set()
        taken: set[str] = set()
        with closing(self._pages(session, lane, ref, server_filter, scope)) as pages:
            page = self._first_page(session, ref, pages, superseded)
            while page is not None:
                for artifact in page.artifacts:
                    if superseded and provider.attempt_of(artifact) in superseded:
                        continue  # a retry replaced the attempt that made it
                    slot = provider.attempt_slot(artifact)
                    if slot is not None:
                        if slot in taken:
                            continue  # a newer attempt's artifact, listed before, replaced it
                        taken.add(slot)
                    if matcher.matches(artifact.path):
                        yield artifact
                page = next(pages, None)

    def _first_page(
        self,
        session: Session,
        ref: Ref,
        pages: Generator[Page, None],
        superseded: set[str],
    ) -> Page | None:
        """The first page of ``pages``, while the attempts of the run that a retry replaced
        (where its listing keeps theirs) are asked for on a lane of their own and added to
        ``superseded``: one round trip less before the first download."""
        call = session.provider.superseded_call(ref)
        if call is None:
            return next(pages, None)
        # A scope of its own: its failure must not cancel what the caller's scope runs (a
        # worker listing again for one artifact shares the scope of the whole download).
        scope = Scope()
        with TaskGroup(scope) as group:
            group.start_soon(self._superseded, session, ref, call, scope, superseded)
            return next(pages, None)

    def _superseded(
        self, session: Session, ref: Ref, call: ApiCall, scope: Scope, into: set[str]
    ) -> None:
        provider = session.provider
        with session.lane() as lane:
            try:
                answer = self._call(session, lane, call, scope)
            except PermissionDeniedError:
                # A token allowed to list artifacts but not to read the run (Buildkite's
                # read_builds scope): every attempt's artifacts are listed, as the API lists them.
                return
        try:
            into.update(
                answer_of(provider, call, answer, "a run", lambda: provider.superseded(ref, answer))
            )
        except CIArtifactsError as exc:
            raise self.safe(exc) from exc.__cause__

    def list_artifacts(
        self, ref: Ref | str, patterns: str | Sequence[str] = ()
    ) -> Generator[Artifact, None]:
        """The run's artifacts whose path matches any of ``patterns`` (all if none), page by
        page as they are listed. A selecting ref is resolved first, once (:meth:`resolve`)."""
        ref = self.resolve(ref)
        session = self._session(ref)
        with session.lane() as lane:
            matching = self._matching(session, lane, ref, patterns, Scope())
            with closing(matching) as artifacts:
                for artifact in artifacts:
                    yield artifact

    def _find_again(
        self, session: Session, lane: Lane, artifact: Artifact, scope: Scope
    ) -> Artifact:
        listing = []
        matching = self._matching(session, lane, artifact.ref, (), scope)
        with closing(matching) as artifacts:
            for candidate in artifacts:
                listing.append(candidate)
        return find_again(session.provider, artifact, listing)

    # --- reading bytes -----------------------------------------------------------------------
    @contextmanager
    def _open(
        self,
        session: Session,
        lane: Lane,
        artifact: Artifact,
        scope: Scope,
        wanted: ByteRange | None = None,
    ) -> Iterator[httpx.Response]:
        """The artifact's storage answer (HTTP 200, body unread), redirects followed by hand.

        The token goes only where the provider allows. A storage 403 before any byte (a signed
        URL that expired meanwhile) restarts once with a fresh URL: the download API hands out
        one per call, and URLs that came with the listing are listed again. With ``wanted``
        every hop asks for that byte range, and storage may answer 206 as well as 200.
        """
        provider = session.provider
        try:
            for attempt in (1, 2):
                if attempt == 2 and provider.listing_urls_expire:
                    artifact = self._find_again(session, lane, artifact, scope)
                with malformed_responses(provider.name, "the listing"):
                    url = provider.download_url(artifact)
                # A URL from an https listing travels no worse than a redirect would.
                refuse_downgrade(provider.name, provider.api_url, url)
                for hop in range(MAX_REDIRECTS + 1):
                    trusted = provider.may_send_credentials(url, first_hop=hop == 0)
                    request = lane.hop(url, trusted=trusted, wanted=wanted)
                    try:
                        response = self._send(
                            session, lane, request, trusted=trusted, scope=scope, stream=True
                        )
                    except APIError as exc:
                        if exc.status == 403 and not trusted and attempt == 1:
                            break
                        raise
                    if response.status_code in REDIRECT_STATUSES:
                        # Read the little body, so the connection carries the next request.
                        self._read(response, session, scope, MAX_REDIRECT_BODY, truncate=True)
                        if hop == MAX_REDIRECTS:
                            raise too_many_redirects(provider.name, response)
                        url = redirect_target(provider.name, response)
                        continue
                    if response.status_code != 200 and not (
                        wanted is not None and response.status_code == 206
                    ):
                        response.close()
                        raise not_a_whole_body(provider.name, response.status_code)
                    try:
                        yield response
                    finally:
                        response.close()
                    return
        except CIArtifactsError as exc:
            raise self.safe(exc, artifact) from exc.__cause__

    @contextmanager
    def stream(self, artifact: Artifact, *, verify: bool = True) -> Iterator[Iterator[bytes]]:
        """The artifact's bytes exactly as stored, in chunks, with the same redirects, limits
        and credential rules as a download. With ``verify``, a body whose size or checksum
        does not match the listing raises IntegrityError at its end."""
        check_downloadable(artifact)
        session = self._session(artifact.ref)
        scope = Scope()
        with session.lane() as lane, self._open(session, lane, artifact, scope) as response:
            chunks = self._verified(response, session, artifact, scope, verify)
            with closing(chunks) as body:
                yield body

    @contextmanager
    def stream_range(
        self, artifact: Artifact, start: int, stop: int | None = None
    ) -> Iterator[PartialBody[Iterator[bytes]]]:
        """Bytes ``start`` up to ``stop`` (exclusive; the end if None) of the artifact, with
        the redirects, limits and credential rules of :meth:`stream`, unverified (a checksum
        covers the whole file). Storage that honours ``Range`` sends just those bytes (206,
        its ``Content-Range`` checked); storage that ignores it (200) sends the whole body, of
        which the bytes before ``start`` are skipped and those after ``stop`` never read
        (``whole_body_sent`` says so). A range starting past the end is an APIError 416."""
        check_downloadable(artifact)
        # Ranged reads serve the fsspec filesystem: loaded with the first, not with the package.
        from ciartifacts.ranges import ByteRange, PartialBody, part_of_answer

        wanted = ByteRange(start, stop)
        session = self._session(artifact.ref)
        scope = Scope()
        with (
            session.lane() as lane,
            self._open(session, lane, artifact, scope, wanted) as response,
        ):
            try:
                part = part_of_answer(
                    session.provider.name, wanted, response.status_code, response.headers
                )
            except CIArtifactsError as exc:
                raise self.safe(exc, artifact) from exc.__cause__
            chunks = self._part(response, session, artifact, scope, part)
            with closing(chunks) as body:
                yield PartialBody(body, part.whole, part.total)

    def _part(
        self,
        response: httpx.Response,
        session: Session,
        artifact: Artifact,
        scope: Scope,
        part: Part,
    ) -> Generator[bytes, None]:
        """``part`` of the body: bytes skipped, then taken up to its length (and no further
        read); a body that ends first is a SizeMismatchError."""
        skip, left, received = part.skip, part.length, 0
        if left == 0:
            return
        try:
            with closing(self._chunks(response, session.provider, scope)) as chunks:
                for chunk in chunks:
                    received += len(chunk)
                    dropped = min(skip, len(chunk))
                    skip -= dropped
                    piece = chunk[dropped:] if left is None else chunk[dropped : dropped + left]
                    if left is not None:
                        left -= len(piece)
                    if piece:
                        yield piece
                    if left == 0:
                        return
            if skip or left:
                expected = part.skip + (part.length or 0)
                raise SizeMismatchError(session.provider.name, artifact.path, expected, received)
        except CIArtifactsError as exc:
            raise self.safe(exc, artifact) from exc.__cause__

    def _verified(
        self,
        response: httpx.Response,
        session: Session,
        artifact: Artifact,
        scope: Scope,
        verify: bool,
    ) -> Generator[bytes, None]:
        verifier = Verifier(artifact)
        try:
            with closing(self._chunks(response, session.provider, scope)) as chunks:
                for chunk in chunks:
                    if verify:
                        verifier.update(chunk)
                    yield chunk
            if verify:
                verifier.verify()
        except CIArtifactsError as exc:
            raise self.safe(exc, artifact) from exc.__cause__

    # --- downloading -------------------------------------------------------------------------
    def download(
        self,
        artifact: Artifact,
        destination: str | Path,
        *,
        extract: bool = True,
        force: bool = False,
        callback: ProgressCallback | None = None,
    ) -> Path:
        """Write one artifact under ``destination`` (its path kept), verified; returns the file.

        A packed artifact (see :class:`~ciartifacts.model.Artifact`) served as a zip is
        unpacked into the folder ``destination/<path>``, returned; with ``extract=False`` it is
        written as ``destination/<path>.zip``. A file already there that holds the artifact
        (by checksum, else by size) is left as it is and returned, unless ``force``.
        ``callback`` follows its bytes, as in :meth:`download_all`.
        """
        session = self._session(artifact.ref)

        def only(lane: Lane, scope: Scope) -> Generator[Artifact, None]:
            yield artifact

        report = self._download(
            session,
            only,
            Path(destination),
            1,
            extract=extract,
            force=force,
            callback=callback,
        )
        return report.results[0].unwrap()

    def download_all(
        self,
        ref: Ref | str,
        destination: str | Path,
        patterns: str | Sequence[str] = (),
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        raise_on_error: bool = True,
        extract: bool = True,
        force: bool = False,
        dry_run: bool = False,
        callback: ProgressCallback | None = None,
    ) -> DownloadReport:
        """Download every matching artifact of the run into ``destination``.

        Downloads start while later pages are still being listed. Artifacts that are not
        ready are skipped with a reason; unsafe paths are refused while the others still
        download. Packed artifacts served as zips are unpacked into folders named after them
        (``extract=False``: kept as ``<name>.zip``), as :meth:`download` does. With
        ``raise_on_error`` a :class:`DownloadError` carrying the full report is raised after
        every artifact was attempted. Cancelled or interrupted, it leaves no
        temporary file and renames nothing unfinished into place.

        A file already where an artifact goes that holds it (by the provider's checksum, else
        by size) is not fetched again: its result is ``unchanged``. ``force`` fetches
        everything. ``dry_run`` lists and plans only, writing nothing and asking storage
        nothing: each result is ``planned`` (with the file it would be), ``unchanged``,
        ``skipped`` or refused.

        ``callback`` (fsspec's ``Callback`` protocol, such as ``TqdmCallback()``) is told the
        bytes expected (``set_size``) and received (``relative_update``), and, if it has
        ``file_listed`` / ``file_done``, each artifact listed and settled; see
        :mod:`ciartifacts.progress`.
        """
        ref = self.resolve(ref)
        session = self._session(ref)

        def listing(lane: Lane, scope: Scope) -> Generator[Artifact, None]:
            return self._matching(session, lane, ref, patterns, scope)

        report = self._download(
            session,
            listing,
            Path(destination),
            concurrency,
            extract=extract,
            force=force,
            dry_run=dry_run,
            callback=callback,
        )
        if raise_on_error and not report.ok:
            raise DownloadError(report)
        return report

    def _download(
        self,
        session: Session,
        listing: Callable[[Lane, Scope], Generator[Artifact, None]],
        destination: Path,
        concurrency: int,
        *,
        extract: bool,
        force: bool,
        dry_run: bool = False,
        callback: ProgressCallback | None = None,
    ) -> DownloadReport:
        check_concurrency(concurrency)
        if destination.exists() and not destination.is_dir():
            raise ConfigurationError(f"destination {str(destination)!r} exists and is not a folder")
        # The download machinery is loaded with the first download: listing needs none of it.
        from ciartifacts.downloads import DownloadJob
        from ciartifacts.sync_record import SyncRecord, cache_folder

        disambiguator = session.provider.disambiguator
        record = SyncRecord(destination, cache_folder(os.environ), disambiguator)
        progress = None if callback is None else Reporter(callback)
        job = DownloadJob(
            destination,
            disambiguator,
            extract=extract,
            force=force,
            record=record,
            progress=progress,
        )
        scope = Scope()
        if dry_run:
            with session.lane() as lane, closing(listing(lane, scope)) as listed:
                for artifact in listed:
                    job.add(artifact)
            job.listing_complete()
            run_blocking(job.plan_all)
            return job.report()
        channel: Channel[Transfer] = Channel(scope, concurrency)
        lander = Lander(job.store, LANDING_LIMIT)
        run = _Run(session, job, channel, lander, scope)
        try:
            with TaskGroup(scope) as group:
                for _ in range(concurrency):
                    group.start_soon(self._worker, run)
                try:
                    with session.lane() as lane, closing(listing(lane, scope)) as listed:
                        for artifact in listed:
                            transfer = job.add(artifact)
                            if transfer is not None:
                                channel.put(transfer)
                    # Planning every final path takes a while in a big run: off the loop too,
                    # where it would hold up every worker.
                    run_blocking(lambda: job.place_all(job.listing_complete()))
                    for transfer in job.refetch():
                        channel.put(transfer)
                finally:
                    channel.close()
            lander.drain()
            run_blocking(job.save_record)
        finally:
            lander.stop()
            with interrupts_deferred():
                job.temp_files.close()
        return job.report()

    def _worker(self, run: _Run) -> None:
        with run.session.lane() as lane:
            while (transfer := run.channel.get()) is not None:
                self._fetch_one(run, lane, transfer)

    def _fetch_one(self, run: _Run, lane: Lane, transfer: Transfer) -> None:
        """One artifact, verified, into a temporary file that is then landed: placed, or kept
        until the listing is complete. A small file is held in memory and handed to the
        lander; a large one streams to disk. Failures become the artifact's result."""
        artifact = transfer.artifact
        job = run.job
        if job.may_be_unchanged(transfer) and run_blocking(job.settle_if_unchanged, transfer):
            return
        verifier = Verifier(artifact)
        try:
            self._fetch(run, lane, transfer, verifier)
        except CIArtifactsError as exc:
            run.job.failed(transfer, self.safe(exc, artifact))
        except OSError as exc:
            run.job.failed(transfer, run.job.write_error(artifact, exc))
        finally:
            if run.job.progress is not None:
                run.job.progress.received(transfer.index, verifier.size)

    def _fetch(self, run: _Run, lane: Lane, transfer: Transfer, verifier: Verifier) -> None:
        session, job, scope = run.session, run.job, run.scope
        artifact = transfer.artifact
        # Every byte counted is reported (before it is counted, so the two never differ);
        # a transfer that fails takes back verifier.size (Reporter.received). Only a 403
        # before the body restarts a transfer, so no byte is reported twice.
        advance = None if job.progress is None else job.progress.advance
        held: list[bytes] = []
        held_size = 0
        sink: Sink | None = None
        with self._open(session, lane, artifact, scope) as response:
            if job.progress is not None and artifact.size is None:
                job.progress.started(transfer.index, response.headers.get("content-length"))
            try:
                with closing(self._chunks(response, session.provider, scope)) as chunks:
                    for chunk in chunks:
                        if advance is not None:
                            advance(len(chunk))
                        verifier.count(chunk)
                        if sink is not None:
                            sink.write(chunk)
                            continue
                        held.append(chunk)
                        held_size += len(chunk)
                        if held_size > SMALL_FILE:
                            sink = run_blocking(job.temp_files.create)
                            sink.hash_with(verifier.new_digest())
                            for part in held:
                                sink.write(part)
                            held.clear()
                if sink is None:
                    verifier.verify(verifier.digest_of(held))
                else:
                    verifier.verify(sink.finish())
                    run_blocking(sink.commit)
            except BaseException:
                if sink is not None:
                    sink.discard()
                raise
        if sink is None:
            run.lander.submit(transfer, held)
        else:
            run_blocking(job.land, transfer, sink.path)

    # --- deleting ----------------------------------------------------------------------------
    def delete(self, artifact: Artifact) -> None:
        """Delete the artifact where the provider allows it (Buildkite); elsewhere raise
        UnsupportedOperationError."""
        session = self._session(artifact.ref)
        call = checked_delete_call(session.provider, artifact)
        with session.lane() as lane:
            self._call(session, lane, call, Scope())
