"""A fake of CircleCI API v1.1's artifact endpoints (``specs/circleci.yaml``) and artifact host."""

import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar, Self
from urllib.parse import quote_plus

from ciartifacts.testing.auth import basic_username, token_matches
from ciartifacts.testing.messages import (
    JSON_CONTENT_TYPE,
    Request,
    Response,
    Route,
    empty_response,
    json_response,
)
from ciartifacts.testing.samples import SampleRun
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
    artifacts: list[_Artifact] = field(default_factory=list)


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

    def add_build(
        self,
        vcs: str,
        org: str,
        project: str,
        build_num: int,
        *,
        branch: str | None = None,
        status: str | None = None,
    ) -> None:
        """Create a job (build) without artifacts; ``branch`` "main", ``status`` "success".

        ``status`` is CircleCI's job status: ``success``, ``failed``, ``running``,
        ... Re-adding an existing build with another branch or status is an error.
        """
        self._build(vcs, org, project, build_num, branch=branch, status=status)

    def _build(
        self,
        vcs: str,
        org: str,
        project: str,
        build_num: int,
        *,
        branch: str | None,
        status: str | None,
    ) -> tuple[_Project, _Build]:
        key = (_VCS_ALIASES.get(vcs.lower(), vcs.lower()), org, project)
        with self._lock:
            found = self._projects.setdefault(key, _Project(str(secrets.randbelow(10**8))))
            build = found.builds.get(build_num)
            if build is None:
                build = _Build(build_num, branch or "main", status or "success")
                found.builds[build_num] = build
            elif (branch is not None and branch != build.branch) or (
                status is not None and status != build.status
            ):
                raise ValueError(f"build {build_num} already exists with another branch or status")
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
        found, build = self._build(vcs, org, project, build_num, branch=branch, status=status)
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


FAKE = FakeCircleCI
