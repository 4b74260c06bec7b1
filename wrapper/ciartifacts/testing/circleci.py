"""A fake of CircleCI API v1.1's artifact and recent-builds endpoints (``specs/circleci.yaml``)
and of its artifact host."""

import datetime
import hashlib
import json
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar, Self
from urllib.parse import quote, quote_plus

from ciartifacts.testing.auth import basic_username, token_matches
from ciartifacts.testing.messages import (
    JSON_CONTENT_TYPE,
    Request,
    Response,
    Route,
    empty_response,
    json_response,
)
from ciartifacts.testing.pagination import InvalidParameterError, int_parameter
from ciartifacts.testing.samples import SampleHistory, SampleRun, SpecSeed
from ciartifacts.testing.server import FakeAPI, FakeServer
from ciartifacts.testing.storage import Blob, FakeStorage, blob_chunks, blob_size
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeCircleCI", "to_edn"]

EDN_CONTENT_TYPE = "application/edn"
LOGIN_REQUIRED = "You must log in first."
FILTERS: dict[str, frozenset[str]] = {
    "completed": frozenset({"success", "failed"}),
    "successful": frozenset({"success"}),
    "failed": frozenset({"failed"}),
    "running": frozenset({"running"}),
}
_VCS_ALIASES = {"gh": "github", "bb": "bitbucket"}
_VCS_SHORT = {"github": "gh", "bitbucket": "bb"}
_VCS_HOSTS = {"github": "https://github.com", "bitbucket": "https://bitbucket.org"}
DEFAULT_LIMIT = 30
MAX_LIMIT = 100
BUILDS_EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
"""Build ``build_num`` is queued ``build_num`` minutes after this, unless seeded otherwise."""
# (lifecycle, outcome) of a job by its status; other statuses: finished, no outcome.
LIFECYCLE_AND_OUTCOME: dict[str, tuple[str, str | None]] = {
    "success": ("finished", "success"),
    "fixed": ("finished", "success"),
    "no_tests": ("finished", "no_tests"),
    "failed": ("finished", "failed"),
    "timedout": ("finished", "timedout"),
    "infrastructure_fail": ("finished", "infrastructure_fail"),
    "canceled": ("finished", "canceled"),
    "retried": ("finished", None),
    "running": ("running", None),
    "queued": ("queued", None),
    "scheduled": ("scheduled", None),
    "not_running": ("not_running", None),
    "not_run": ("not_run", None),
}
_NOT_STARTED = frozenset({"queued", "scheduled", "not_running", "not_run"})

_ProjectKey = tuple[str, str, str]


def to_edn(value: object) -> str:
    """Render JSON-like data as Clojure EDN, the way CircleCI v1.1 does without ``Accept``."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + " ".join(to_edn(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f":{key} {to_edn(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"cannot render {type(value).__name__} as EDN")


def _iso(moment: datetime.datetime) -> str:
    """CircleCI's timestamp style: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _wants_json(request: Request) -> bool:
    accept = request.header("accept") or ""
    return any(part.split(";")[0].strip() == "application/json" for part in accept.split(","))


def _java_url_encode(path: str) -> str:
    """Each ``/``-separated segment encoded like Java's URLEncoder (a space becomes ``+``)."""
    return "/".join(quote_plus(segment, safe="*") for segment in path.split("/"))


@dataclass
class _Artifact:
    path: str
    node_index: int
    host_path: str
    blob: Blob
    storage_url: str
    extra: dict[str, object]


@dataclass
class _Build:
    number: int
    branch: str
    status: str
    vcs_revision: str
    queued_at: datetime.datetime
    lifecycle: str
    outcome: str | None
    workflow_id: str
    workflow_name: str
    job_name: str
    extra: dict[str, object] = field(default_factory=dict)
    artifacts: list[_Artifact] = field(default_factory=list)
    retry_of: int | None = None

    @property
    def start_time(self) -> datetime.datetime | None:
        if self.lifecycle in _NOT_STARTED:
            return None
        return self.queued_at + datetime.timedelta(seconds=5)

    @property
    def stop_time(self) -> datetime.datetime | None:
        start = self.start_time
        if start is None or self.lifecycle != "finished":
            return None
        return start + datetime.timedelta(seconds=30)


