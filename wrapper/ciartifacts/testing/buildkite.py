"""A fake of the Buildkite REST API v2 artifact and build endpoints (``specs/buildkite.yaml``)."""

import contextlib
import datetime
import hashlib
import math
import mimetypes
import posixpath
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar
from urllib.parse import quote

from ciartifacts.testing.auth import bearer_token, token_matches
from ciartifacts.testing.messages import Request, Response, Route, empty_response, json_response
from ciartifacts.testing.pagination import (
    InvalidParameterError,
    int_parameter,
    link_header,
    paginate,
)
from ciartifacts.testing.samples import SampleHistory, SampleRun, SpecSeed
from ciartifacts.testing.server import FakeAPI
from ciartifacts.testing.storage import Blob, FakeStorage, blob_sha1, blob_size
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeBuildkite"]

_BuildKey = tuple[str, str, int]
_T = TypeVar("_T")

RATE_LIMIT = 200
USER_RATE_LIMIT = 50
_DECORATIVE_WINDOW_SECONDS = 60.0
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
READ_SCOPE = "read_artifacts"
WRITE_SCOPE = "write_artifacts"
BUILDS_SCOPE = "read_builds"

BUILD_STATE_FILTERS = frozenset(
    {
        "creating",
        "scheduled",
        "running",
        "passed",
        "failing",
        "failed",
        "blocked",
        "canceling",
        "canceled",
        "skipped",
        "not_run",
        "finished",
    }
)
"""What the ``state`` filter of the build listing takes (others answer 422)."""
FINISHED_STATES = frozenset({"passed", "failed", "blocked", "canceled"})
"""The build states ``state=finished`` stands for (the docs' list)."""
BUILDS_EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
"""Build ``number`` is created ``number`` minutes after this, unless seeded otherwise."""

_NOT_STARTED_BUILD_STATES = frozenset({"creating", "scheduled", "waiting", "skipped", "not_run"})
_ENDED_BUILD_STATES = FINISHED_STATES | {"skipped", "not_run", "waiting_failed"}
# The state a build's jobs get by default, from the build's state.
_JOB_STATE_OF_BUILD = {
    "creating": "pending",
    "failing": "failed",
    "blocked": "passed",
    "not_run": "pending",
}
_UNSTARTED_JOB_STATES = frozenset(
    {"pending", "waiting", "waiting_failed", "blocked", "blocked_failed", "unblocked"}
    | {"unblocked_failed", "scheduled", "assigned", "accepted", "limited"}
    | {"skipped", "broken", "expired"}
)
_ENDED_JOB_STATES = frozenset({"passed", "failed", "timed_out", "canceled"})
_ENDED_JOB_STATES |= {"skipped", "broken", "expired", "waiting_failed", "blocked_failed"}
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


