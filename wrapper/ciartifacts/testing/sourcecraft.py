"""A fake of the SourceCraft CI/CD artifact endpoint (``specs/sourcecraft.yaml``)."""

import contextlib
import secrets
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ciartifacts.testing.auth import bearer_token, token_matches
from ciartifacts.testing.messages import Request, Response, Route, json_response, timestamp
from ciartifacts.testing.samples import SampleRun, SpecSeed
from ciartifacts.testing.server import FakeAPI
from ciartifacts.testing.storage import Blob, FakeStorage
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeSourceCraft"]

ERROR_CODES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

_RepoKey = tuple[str, str]
_CubeKey = tuple[str, str, str]


@dataclass
class _Artifact:
    id: str
    local_path: str
    status: str
    dates: dict[str, str]
    storage_url: str
    extra: dict[str, object]


class FakeSourceCraft(FakeAPI):
    """SourceCraft's ``GetCubeArtifacts`` with ``Authorization: Bearer`` auth.

    Every error is the documented body ``{error_code, message, request_id,
    details}`` plus an ``X-Request-Id`` header with the same id. Only
    ``success`` artifacts get a ``download_url`` (a fresh signed storage URL per
    listing); the others have none. :meth:`forbid` makes a repository answer 403.
    """

    name: ClassVar[str] = "sourcecraft"
    token_prefix: ClassVar[str] = "sc_pat_"
    unauthorized_message: ClassVar[str] = "request is not authenticated"
    undownloadable_states: ClassVar[tuple[str, ...]] = ("failed", "missing", "registered")

    def __init__(
        self,
        storage: FakeStorage,
        *,
        token: str | None = None,
        latency: float = 0.0,
        tls: bool | FakeCA = False,
    ) -> None:
        super().__init__(storage, token=token, latency=latency, tls=tls)
        self._runs: dict[_RepoKey, dict[str, dict[_CubeKey, list[_Artifact]]]] = {}
        self._forbidden: set[_RepoKey] = set()

    # -- seeding ------------------------------------------------------------------------------

    def sample_run(self, kind: str | None = None) -> SampleRun:
        self.check_sample_kind(kind)
        cube = ("acme", f"sample-{self.next_sample_number()}", "run-1", "build", "test", "unit")
        self.add_cube(*cube)

        def add(path: str, content: bytes, state: str | None, corrupt: bool) -> tuple[str, str]:
            if corrupt:
                raise ValueError("SourceCraft lists no checksums")
            self.add_artifact(*cube, path, content, status=state or "success")
            return path, path

        listing = "/repos/{}/{}/cicd/artifacts/{}/{}/{}/{}".format(*cube)
        return SampleRun(f"sourcecraft:{'/'.join(cube)}", listing, None, add)

    def spec_seed(self) -> SpecSeed:
        """A cube with a downloadable artifact and a registered one; :meth:`forbid` refuses."""
        org = f"spec-{self.next_sample_number()}"
        cube = (org, "repo", "run-1", "build", "test", "unit")
        self.add_artifact(*cube, "out/a.txt", b"a")
        self.add_artifact(*cube, "out/b.txt", b"", status="registered")

        @contextlib.contextmanager
        def forbidden() -> Iterator[None]:
            self.forbid(org, "repo")
            try:
                yield
            finally:
                self.allow(org, "repo")

        values = {"org_slug": org, "repo_slug": "repo", "run_slug": "run-1"}
        values |= {"workflow_slug": "build", "task_slug": "test", "cube_slug": "unit"}
        return SpecSeed(values, forbidden)

    def add_cube(  # noqa: PLR0917 - positional like the API path
        self, org: str, repo: str, run: str, workflow: str, task: str, cube: str
    ) -> None:
        """Create the run and an empty cube in it."""
        with self._lock:
            self._runs.setdefault((org, repo), {}).setdefault(run, {}).setdefault(
                (workflow, task, cube), []
            )

    def add_artifact(  # noqa: PLR0917 - positional like the API path
        self,
        org: str,
        repo: str,
        run: str,
        workflow: str,
        task: str,
        cube: str,
        local_path: str,
        content: Blob,
        *,
        status: str = "success",
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add an artifact to the cube; returns its JSON as a listing would show it.

        ``status`` is ``registered``, ``success``, ``failed``, ``missing`` (or
        anything else, to test open enums); only ``success`` is downloadable.
        ``extra`` fields (JSON values) are added to or override the rendered
        JSON, e.g. ``{"download_url": None}``; the stored object is unaffected.
        """
        now = timestamp()
        dates = {"registered_at": now, "updated_at": now}
        if status == "success":
            dates["obtained_at"] = now
        artifact = _Artifact(
            id=secrets.token_hex(12),
            local_path=local_path,
            status=status,
            dates=dates,
            storage_url=self.storage.put(content),
            extra=dict(extra or {}),
        )
        self.add_cube(org, repo, run, workflow, task, cube)
        with self._lock:
            self._runs[(org, repo)][run][(workflow, task, cube)].append(artifact)
        return self._render(artifact)

    def forbid(self, org: str, repo: str) -> None:
        """Make every request about this repository answer 403 PERMISSION_DENIED."""
        with self._lock:
            self._forbidden.add((org, repo))

    def allow(self, org: str, repo: str) -> None:
        """Undo :meth:`forbid`."""
        with self._lock:
            self._forbidden.discard((org, repo))

    # -- provider specifics -------------------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        return token_matches(bearer_token(request), self.token)

    def error_response(self, status: int, message: str) -> Response:
        request_id = str(uuid.uuid4())
        return json_response(
            status,
            {
                "error_code": ERROR_CODES.get(status, "UNKNOWN"),
                "message": message,
                "request_id": request_id,
                "details": {},
            },
            headers=(("X-Request-Id", request_id),),
        )

    def rate_limited_response(self) -> Response:
        return self.error_response(429, "too many requests")

    def decorate(self, request: Request, response: Response) -> Response:
        return response.with_headers(("X-Request-Id", str(uuid.uuid4())))

    # -- routes -------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        return (
            Route.of(
                "GET",
                "/repos/{org}/{repo}/cicd/artifacts/{run}/{workflow}/{task}/{cube}",
                self._list,
            ),
        )

    def _list(self, request: Request) -> Response:
        repo_key = (request.param("org"), request.param("repo"))
        cube_key = (request.param("workflow"), request.param("task"), request.param("cube"))
        with self._lock:
            if repo_key in self._forbidden:
                return self.error_response(403, "permission denied for this repository")
            runs = self._runs.get(repo_key)
            if runs is None:
                return self.error_response(404, "repository not found")
            cubes = runs.get(request.param("run"))
            if cubes is None:
                return self.error_response(404, "run not found")
            artifacts = cubes.get(cube_key)
            if artifacts is None:
                return self.error_response(404, "cube not found")
            found = list(artifacts)
        return json_response(200, {"artifacts": [self._render(a) for a in found]})

    def _render(self, artifact: _Artifact) -> dict[str, object]:
        rendered: dict[str, object] = {
            "id": artifact.id,
            "local_path": artifact.local_path,
            "dates": dict(artifact.dates),
            "status": artifact.status,
        }
        if artifact.status == "success":
            rendered["download_url"] = self.storage.presign(artifact.storage_url)
        rendered.update(artifact.extra)
        return rendered


FAKE = FakeSourceCraft
