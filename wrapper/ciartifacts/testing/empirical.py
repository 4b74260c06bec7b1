"""A fake of the Empirical test-run artifact and resource endpoints (``specs/empirical.yaml``)."""

import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ciartifacts.testing.auth import bearer_token, token_matches
from ciartifacts.testing.messages import Request, Response, Route, json_response, timestamp
from ciartifacts.testing.pagination import (
    ENDLESS_TOTAL_PAGES,
    InvalidParameterError,
    int_parameter,
    paginate,
)
from ciartifacts.testing.samples import SampleRun, SpecSeed
from ciartifacts.testing.server import FakeAPI
from ciartifacts.testing.storage import Blob, FakeStorage, blob_size
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeEmpirical"]

MAX_SAFE_INTEGER = 2**53 - 1
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass
class _Artifact:
    key: str
    url: str
    size: int
    last_modified: str
    extra: dict[str, object]


@dataclass
class _Resource:
    id: int
    name: str
    storage_url: str
    mime_type: str
    size_bytes: int
    status: str
    created_at: str
    extra: dict[str, object]


class FakeEmpirical(FakeAPI):
    """Empirical's ``/api/test-runs/{id}/artifacts`` and ``/api/resources``, Bearer auth.

    Test-run artifacts have plain (unsigned) storage URLs and are listed in key
    order, filtered by exact ``key`` and/or ``prefix``/``suffix``. Resources are
    paged (``page`` 1-based, ``per_page`` 1..100, default 20) and get a fresh
    signed storage URL per listing. Bad parameters answer 400.

    :attr:`pagination_fault` (None by default) makes ``/api/resources`` page
    badly. ``"endless"``: every page claims ``total_pages``
    :data:`~ciartifacts.testing.pagination.ENDLESS_TOTAL_PAGES` (and ``total``
    that many times ``per_page``); pages past the real items are empty.
    ``"loop"``: with ``n`` real pages, every page claims ``total_pages`` ``n + 1``
    (``total`` ``(n + 1) * per_page``), and asking for page ``p > n`` answers the
    items of page ``(p - 1) % n + 1`` with ``pagination.page`` saying so (page
    ``n + 1`` is page 1 again); without resources it answers as usual.
    """

    name: ClassVar[str] = "empirical"
    paged_kinds: ClassVar[tuple[str, ...]] = ("resources",)
    token_prefix: ClassVar[str] = "er_"
    unauthorized_message: ClassVar[str] = "Unauthorized"
    sample_kinds: ClassVar[tuple[str, ...]] = ("run", "resources")

    def __init__(
        self,
        storage: FakeStorage,
        *,
        token: str | None = None,
        latency: float = 0.0,
        project_id: int = 4,
        created_by: str = "user-fake",
        tls: bool | FakeCA = False,
    ) -> None:
        super().__init__(storage, token=token, latency=latency, tls=tls)
        self.project_id = project_id
        self.created_by = created_by
        self._runs: dict[int, dict[str, _Artifact]] = {}
        self._resources: list[_Resource] = []
        self._resources_sampled = False

    # -- seeding ------------------------------------------------------------------------------

    def sample_run(self, kind: str | None = None) -> SampleRun:
        """A new test run, or (``kind="resources"``) the project's resources.

        A project has one set of resources: the ``resources`` sample can be made once.
        """
        if self.check_sample_kind(kind) == "resources":
            with self._lock:
                if self._resources_sampled or self._resources:
                    raise ValueError("the project's resources are already in use")
                self._resources_sampled = True

            def add_resource(
                name: str, content: bytes, state: str | None, corrupt: bool
            ) -> tuple[str, str]:
                if state is not None or corrupt:
                    raise ValueError("Empirical lists neither resource states nor checksums")
                self.add_resource(name, content)
                return name, name

            return SampleRun("empirical:resources", "/api/resources", MAX_PER_PAGE, add_resource)
        test_run = 10_000 + self.next_sample_number()
        self.add_test_run(test_run)

        def add(key: str, content: bytes, state: str | None, corrupt: bool) -> tuple[str, str]:
            if state is not None or corrupt:
                raise ValueError("Empirical lists neither artifact states nor checksums")
            self.add_artifact(test_run, key, content)
            return key, key

        return SampleRun(f"empirical:{test_run}", f"/api/test-runs/{test_run}/artifacts", None, add)

    def spec_seed(self) -> SpecSeed:
        """A test run with two artifacts, and two project resources."""
        number = self.next_sample_number()
        run = 20_000 + number
        self.add_artifact(run, "data/login/video.webm", b"v")
        self.add_artifact(run, "data/login/trace.zip", b"t")
        self.add_resource(f"doc-{number}-1.pdf", b"%PDF")
        self.add_resource(f"doc-{number}-2.pdf", b"%PDF")
        values = {"id": str(run), "key": "data/login/video.webm", "prefix": "data/"}
        return SpecSeed(values | {"suffix": ".webm"})

    def add_test_run(self, test_run_id: int) -> None:
        """Create a test run without artifacts (its listing is empty, not 404)."""
        with self._lock:
            self._runs.setdefault(test_run_id, {})

    def add_artifact(
        self,
        test_run_id: int,
        key: str,
        content: Blob,
        *,
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add (or replace) the artifact ``key`` of a test run; returns its JSON.

        ``extra`` fields (JSON values) are added to or override the rendered JSON
        only, e.g. ``{"size": "12"}``: filters still use ``key``.
        """
        artifact = _Artifact(
            key=key,
            url=self.storage.put(content, signed=False),
            size=blob_size(content),
            last_modified=timestamp(milliseconds=True),
            extra=dict(extra or {}),
        )
        with self._lock:
            self._runs.setdefault(test_run_id, {})[key] = artifact
        return _render_artifact(artifact)

    def add_resource(
        self,
        name: str,
        content: Blob,
        *,
        mime_type: str | None = None,
        status: str = "uploaded",
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add a project resource; returns its JSON. Only ``uploaded`` ones are listed.

        ``extra`` fields (JSON values) are added to or override the rendered
        JSON only, e.g. ``{"status": None}``: listing still uses the real status.
        """
        with self._lock:
            resource = _Resource(
                id=len(self._resources) + 1,
                name=name,
                storage_url=self.storage.put(content),
                mime_type=mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
                size_bytes=blob_size(content),
                status=status,
                created_at=timestamp(),
                extra=dict(extra or {}),
            )
            self._resources.append(resource)
        return self._render_resource(resource)

    # -- provider specifics -------------------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        return token_matches(bearer_token(request), self.token)

    def error_response(self, status: int, message: str) -> Response:
        return json_response(status, {"error": message})

    # -- routes -------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        return (
            Route.of("GET", "/api/test-runs/{id}/artifacts", self._artifacts),
            Route.of("GET", "/api/resources", self._list_resources),
        )

    def _artifacts(self, request: Request) -> Response:
        raw = request.param("id")
        digits = raw.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()) or abs(int(raw)) > MAX_SAFE_INTEGER:
            return self.error_response(400, "Invalid test run id")
        key, prefix, suffix = request.arg("key"), request.arg("prefix"), request.arg("suffix")
        with self._lock:
            run = self._runs.get(int(raw))
            if run is None:
                return self.error_response(404, "Test run not found")
            found = [
                run[name]
                for name in sorted(run)
                if (key is None or name == key)
                and name.startswith(prefix or "")
                and name.endswith(suffix or "")
            ]
        return json_response(200, {"data": {"artifacts": [_render_artifact(a) for a in found]}})

    def _list_resources(self, request: Request) -> Response:
        try:
            number = int_parameter(request, "page", default=1, minimum=1)
            per_page = int_parameter(
                request, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE
            )
        except InvalidParameterError as error:
            return self.error_response(400, error.message)
        with self._lock:
            uploaded = [r for r in self._resources if r.status == "uploaded"]
        page = paginate(uploaded, number, per_page)
        total_pages = page.total_pages
        if self.pagination_fault == "endless":
            total_pages = ENDLESS_TOTAL_PAGES
        elif self.pagination_fault == "loop" and uploaded:
            if number > total_pages:
                page = paginate(uploaded, (number - 1) % total_pages + 1, per_page)
            total_pages += 1
        # A faulty listing's total agrees with its page count, so that neither can be trusted.
        total = page.total if total_pages == page.total_pages else total_pages * per_page
        return json_response(
            200,
            {
                "data": {"resources": [self._render_resource(r) for r in page.items]},
                "pagination": {
                    "page": page.number,
                    "per_page": page.per_page,
                    "total": total,
                    "total_pages": total_pages,
                },
            },
        )

    def _render_resource(self, resource: _Resource) -> dict[str, object]:
        return {
            "id": resource.id,
            "project_id": self.project_id,
            "name": resource.name,
            "url": self.storage.presign(resource.storage_url),
            "description": None,
            "mime_type": resource.mime_type,
            "size_bytes": resource.size_bytes,
            "status": resource.status,
            "created_by": self.created_by,
            "created_at": resource.created_at,
            "updated_at": resource.created_at,
            **resource.extra,
        }


def _render_artifact(artifact: _Artifact) -> dict[str, object]:
    return {
        "key": artifact.key,
        "url": artifact.url,
        "size": artifact.size,
        "last_modified": artifact.last_modified,
        **artifact.extra,
    }


FAKE = FakeEmpirical