def _iso(moment: datetime.datetime) -> str:
    """Buildkite's timestamp style: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _aware(moment: datetime.datetime | str) -> datetime.datetime:
    """A seeded or queried time as an aware datetime (naive ones are taken as UTC)."""
    parsed = datetime.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


@dataclass
class _Job:
    id: str
    build: _BuildKey
    artifact_ids: list[str] = field(default_factory=list)
    name: str = "Job"
    step_key: str | None = None
    state: str = "passed"
    created_at: datetime.datetime = BUILDS_EPOCH
    retried_in_job_id: str | None = None
    retry_of: str | None = None
    retries_count: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class _Build:
    key: _BuildKey
    id: str
    branch: str
    state: str
    commit: str
    created_at: datetime.datetime
    message: str
    job_ids: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    rebuilt_from: int | None = None

    @property
    def started_at(self) -> datetime.datetime | None:
        if self.state in _NOT_STARTED_BUILD_STATES:
            return None
        return self.created_at + datetime.timedelta(seconds=5)

    @property
    def finished_at(self) -> datetime.datetime | None:
        if self.state not in _ENDED_BUILD_STATES:
            return None
        return (self.started_at or self.created_at) + datetime.timedelta(seconds=50)


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
    """Buildkite's ``/v2`` artifact and build API, with ``Authorization: Bearer`` auth.

    ``base_url`` ends in ``/v2``. Lists page with ``page``/``per_page`` and a
    ``Link`` header whose URLs carry a fake ``api_key`` credential (as in the
    docs' example): :attr:`link_credential`, to check that nobody logs them.
    Every answer carries ``RateLimit-*`` headers. :attr:`scopes` are the token's
    scopes: drop ``write_artifacts`` and deleting answers 403, drop
    ``read_builds`` and the build routes do.

    Builds (:meth:`add_build`, or made on first use by :meth:`add_job` and
    :meth:`add_artifact`) have a branch, a state, a commit and a creation time;
    the pipeline listing serves them newest first (by ``created_at``, then
    number), filtered by ``branch`` (``*`` wildcards; ``branch[]`` for several),
    ``state`` (``state[]``; ``finished`` = passed, failed, blocked, canceled;
    an unknown state answers 422), ``commit`` (``commit[]``), ``created_from``,
    ``created_to`` and ``finished_from``, and paged like the artifact lists.
    Builds and the listing show each step's latest attempt only: jobs replaced
    by :meth:`retry_job` appear, with ``retried: true`` and
    ``retried_in_job_id``, with ``include_retried_jobs=true``;
    ``exclude_jobs=true`` leaves ``jobs`` out. Artifact lists keep the artifacts
    of every attempt, as the real API does.

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
        self.scopes: set[str] = {READ_SCOPE, WRITE_SCOPE, BUILDS_SCOPE}
        self._builds: dict[_BuildKey, _Build] = {}
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

    def sample_history(self) -> SampleHistory:
        org, pipeline = "acme", f"history-{self.next_sample_number()}"
        seeds = [
            (1, "main", "passed", None),
            (2, "feature", "passed", None),
            (3, "main", "failed", None),
            (4, "main", "passed", 3),  # a rebuild of build 3
            (5, "main", "running", None),
        ]
        files: dict[str, dict[str, bytes]] = {}
        for number, branch, state, rebuilt_from in seeds:
            self.add_build(
                org, pipeline, number, branch=branch, state=state, rebuilt_from=rebuilt_from
            )
            content = f"build {number}".encode()
            self.add_artifact(org, pipeline, number, "run.txt", content)
            files[f"buildkite:{org}/{pipeline}/{number}"] = {"run.txt": content}

        def refs(*numbers: int) -> list[str]:
            return [f"buildkite:{org}/{pipeline}/{number}" for number in numbers]

        latest = f"buildkite:{org}/{pipeline}/latest"
        return SampleHistory(
            {
                "newest": (latest, refs(5, 4, 2, 1)),
                "green on main": (f"{latest}?branch=main&state=passed", refs(4, 1)),
                "none": (f"{latest}?branch=no-such-branch", []),
            },
            files,
        )

    def spec_seed(self) -> SpecSeed:
        """A build with a retried job and a rebuild of it (two builds of one commit)."""
        org, commit = (
            f"spec-{self.next_sample_number()}",
            "1e1f4a3b2c5d6e7f8091a2b3c4d5e6f708192a3b",
        )
        self.add_build(org, "pipe", 1, commit=commit)
        job = self.add_job(org, "pipe", 1, state="failed")
        first = self.add_artifact(org, "pipe", 1, "dist/a.txt", b"a", job_id=job)
        self.add_artifact(org, "pipe", 1, "dist/b.txt", b"b", job_id=job)
        self.retry_job(org, "pipe", 1, job)
        self.add_build(org, "pipe", commit=commit, rebuilt_from=1)

        @contextlib.contextmanager
        def no_scopes() -> Iterator[None]:
            saved, self.scopes = self.scopes, set()
            try:
                yield
            finally:
                self.scopes = saved

        values = {"org_slug": org, "pipeline_slug": "pipe", "build_number": "1"}
        values |= {"job_id": job, "artifact_id": str(first["id"])}
        values |= {"branch": "main", "state": "passed", "commit": commit}
        values |= {"created_from": "2000-01-01T00:00:00Z", "created_to": "2100-01-01T00:00:00Z"}
        values |= {"finished_from": "2000-01-01T00:00:00Z"}
        values |= {"include_retried_jobs": "true", "exclude_jobs": "false"}
        return SpecSeed(values, no_scopes)

    def add_build(
        self,
        org: str,
        pipeline: str,
        number: int | None = None,
        *,
        branch: str = "main",
        state: str = "passed",
        commit: str | None = None,
        created_at: datetime.datetime | str | None = None,
        message: str | None = None,
        extra: Mapping[str, object] | None = None,
        rebuilt_from: int | None = None,
    ) -> int:
        """Create a build (without jobs) of ``pipeline``; returns its number.

        ``rebuilt_from`` makes it a rebuild of that (existing) build of the pipeline.

        Without ``number``, the pipeline's highest number plus one (1 for the
        first). ``state`` is any string (the docs' states, or one the spec does
        not know); ``commit`` defaults to a SHA derived from the build's
        coordinates; ``created_at`` (a datetime, naive meaning UTC, or an ISO
        8601 string) defaults to :data:`BUILDS_EPOCH` plus ``number`` minutes,
        so that builds are created in the order of their numbers. Start and
        finish times follow from the state. ``extra`` fields (JSON values) are
        added to or override the rendered build. Adding a number that exists
        (also one :meth:`add_job` or :meth:`add_artifact` made) is an error.
        """
        with self._lock:
            if number is None:
                taken = [key[2] for key in self._builds if key[:2] == (org, pipeline)]
                number = max(taken, default=0) + 1
            elif number < 1:
                raise ValueError("build numbers start at 1")
            key = (org, pipeline, number)
            if key in self._builds:
                raise ValueError(f"build {number} of {org}/{pipeline} already exists")
            if rebuilt_from is not None and (org, pipeline, rebuilt_from) not in self._builds:
                raise ValueError(f"build {rebuilt_from} of {org}/{pipeline} does not exist")
            self._builds[key] = self._new_build(
                key,
                branch=branch,
                state=state,
                commit=commit,
                created_at=created_at,
                message=message,
                extra=extra,
            )
            self._builds[key].rebuilt_from = rebuilt_from
            return number

    def _new_build(
        self,
        key: _BuildKey,
        *,
        branch: str = "main",
        state: str = "passed",
        commit: str | None = None,
        created_at: datetime.datetime | str | None = None,
        message: str | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> _Build:
        org, pipeline, number = key
        derived = hashlib.sha1(f"{org}/{pipeline}/{number}".encode()).hexdigest()
        return _Build(
            key=key,
            id=str(uuid.uuid4()),
            branch=branch,
            state=state,
            commit=commit or derived,
            created_at=(
                BUILDS_EPOCH + datetime.timedelta(minutes=number)
                if created_at is None
                else _aware(created_at)
            ),
            message=message if message is not None else f"Build {number} of {branch}",
            extra=dict(extra or {}),
        )

    def add_job(
        self,
        org: str,
        pipeline: str,
        build: int,
        job_id: str | None = None,
        *,
        name: str | None = None,
        step_key: str | None = None,
        state: str | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> str:
        """Create the build (see :meth:`add_build`) and a job in it (no artifacts); returns its id.

        Without ``job_id``, returns the build's default job (its first job,
        created on first use). ``name``, ``step_key``, ``state`` (default: one
        that fits the build's state, ``passed`` for a passed build) and
        ``extra`` (fields added to or overriding the rendered job) apply when
        this creates the job.
        """
        key = (org, pipeline, build)
        with self._lock:
            found = self._builds.get(key)
            if found is None:
                found = self._builds[key] = self._new_build(key)
            jobs = found.job_ids
            if job_id is None:
                if jobs:
                    return jobs[0]
                job_id = str(uuid.uuid4())
            existing = self._jobs.get(job_id)
            if existing is not None:
                if existing.build != key:
                    raise ValueError(f"job {job_id} belongs to another build")
                return job_id
            self._jobs[job_id] = _Job(
                job_id,
                key,
                name=name or f"Job {len(jobs) + 1}",
                step_key=step_key,
                state=state or _JOB_STATE_OF_BUILD.get(found.state, found.state),
                created_at=found.created_at + datetime.timedelta(seconds=len(jobs)),
                extra=dict(extra or {}),
            )
            jobs.append(job_id)
            return job_id

    def retry_job(
        self,
        org: str,
        pipeline: str,
        build: int,
        job_id: str,
        *,
        state: str = "passed",
        retry_id: str | None = None,
    ) -> str:
        """Retry job ``job_id`` of the build: a new attempt of its step; returns the new job's id.

        The new job (id ``retry_id``, or a fresh UUID) joins the same build in
        ``state``, with the same name and step key, ``retries_count`` one more
        than the old one's and ``retry_source`` naming it; the old one gets
        ``retried: true`` and ``retried_in_job_id`` and keeps its state and its
        artifacts. Only the latest attempt can be retried.
        """
        key = (org, pipeline, build)
        with self._lock:
            old = self._jobs.get(job_id)
            if old is None or old.build != key:
                raise ValueError(f"job {job_id} is not a job of build {build} of {org}/{pipeline}")
            if old.retried_in_job_id is not None:
                raise ValueError(f"job {job_id} was already retried in {old.retried_in_job_id}")
            new_id = retry_id or str(uuid.uuid4())
            if new_id in self._jobs:
                raise ValueError(f"job {new_id} exists already")
            jobs = self._builds[key].job_ids
            self._jobs[new_id] = _Job(
                new_id,
                key,
                name=old.name,
                step_key=old.step_key,
                state=state,
                created_at=self._builds[key].created_at + datetime.timedelta(seconds=len(jobs)),
                retry_of=old.id,
                retries_count=(old.retries_count or 0) + 1,
            )
            old.retried_in_job_id = new_id
            jobs.append(new_id)
            return new_id

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
        builds = "/organizations/{org}/pipelines/{pipeline}/builds"
        build = builds + "/{build}"
        job = build + "/jobs/{job}/artifacts"
        org_job = "/organizations/{org}/jobs/{job}/artifacts"
        return (
            Route.of("GET", builds, self._list_builds),
            Route.of("GET", build, self._get_build),
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
                for job_id in self._builds[key].job_ids
                for artifact_id in self._jobs[job_id].artifact_ids
                if (artifact := self._artifacts.get(artifact_id)) is not None
            ]
        return self._page(request, found, self._render)

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
        return self._page(request, found, self._render)

    def _page(
        self, request: Request, items: Sequence[_T], render: Callable[[_T, str], dict[str, object]]
    ) -> Response:
        """One page of ``items``, each rendered with ``render(item, base_url)``."""
        try:
            number = int_parameter(request, "page", default=1, minimum=1)
            per_page = int_parameter(
                request, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE
            )
        except InvalidParameterError as error:
            return _validation_failed(error)
        page = paginate(items, number, per_page)
        base = self.request_base_url(request)
        link = link_header(
            base.removesuffix(self.base_path) + request.target,
            request.query,
            page=page.number,
            total_pages=page.total_pages,
            extra=(("api_key", self.link_credential),),
            fault=self.pagination_fault,
        )
        rendered = [render(item, base) for item in page.items]
        return json_response(200, rendered, headers=(("Link", link),) if link else ())

    def _list_builds(self, request: Request) -> Response:
        refusal = self._forbidden(BUILDS_SCOPE)
        if refusal is not None:
            return refusal
        try:
            keep = _build_filter(request)
            jobs = _jobs_options(request)
        except InvalidParameterError as error:
            return _validation_failed(error)
        org, pipeline = request.param("org"), request.param("pipeline")
        with self._lock:
            builds = [b for k, b in self._builds.items() if k[:2] == (org, pipeline)]
            if not builds:
                return self.not_found(request)
            found = sorted(
                (build for build in builds if keep(build)),
                key=lambda build: (build.created_at, build.key[2]),
                reverse=True,
            )
            # Rendered under the lock: a concurrent retry_job must not tear a build's jobs.
            return self._page(
                request, found, lambda build, base: self._render_build(build, base, *jobs)
            )

    def _get_build(self, request: Request) -> Response:
        refusal = self._forbidden(BUILDS_SCOPE)
        if refusal is not None:
            return refusal
        try:
            jobs = _jobs_options(request)
        except InvalidParameterError as error:
            return _validation_failed(error)
        with self._lock:
            key = self._build_key(request)
            build = self._builds.get(key) if key is not None else None
            if build is None:
                return self.not_found(request)
            rendered = self._render_build(build, self.request_base_url(request), *jobs)
        return json_response(200, rendered)

    def _render_build(
        self, build: _Build, base_url: str, include_retried: bool, exclude_jobs: bool
    ) -> dict[str, object]:
        org, pipeline, number = build.key
        pipeline_url = (
            f"{base_url}/organizations/{quote(org, safe='')}/pipelines/{quote(pipeline, safe='')}"
        )
        web_pipeline = (
            f"{base_url.removesuffix(self.base_path)}/{quote(org, safe='')}/"
            f"{quote(pipeline, safe='')}"
        )
        url, web_url = f"{pipeline_url}/builds/{number}", f"{web_pipeline}/builds/{number}"
        started, finished = build.started_at, build.finished_at
        failing = None
        if started is not None and build.state in {"failing", "failed"}:
            failing = started + _seconds(20)
        rendered: dict[str, object] = {
            "id": build.id,
            "url": url,
            "web_url": web_url,
            "number": number,
            "state": build.state,
            "blocked": build.state == "blocked",
            "cancel_reason": None,
            "message": build.message,
            "commit": build.commit,
            "branch": build.branch,
            "env": {},
            "source": "api",
            "creator": None,
        }
        if not exclude_jobs:
            rendered["jobs"] = [
                self._render_job(self._jobs[job_id], url, web_url)
                for job_id in build.job_ids
                if include_retried or self._jobs[job_id].retried_in_job_id is None
            ]
        rendered |= {
            "created_at": _iso(build.created_at),
            "scheduled_at": _iso(build.created_at),
            "started_at": _iso(started) if started is not None else None,
            "failing_at": _iso(failing) if failing is not None else None,
            "finished_at": _iso(finished) if finished is not None else None,
            "meta_data": {},
            "pull_request": None,
            "rebuilt_from": self._render_reference(build.rebuilt_from, org, pipeline, base_url),
            "pipeline": {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, pipeline_url.removeprefix(base_url))),
                "url": pipeline_url,
                "web_url": web_pipeline,
                "name": pipeline,
                "slug": pipeline,
            },
        }
        rendered.update(build.extra)
        return rendered

    def _render_reference(
        self, number: int | None, org: str, pipeline: str, base_url: str
    ) -> dict[str, object] | None:
        """The ``{id, number, url}`` of another build of the pipeline (None: no build)."""
        if number is None:
            return None
        original = self._builds[(org, pipeline, number)]
        pipeline_url = (
            f"{base_url}/organizations/{quote(org, safe='')}/pipelines/{quote(pipeline, safe='')}"
        )
        return {"id": original.id, "number": number, "url": f"{pipeline_url}/builds/{number}"}

    def _render_job(self, job: _Job, build_url: str, build_web_url: str) -> dict[str, object]:
        created = job.created_at
        started = None if job.state in _UNSTARTED_JOB_STATES else created + _seconds(2)
        finished = None
        if job.state in _ENDED_JOB_STATES:
            finished = (started or created) + _seconds(30)
        exit_status = {"passed": 0, "failed": 1}.get(job.state)
        rendered: dict[str, object] = {
            "id": job.id,
            "type": "script",
            "name": job.name,
            "step_key": job.step_key,
            "state": job.state,
            "build_url": build_url,
            "web_url": f"{build_web_url}#{job.id}",
            "log_url": f"{build_url}/jobs/{job.id}/log",
            "raw_log_url": f"{build_url}/jobs/{job.id}/log.txt",
            "artifact_url": f"{build_url}/jobs/{job.id}/artifacts",
            "command": "make test",
            "soft_failed": False,
            "exit_status": exit_status,
            "artifact_paths": "**/*",
            "agent": None,
            "created_at": _iso(created),
            "scheduled_at": _iso(created),
            "runnable_at": _iso(created + _seconds(1)),
            "started_at": _iso(started) if started is not None else None,
            "finished_at": _iso(finished) if finished is not None else None,
            "retried": job.retried_in_job_id is not None,
            "retried_in_job_id": job.retried_in_job_id,
            "retries_count": job.retries_count,
            "retry_source": (
                {"job_id": job.retry_of, "retry_type": "manual"} if job.retry_of else None
            ),
            "retry_type": None,
            "parallel_group_index": None,
            "parallel_group_total": None,
        }
        rendered.update(job.extra)
        return rendered

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


def _seconds(count: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=count)


def _validation_failed(error: InvalidParameterError) -> Response:
    return json_response(
        422,
        {
            "message": "Validation Failed",
            "errors": [{"field": error.name, "code": "invalid", "message": error.message}],
        },
    )


def _values(request: Request, name: str) -> list[str]:
    """Every value of ``name`` and of its Rails array form ``name[]``."""
    return [*request.query.get(name, ()), *request.query.get(f"{name}[]", ())]


def _time_parameter(request: Request, name: str) -> datetime.datetime | None:
    raw = request.arg(name)
    if raw is None:
        return None
    try:
        return _aware(raw.strip())
    except ValueError:
        raise InvalidParameterError(name, f"{name} must be an ISO 8601 time") from None


def _flag(request: Request, name: str) -> bool:
    raw = request.arg(name)
    if raw is None or raw.lower() in _FALSE:
        return False
    if raw.lower() in _TRUE:
        return True
    raise InvalidParameterError(name, f"{name} must be true or false")


def _jobs_options(request: Request) -> tuple[bool, bool]:
    """(include_retried_jobs, exclude_jobs) of a build request."""
    return _flag(request, "include_retried_jobs"), _flag(request, "exclude_jobs")


def _branch_pattern(pattern: str) -> re.Pattern[str]:
    """A branch filter: ``*`` matches any characters, everything else itself."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")))


def _build_filter(request: Request) -> Callable[[_Build], bool]:
    """The build listing's filters (AND of each filter; OR of each filter's values)."""
    branches = [_branch_pattern(value) for value in _values(request, "branch")]
    commits = set(_values(request, "commit"))
    states: set[str] = set()
    for state in _values(request, "state"):
        if state not in BUILD_STATE_FILTERS:
            raise InvalidParameterError(
                "state", f"state must be one of {', '.join(sorted(BUILD_STATE_FILTERS))}"
            )
        states |= FINISHED_STATES if state == "finished" else {state}
    created_from = _time_parameter(request, "created_from")
    created_to = _time_parameter(request, "created_to")
    finished_from = _time_parameter(request, "finished_from")

    def keep(build: _Build) -> bool:
        finished = build.finished_at
        return (
            (not branches or any(p.fullmatch(build.branch) for p in branches))
            and (not commits or build.commit in commits)
            and (not states or build.state in states)
            and (created_from is None or build.created_at >= created_from)
            and (created_to is None or build.created_at < created_to)
            and (finished_from is None or (finished is not None and finished >= finished_from))
        )

    return keep


FAKE = FakeBuildkite