@dataclass
class _Project:
    host_id: str
    builds: dict[int, _Build] = field(default_factory=dict)


class _ArtifactHost(FakeServer):
    """Plays ``*.circle-artifacts.com``: needs the token, then redirects to storage."""

    name: ClassVar[str] = "circleci-artifacts"
    hosts: ClassVar[tuple[str, ...]] = ("127.0.0.1",)

    def __init__(self, api: "FakeCircleCI", *, latency: float, tls: bool | FakeCA) -> None:
        super().__init__(latency=latency, tls=tls)
        self.api = api

    def routes(self) -> Iterable[Route]:
        return (Route.of("GET", "/{path:path}", self.api.serve_artifact),)

    def before_route(self, request: Request) -> Response | None:
        if not self.api.authenticated(request):
            return self.error_response(401, LOGIN_REQUIRED)
        return None

    def error_response(self, status: int, message: str) -> Response:
        return json_response(status, {"message": message})

    def not_found(self, request: Request) -> Response:
        return self.error_response(404, "Not found")

    def method_not_allowed(self, request: Request) -> Response:
        return self.error_response(405, "Method not allowed")


class FakeCircleCI(FakeAPI):
    """CircleCI's ``/api/v1.1`` artifact API plus a separate artifact host.

    Auth: a ``Circle-Token`` header or HTTP Basic with the token as user name
    (the ``circle-token`` query parameter is refused). Without
    ``Accept: application/json`` every answer is EDN, as the real API does.

    Builds (jobs) have a branch, a status, a lifecycle and outcome that follow
    from it, a commit, a workflow and times: queued ``build_num`` minutes after
    :data:`BUILDS_EPOCH` unless seeded, started 5 s later unless not yet
    running, stopped 30 s after that once finished. The recent-builds routes
    (the project's, and ``/tree/{branch}``'s) list them newest first (by
    number), ``limit`` (1..100, default 30) from ``offset``, ``filter`` meaning
    what it means for ``latest/artifacts`` (:data:`FILTERS`); ``shallow=true``
    leaves out ``previous`` and ``retry_of``. Bad parameters answer 400; a
    branch without builds gives ``[]``, an unknown project 404.
    Artifact ``url``\\ s point at :attr:`artifact_host` (another loopback
    origin), which wants the token too and then answers 302 to a fresh signed
    storage URL, except for ``.html`` files it serves itself. ``latency`` applies
    to both servers; set ``artifact_host.latency`` to change the host's alone.

    ``tls`` (see :class:`~ciartifacts.testing.LoopbackServer`) applies to both
    servers too, with one CA: artifact ``url``\\ s then start with ``https://``.
    ``artifact_host_tls`` sets the host's apart (``False``: plain HTTP behind an
    HTTPS API; ``True``: HTTPS, with the API's CA if it has one).
    """

    name: ClassVar[str] = "circleci"
    base_path: ClassVar[str] = "/api/v1.1"
    token_prefix: ClassVar[str] = "CCIPAT_"
    unauthorized_message: ClassVar[str] = LOGIN_REQUIRED

    def __init__(
        self,
        storage: FakeStorage,
        *,
        token: str | None = None,
        latency: float = 0.0,
        tls: bool | FakeCA = False,
        artifact_host_tls: bool | FakeCA | None = None,
    ) -> None:
        super().__init__(storage, token=token, latency=latency, tls=tls)
        if artifact_host_tls is None:
            artifact_host_tls = self.ca or False
        elif artifact_host_tls is True and self.ca is not None:
            artifact_host_tls = self.ca
        self.artifact_host = _ArtifactHost(self, latency=latency, tls=artifact_host_tls)
        self._projects: dict[_ProjectKey, _Project] = {}
        self._by_host_path: dict[str, _Artifact] = {}

    def start(self) -> Self:
        super().start()
        try:
            self.artifact_host.start()
        except BaseException:
            super().stop()
            raise
        return self

    def stop(self) -> None:
        self.artifact_host.stop()
        super().stop()

    @property
    def servers(self) -> tuple[FakeServer, ...]:
        return (self, self.artifact_host)

    def sample_run(self, kind: str | None = None) -> SampleRun:
        self.check_sample_kind(kind)
        vcs, org, project, build = "github", "acme", f"sample-{self.next_sample_number()}", 1
        self.add_build(vcs, org, project, build)

        def add(path: str, content: bytes, state: str | None, corrupt: bool) -> tuple[str, str]:
            if state is not None or corrupt:
                raise ValueError("CircleCI lists neither artifact states nor checksums")
            self.add_artifact(vcs, org, project, build, path, content)
            return path, path.lstrip("/")

        listing = f"{self.base_path}/project/{vcs}/{org}/{project}/{build}/artifacts"
        return SampleRun(f"circleci:{vcs}/{org}/{project}/{build}", listing, None, add)

    # -- seeding ------------------------------------------------------------------------------

    def sample_history(self) -> SampleHistory:
        vcs, org, project = "github", "acme", f"history-{self.next_sample_number()}"
        seeds = [
            (1, "main", "success", None),
            (2, "feature", "success", None),
            (3, "main", "failed", None),
            (4, "main", "success", 3),  # a rerun of job 3
            (5, "main", "running", None),
        ]
        files: dict[str, dict[str, bytes]] = {}
        for number, branch, status, retry_of in seeds:
            self.add_build(
                vcs, org, project, number, branch=branch, status=status, retry_of=retry_of
            )
            content = f"job {number}".encode()
            self.add_artifact(vcs, org, project, number, "run.txt", content)
            files[f"circleci:{vcs}/{org}/{project}/{number}"] = {"run.txt": content}

        def refs(*numbers: int) -> list[str]:
            return [f"circleci:{vcs}/{org}/{project}/{number}" for number in numbers]

        latest = f"circleci:{vcs}/{org}/{project}/latest"
        return SampleHistory(
            {
                "newest": (latest, refs(5, 4, 2, 1)),
                "green on main": (f"{latest}?branch=main&filter=successful", refs(4, 1)),
                "none": (f"{latest}?branch=no-such-branch", []),
            },
            files,
        )

    def spec_seed(self) -> SpecSeed:
        """A job with the same file on two nodes."""
        org = f"spec-{self.next_sample_number()}"
        add = self.add_artifact
        add("github", org, "proj", 1, "/tmp/out/report.xml", b"r", branch="main", status="success")
        add("github", org, "proj", 1, "/tmp/out/report.xml", b"r", node_index=1)
        values = {"vcs_type": "github", "username": org, "project": "proj", "build_num": "1"}
        return SpecSeed(values | {"branch": "main"})

    def add_build(
        self,
        vcs: str,
        org: str,
        project: str,
        build_num: int,
        *,
        branch: str | None = None,
        status: str | None = None,
        vcs_revision: str | None = None,
        queued_at: datetime.datetime | str | None = None,
        lifecycle: str | None = None,
        outcome: str | None = None,
        workflow_id: str | None = None,
        workflow_name: str | None = None,
        job_name: str | None = None,
        extra: Mapping[str, object] | None = None,
        retry_of: int | None = None,
    ) -> None:
        """Create a job (build) without artifacts; ``branch`` "main", ``status`` "success".

        ``retry_of`` makes it a rerun of that job (its number, shown as ``retry_of``).

        ``status`` is CircleCI's job status: ``success``, ``failed``, ``running``,
        ... (any string); ``lifecycle`` and ``outcome`` default to what the
        status implies (:data:`LIFECYCLE_AND_OUTCOME`). ``vcs_revision``
        defaults to a SHA derived from the job's coordinates, ``queued_at`` (a
        datetime, naive meaning UTC, or an ISO 8601 string) to
        :data:`BUILDS_EPOCH` plus ``build_num`` minutes; each job is its own
        workflow run (``workflow_id`` a UUID derived from it, ``workflow_name``
        "workflow", ``job_name`` "build") unless told otherwise: give jobs one
        ``workflow_id`` to put them in one run. ``extra`` fields (JSON values)
        are added to or override the rendered summary. Re-adding an existing
        build with anything else than it has is an error.
        """
        given: dict[str, object] = {
            "branch": branch,
            "status": status,
            "vcs_revision": vcs_revision,
            "queued_at": _aware(queued_at) if queued_at is not None else None,
            "lifecycle": lifecycle,
            "outcome": outcome,
            "workflow_id": workflow_id,
            "workflow_name": workflow_name,
            "job_name": job_name,
            "extra": dict(extra) if extra is not None else None,
            "retry_of": retry_of,
        }
        self._build(vcs, org, project, build_num, given)

    def _build(
        self, vcs: str, org: str, project: str, build_num: int, given: Mapping[str, object]
    ) -> tuple[_Project, _Build]:
        """The build, made from ``given`` (None values: defaults) unless it exists.

        An existing build must agree with every value ``given`` that is not None.
        """
        key = (_VCS_ALIASES.get(vcs.lower(), vcs.lower()), org, project)
        with self._lock:
            found = self._projects.setdefault(key, _Project(str(secrets.randbelow(10**8))))
            build = found.builds.get(build_num)
            if build is None:
                build = _new_build(key, build_num, given)
                found.builds[build_num] = build
                return found, build
            differing = [
                name
                for name, value in given.items()
                if value is not None and getattr(build, name) != value
            ]
            if differing:
                raise ValueError(
                    f"build {build_num} already exists with another {', '.join(differing)}"
                )
            return found, build

    def add_artifact(  # noqa: PLR0917 - positional like the API path
        self,
        vcs: str,
        org: str,
        project: str,
        build_num: int,
        path: str,
        content: Blob,
        *,
        node_index: int = 0,
        branch: str | None = None,
        status: str | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add a file stored by node ``node_index`` of the job; returns its JSON.

        ``path`` is kept as given, absolute or not; its ``url`` on the artifact
        host keeps it too (``.../0//tmp/x``), encoded like Java's URLEncoder.
        ``branch``/``status`` apply when this creates the build (see :meth:`add_build`).
        ``extra`` fields (JSON values) are added to or override the rendered JSON
        only, e.g. ``{"path": None}``: the artifact host still serves the file.
        """
        found, build = self._build(
            vcs, org, project, build_num, {"branch": branch, "status": status}
        )
        host_path = f"/{build_num}-{found.host_id}/{node_index}/{_java_url_encode(path)}"
        artifact = _Artifact(
            path, node_index, host_path, content, self.storage.put(content), dict(extra or {})
        )
        with self._lock:
            if host_path in self._by_host_path:
                raise ValueError(f"{path!r} already exists on node {node_index} of this build")
            build.artifacts.append(artifact)
            self._by_host_path[host_path] = artifact
        return self._render(artifact)

    # -- provider specifics -------------------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        return token_matches(request.header("circle-token"), self.token) or token_matches(
            basic_username(request), self.token
        )

    def error_response(self, status: int, message: str) -> Response:
        return json_response(status, {"message": message})

    def rate_limited_response(self) -> Response:
        return json_response(
            429, {"message": "Rate limit exceeded"}, headers=(("Retry-After", "1"),)
        )

    def decorate(self, request: Request, response: Response) -> Response:
        """Without ``Accept: application/json``, v1.1 answers in EDN."""
        if _wants_json(request) or response.header("content-type") != JSON_CONTENT_TYPE:
            return response
        headers = tuple(
            (name, EDN_CONTENT_TYPE if name.lower() == "content-type" else value)
            for name, value in response.headers
        )
        body = to_edn(json.loads(response.body)).encode()
        return replace(response, headers=headers, body=body)

    # -- routes -------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        project = "/project/{vcs}/{org}/{project}"
        return (
            Route.of("GET", project, self._recent),
            # Before {build}/artifacts: a branch named "artifacts" is a branch.
            Route.of("GET", project + "/tree/{branch}", self._recent),
            Route.of("GET", project + "/latest/artifacts", self._latest),
            Route.of("GET", project + "/{build}/artifacts", self._job),
        )

    def _project(self, request: Request) -> _Project | None:
        vcs = request.param("vcs").lower()
        key = (_VCS_ALIASES.get(vcs, vcs), request.param("org"), request.param("project"))
        return self._projects.get(key)

    def _job(self, request: Request) -> Response:
        with self._lock:
            project = self._project(request)
            if project is None:
                return self.error_response(404, "Project not found")
            number = request.param("build")
            build = project.builds.get(int(number)) if number.isdigit() else None
            if build is None:
                return self.error_response(404, "Build not found")
            return json_response(200, [self._render(a) for a in build.artifacts])

    def _latest(self, request: Request) -> Response:
        wanted = request.arg("filter")
        if wanted is not None and wanted not in FILTERS:
            return self.error_response(
                400, f"Invalid filter {wanted!r}: expected one of {', '.join(FILTERS)}"
            )
        branch = request.arg("branch")
        with self._lock:
            project = self._project(request)
            if project is None:
                return self.error_response(404, "Project not found")
            candidates = [
                build
                for build in project.builds.values()
                if (branch is None or build.branch == branch)
                and (wanted is None or build.status in FILTERS[wanted])
            ]
            if not candidates:
                return self.error_response(404, "Build not found")
            latest = max(candidates, key=lambda build: build.number)
            return json_response(200, [self._render(a) for a in latest.artifacts])

    def _recent(self, request: Request) -> Response:
        """Recent builds of the project, or of one of its branches (``/tree/{branch}``)."""
        wanted = request.arg("filter")
        if wanted is not None and wanted not in FILTERS:
            return self.error_response(
                400, f"Invalid filter {wanted!r}: expected one of {', '.join(FILTERS)}"
            )
        try:
            limit = int_parameter(
                request, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT
            )
            offset = int_parameter(request, "offset", default=0, minimum=0)
        except InvalidParameterError as error:
            return self.error_response(400, error.message)
        shallow = (request.arg("shallow") or "").lower() in {"true", "1"}
        branch = request.params.get("branch")
        with self._lock:
            project = self._project(request)
            if project is None:
                return self.error_response(404, "Project not found")
            newest_first = sorted(project.builds.values(), key=lambda b: b.number, reverse=True)
            chosen = [
                build
                for build in newest_first
                if (branch is None or build.branch == branch)
                and (wanted is None or build.status in FILTERS[wanted])
            ][offset : offset + limit]
            vcs = _VCS_ALIASES.get(request.param("vcs").lower(), request.param("vcs").lower())
            coordinates = (vcs, request.param("org"), request.param("project"))
            summaries = [
                self._summary(coordinates, build, newest_first, shallow=shallow) for build in chosen
            ]
        return json_response(200, summaries)

    def _summary(
        self,
        coordinates: tuple[str, str, str],
        build: _Build,
        newest_first: list[_Build],
        *,
        shallow: bool,
    ) -> dict[str, object]:
        vcs, org, project = coordinates
        start, stop = build.start_time, build.stop_time
        committed = _iso(build.queued_at - datetime.timedelta(minutes=1))
        short = _VCS_SHORT.get(vcs, vcs)
        path = f"{quote(org, safe='')}/{quote(project, safe='')}"
        rendered: dict[str, object] = {
            "build_num": build.number,
            "build_url": f"{self.origin}/{short}/{path}/{build.number}",
            "vcs_url": f"{_VCS_HOSTS.get(vcs, 'https://' + vcs + '.invalid')}/{path}",
            "username": org,
            "reponame": project,
            "branch": build.branch,
            "vcs_revision": build.vcs_revision,
            "vcs_tag": None,
            "status": build.status,
            "outcome": build.outcome,
            "lifecycle": build.lifecycle,
            "queued_at": _iso(build.queued_at),
            "usage_queued_at": _iso(build.queued_at),
            "start_time": _iso(start) if start is not None else None,
            "stop_time": _iso(stop) if stop is not None else None,
            "build_time_millis": 30_000 if stop is not None else None,
            "committer_name": "Fake Committer",
            "committer_email": "committer@example.com",
            "committer_date": committed,
            "author_name": "Fake Committer",
            "author_email": "committer@example.com",
            "author_date": committed,
            "subject": f"Commit {build.vcs_revision[:7]}",
            "body": "",
            "why": "github",
            "dont_build": None,
            "parallel": 1,
            "platform": "2.0",
            "fleet": "picard",
            "workflows": {
                "job_name": build.job_name,
                "job_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{path}/{build.number}")),
                "workflow_id": build.workflow_id,
                "workspace_id": build.workflow_id,
                "upstream_job_ids": [],
                "upstream_concurrency_map": {},
                "workflow_name": build.workflow_name,
            },
            "pull_requests": [],
        }
        if not shallow:
            previous = next(
                (
                    other
                    for other in newest_first
                    if other.number < build.number and other.branch == build.branch
                ),
                None,
            )
            rendered["retry_of"] = build.retry_of
            rendered["previous"] = (
                {"build_num": previous.number, "status": previous.status} if previous else None
            )
        rendered.update(build.extra)
        return rendered

    def serve_artifact(self, request: Request) -> Response:
        """The artifact host's answer for one file (the token was checked already)."""
        with self._lock:
            artifact = self._by_host_path.get(request.target)
        if artifact is None:
            return self.artifact_host.not_found(request)
        if artifact.path.lower().endswith((".html", ".htm")):
            blob = artifact.blob
            return Response(
                status=200,
                headers=(("Content-Type", "text/html; charset=utf-8"),),
                chunks=lambda: blob_chunks(blob),
                length=blob_size(blob),
            )
        location = self.storage.presign(artifact.storage_url)
        return empty_response(302, headers=(("Location", location),))

    def _render(self, artifact: _Artifact) -> dict[str, object]:
        rendered: dict[str, object] = {
            "path": artifact.path,
            "pretty_path": artifact.path,
            "node_index": artifact.node_index,
            "url": self.artifact_host.origin + artifact.host_path,
        }
        rendered.update(artifact.extra)
        return rendered


def _aware(moment: datetime.datetime | str) -> datetime.datetime:
    """A seeded time as an aware datetime (naive ones are taken as UTC)."""
    parsed = datetime.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def _new_build(key: _ProjectKey, build_num: int, given: Mapping[str, object]) -> _Build:
    """A build from the values ``given`` (None: the default)."""

    def text(name: str, default: str) -> str:
        value = given.get(name)
        return value if isinstance(value, str) else default

    status = text("status", "success")
    lifecycle, outcome = LIFECYCLE_AND_OUTCOME.get(status, ("finished", None))
    queued_at = given.get("queued_at")
    extra = given.get("extra")
    coordinates = "/".join((*key, str(build_num)))
    return _Build(
        number=build_num,
        branch=text("branch", "main"),
        status=status,
        vcs_revision=text("vcs_revision", hashlib.sha1(coordinates.encode()).hexdigest()),
        queued_at=(
            queued_at
            if isinstance(queued_at, datetime.datetime)
            else BUILDS_EPOCH + datetime.timedelta(minutes=build_num)
        ),
        lifecycle=text("lifecycle", lifecycle),
        outcome=_optional(given, "outcome") or outcome,
        workflow_id=text("workflow_id", str(uuid.uuid5(uuid.NAMESPACE_URL, coordinates))),
        workflow_name=text("workflow_name", "workflow"),
        job_name=text("job_name", "build"),
        extra=dict(extra) if isinstance(extra, dict) else {},
        retry_of=retry_of if isinstance(retry_of := given.get("retry_of"), int) else None,
    )


def _optional(given: Mapping[str, object], name: str) -> str | None:
    value = given.get(name)
    return value if isinstance(value, str) else None


FAKE = FakeCircleCI
