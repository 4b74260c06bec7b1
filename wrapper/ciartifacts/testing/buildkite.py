"""A fake of the Buildkite REST API v2 artifact endpoints (``specs/buildkite.yaml``)."""

import hashlib
import math
import mimetypes
import posixpath
import secrets
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import quote

from ciartifacts.testing.auth import bearer_token, token_matches
from ciartifacts.testing.messages import Request, Response, Route, empty_response, json_response
from ciartifacts.testing.pagination import (
    InvalidParameterError,
    int_parameter,
    link_header,
    paginate,
)
from ciartifacts.testing.samples import SampleRun
from ciartifacts.testing.server import FakeAPI
from ciartifacts.testing.storage import Blob, FakeStorage, blob_sha1, blob_size
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeBuildkite"]

_BuildKey = tuple[str, str, int]

RATE_LIMIT = 200
USER_RATE_LIMIT = 50
_DECORATIVE_WINDOW_SECONDS = 60.0
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
READ_SCOPE = "read_artifacts"
WRITE_SCOPE = "write_artifacts"


@dataclass
class _Job:
    id: str
    build: _BuildKey
    artifact_ids: list[str] = field(default_factory=list)


class _FixedWindow:
    """Fixed rate-limit windows: one starts with the first request after the previous one ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._end = 0.0  # time.monotonic() when the current window ends; past: no window
        self._used = 0

    def admit(self, seconds: float) -> tuple[int, int]:
        """Count one request; (requests counted in its window, :meth:`reset`)."""
        with self._lock:
            now = time.monotonic()
            if now >= self._end:
                self._end, self._used = now + seconds, 0
            self._used += 1
            return self._used, self._reset(now)

    def peek(self, seconds: float) -> tuple[int, int]:
        """(requests counted in the current window, its reset), without counting."""
        with self._lock:
            now = time.monotonic()
            if now >= self._end:
                return 0, math.ceil(seconds)
            return self._used, self._reset(now)

    def _reset(self, now: float) -> int:
        # Rounded up: a client that waits this many seconds never lands in this window.
        return math.ceil(self._end - now)


@dataclass
class _Artifact:
    id: str
    job_id: str
    build: _BuildKey
    path: str
    state: str
    mime_type: str
    file_size: int
    sha1sum: str
    storage_url: str
    extra: dict[str, object]


class FakeBuildkite(FakeAPI):
    """Buildkite's ``/v2`` artifact API, with ``Authorization: Bearer`` auth.

    ``base_url`` ends in ``/v2``. Lists page with ``page``/``per_page`` and a
    ``Link`` header whose URLs carry a fake ``api_key`` credential (as in the
    docs' example): :attr:`link_credential`, to check that nobody logs them.
    Every answer carries ``RateLimit-*`` headers. :attr:`scopes` are the token's
    scopes: drop ``write_artifacts`` and deleting answers 403.

    Rate limits are decorative unless ``rate_limit`` is given: every answer
    reports 200 requests (50 for the user) per 60-second window, nothing is
    refused. With ``rate_limit=N`` (and ``rate_window`` seconds, default 60)
    they are enforced in fixed windows, each starting with the first request
    after the previous one ended: every request under ``/v2`` counts (before
    authentication; injected failures do not), the first ``N`` of a window are
    served, the others answer the documented 429 (counted in
    :attr:`rate_limited_count`). Every answer then carries
    ``RateLimit-Remaining``/``-Limit``/``-Reset`` (and the ``User`` ones, equal)
    for the current window, ``Reset`` being the whole seconds until it ends,
    rounded up. Both attributes can be changed at any time.

    :attr:`pagination_fault` (None by default) makes listings page badly:
    ``"endless"``: after the real items every page is empty and still has
    ``Link`` ``rel="next"`` (and ``rel="last"``) to ``page + 1``; ``"loop"``:
    the last page (or any page past it) has ``rel="next"`` back to page 1, even
    a listing that fits on one page.
    """

    name: ClassVar[str] = "buildkite"
    base_path: ClassVar[str] = "/v2"
    paged_kinds: ClassVar[tuple[str, ...]] = ("run",)
    token_prefix: ClassVar[str] = "bkua_"
    undownloadable_states: ClassVar[tuple[str, ...]] = ("new", "error", "expired")
    lists_checksums: ClassVar[bool] = True
    unauthorized_message: ClassVar[str] = (
        "Authentication required. Please supply a valid API Access Token"
    )

    def __init__(
        self,
        storage: FakeStorage,
        *,
        token: str | None = None,
        latency: float = 0.0,
        rate_limit: int | None = None,
        rate_window: float = 60.0,
        tls: bool | FakeCA = False,
    ) -> None:
        super().__init__(storage, token=token, latency=latency, tls=tls)
        if (rate_limit is not None and rate_limit < 1) or rate_window <= 0:
            raise ValueError("rate_limit must be at least 1 and rate_window positive")
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.link_credential = secrets.token_hex(20)
        self.scopes: set[str] = {READ_SCOPE, WRITE_SCOPE}
        self._builds: dict[_BuildKey, list[str]] = {}
        self._jobs: dict[str, _Job] = {}
        self._artifacts: dict[str, _Artifact] = {}
        self._window = _FixedWindow()
        self._refused = 0

    # -- seeding ------------------------------------------------------------------------------

    def sample_run(self, kind: str | None = None) -> SampleRun:
        self.check_sample_kind(kind)
        org, pipeline, build = "acme", f"sample-{self.next_sample_number()}", 1
        self.add_job(org, pipeline, build)

        def add(path: str, content: bytes, state: str | None, corrupt: bool) -> tuple[str, str]:
            sha1sum = hashlib.sha1(content + b"corrupted").hexdigest() if corrupt else None
            self.add_artifact(
                org, pipeline, build, path, content, state=state or "finished", sha1sum=sha1sum
            )
            return path, path

        listing = f"{self.base_path}/organizations/{org}/pipelines/{pipeline}/builds/{build}"
        return SampleRun(
            f"buildkite:{org}/{pipeline}/{build}", f"{listing}/artifacts", MAX_PER_PAGE, add
        )

    def add_job(self, org: str, pipeline: str, build: int, job_id: str | None = None) -> str:
        """Create the build and a job in it (no artifacts); returns the job id.

        Without ``job_id``, returns the build's default job (created on first use).
        """
        key = (org, pipeline, build)
        with self._lock:
            jobs = self._builds.setdefault(key, [])
            if job_id is None:
                if jobs:
                    return jobs[0]
                job_id = str(uuid.uuid4())
            existing = self._jobs.get(job_id)
            if existing is not None:
                if existing.build != key:
                    raise ValueError(f"job {job_id} belongs to another build")
                return job_id
            self._jobs[job_id] = _Job(job_id, key)
            jobs.append(job_id)
            return job_id

    def add_artifact(
        self,
        org: str,
        pipeline: str,
        build: int,
        path: str,
        content: Blob,
        *,
        job_id: str | None = None,
        state: str = "finished",
        mime_type: str | None = None,
        sha1sum: str | None = None,
        file_size: int | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add an artifact to ``job_id`` (default: the build's first job); returns its JSON.

        ``sha1sum`` and ``file_size`` are computed from ``content`` unless given
        (give wrong ones for mismatch tests); ``mime_type`` is guessed from the
        path. ``extra`` fields (JSON values) are added to (or override) the
        rendered JSON only, e.g. fields a future API version might add or
        wrong-typed ones (``{"path": None}``, ``{"file_size": "12"}``); the fake
        itself keeps routing and downloading by the real values.
        """
        job = self.add_job(org, pipeline, build, job_id)
        guessed = mimetypes.guess_type(posixpath.basename(path))[0]
        artifact = _Artifact(
            id=str(uuid.uuid4()),
            job_id=job,
            build=(org, pipeline, build),
            path=path,
            state=state,
            mime_type=mime_type or guessed or "application/octet-stream",
            file_size=blob_size(content) if file_size is None else file_size,
            sha1sum=blob_sha1(content) if sha1sum is None else sha1sum,
            storage_url=self.storage.put(content),
            extra=dict(extra or {}),
        )
        with self._lock:
            self._artifacts[artifact.id] = artifact
            self._jobs[job].artifact_ids.append(artifact.id)
        return self._render(artifact, self.base_url)

    # -- provider specifics -------------------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        return token_matches(bearer_token(request), self.token)

    def error_response(self, status: int, message: str) -> Response:
        return json_response(status, {"message": message})

    def rate_limited_response(self) -> Response:
        return self._rate_limited(RATE_LIMIT, USER_RATE_LIMIT, USER_RATE_LIMIT + 1, reset=1)

    def _rate_limited(self, limit: int, user_limit: int, current: int, *, reset: int) -> Response:
        return json_response(
            429,
            {
                "message": "You have exceeded your API rate limit. "
                f"Please wait {reset} seconds before making more requests.",
                "scope": "rest_user",
                "limit": user_limit,
                "current": current,
                "reset": reset,
            },
            headers=(
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Limit", str(limit)),
                ("RateLimit-Reset", str(reset)),
                ("RateLimit-User-Remaining", "0"),
                ("RateLimit-User-Limit", str(user_limit)),
                ("RateLimit-User-Reset", str(reset)),
            ),
        )

    @property
    def rate_limited_count(self) -> int:
        """How many requests the enforced ``rate_limit`` refused with 429."""
        with self._lock:
            return self._refused

    def _limits(self) -> tuple[int, int, float]:
        """(limit, user limit, window seconds) in force."""
        if self.rate_limit is None:
            return RATE_LIMIT, USER_RATE_LIMIT, _DECORATIVE_WINDOW_SECONDS
        return self.rate_limit, self.rate_limit, self.rate_window

    def before_route(self, request: Request) -> Response | None:
        # Counting and refusing happen together, so that concurrent requests cannot
        # slip past the limit, and before the handler runs (a refused DELETE deletes nothing).
        limit, user_limit, seconds = self._limits()
        used, reset = self._window.admit(seconds)
        if self.rate_limit is not None and used > self.rate_limit:
            with self._lock:
                self._refused += 1
            return self._rate_limited(limit, user_limit, used, reset=reset)
        return super().before_route(request)

    def decorate(self, request: Request, response: Response) -> Response:
        limit, user_limit, seconds = self._limits()
        used, reset = self._window.peek(seconds)
        return response.with_headers(
            ("RateLimit-Remaining", str(max(0, limit - used))),
            ("RateLimit-Limit", str(limit)),
            ("RateLimit-Reset", str(reset)),
            ("RateLimit-User-Remaining", str(max(0, user_limit - used))),
            ("RateLimit-User-Limit", str(user_limit)),
            ("RateLimit-User-Reset", str(reset)),
        )

    # -- routes -------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        build = "/organizations/{org}/pipelines/{pipeline}/builds/{build}"
        job = build + "/jobs/{job}/artifacts"
        org_job = "/organizations/{org}/jobs/{job}/artifacts"
        return (
            Route.of("GET", build + "/artifacts", self._list_build),
            Route.of("GET", job, self._list_job),
            Route.of("GET", job + "/{artifact}", self._get),
            Route.of("DELETE", job + "/{artifact}", self._delete),
            Route.of("GET", job + "/{artifact}/download", self._download),
            Route.of("GET", org_job, self._list_job),
            Route.of("GET", org_job + "/{artifact}", self._get),
            Route.of("GET", org_job + "/{artifact}/download", self._download),
        )

    def _forbidden(self, scope: str) -> Response | None:
        if scope in self.scopes:
            return None
        return self.error_response(403, f"Your access token doesn't have the {scope} scope")

    def _build_key(self, request: Request) -> _BuildKey | None:
        number = request.param("build")
        if not number.isascii() or not number.isdigit():
            return None
        return (request.param("org"), request.param("pipeline"), int(number))

    def _find_job(self, request: Request) -> _Job | None:
        """The job of a pipeline route (matching its build) or an organization route."""
        job = self._jobs.get(request.param("job"))
        if job is None or job.build[0] != request.param("org"):
            return None
        if "build" in request.params and job.build != self._build_key(request):
            return None
        return job

    def _find_artifact(self, request: Request) -> _Artifact | None:
        job = self._find_job(request)
        artifact = self._artifacts.get(request.param("artifact"))
        if job is None or artifact is None or artifact.job_id != job.id:
            return None
        return artifact

    def _list_build(self, request: Request) -> Response:
        refusal = self._forbidden(READ_SCOPE)
        if refusal is not None:
            return refusal
        with self._lock:
            key = self._build_key(request)
            if key is None or key not in self._builds:
                return self.not_found(request)
            found = [
                artifact
                for job_id in self._builds[key]
                for artifact_id in self._jobs[job_id].artifact_ids
                if (artifact := self._artifacts.get(artifact_id)) is not None
            ]
        return self._page(request, found)

    def _list_job(self, request: Request) -> Response:
        refusal = self._forbidden(READ_SCOPE)
        if refusal is not None:
            return refusal
        with self._lock:
            job = self._find_job(request)
            if job is None:
                return self.not_found(request)
            found = [
                artifact
                for artifact_id in job.artifact_ids
                if (artifact := self._artifacts.get(artifact_id)) is not None
            ]
        return self._page(request, found)

    def _page(self, request: Request, artifacts: list[_Artifact]) -> Response:
        try:
            number = int_parameter(request, "page", default=1, minimum=1)
            per_page = int_parameter(
                request, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE
            )
        except InvalidParameterError as error:
            return json_response(
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"field": error.name, "code": "invalid", "message": error.message}],
                },
            )
        page = paginate(artifacts, number, per_page)
        base = self.request_base_url(request)
        link = link_header(
            base.removesuffix(self.base_path) + request.target,
            request.query,
            page=page.number,
            total_pages=page.total_pages,
            extra=(("api_key", self.link_credential),),
            fault=self.pagination_fault,
        )
        return json_response(
            200,
            [self._render(artifact, base) for artifact in page.items],
            headers=(("Link", link),) if link else (),
        )

    def _get(self, request: Request) -> Response:
        refusal = self._forbidden(READ_SCOPE)
        if refusal is not None:
            return refusal
        with self._lock:
            artifact = self._find_artifact(request)
        if artifact is None:
            return self.not_found(request)
        return json_response(200, self._render(artifact, self.request_base_url(request)))

    def _download(self, request: Request) -> Response:
        refusal = self._forbidden(READ_SCOPE)
        if refusal is not None:
            return refusal
        with self._lock:
            artifact = self._find_artifact(request)
        if artifact is None or artifact.state != "finished":
            return self.not_found(request)
        url = self.storage.presign(artifact.storage_url)
        return json_response(302, {"url": url}, headers=(("Location", url),))

    def _delete(self, request: Request) -> Response:
        refusal = self._forbidden(WRITE_SCOPE)
        if refusal is not None:
            return refusal
        with self._lock:
            artifact = self._find_artifact(request)
            if artifact is None:
                return self.not_found(request)
            del self._artifacts[artifact.id]
            self._jobs[artifact.job_id].artifact_ids.remove(artifact.id)
        self.storage.delete(artifact.storage_url)
        return empty_response(204)

    def _render(self, artifact: _Artifact, base_url: str) -> dict[str, object]:
        org, pipeline, number = artifact.build
        url = (
            f"{base_url}/organizations/{quote(org, safe='')}/pipelines/{quote(pipeline, safe='')}"
            f"/builds/{number}/jobs/{artifact.job_id}/artifacts/{artifact.id}"
        )
        dirname, filename = posixpath.split(artifact.path)
        rendered: dict[str, object] = {
            "id": artifact.id,
            "job_id": artifact.job_id,
            "url": url,
            "download_url": f"{url}/download",
            "state": artifact.state,
            "path": artifact.path,
            "dirname": dirname,
            "filename": filename,
            "mime_type": artifact.mime_type,
            "file_size": artifact.file_size,
            "glob_path": None,
            "original_path": None,
            "sha1sum": artifact.sha1sum,
        }
        rendered.update(artifact.extra)
        return rendered


FAKE = FakeBuildkite
