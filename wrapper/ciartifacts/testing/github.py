"""A fake of the GitHub Actions artifact and workflow-run endpoints (``specs/github.yaml``)."""

import base64
import contextlib
import datetime
import functools
import hashlib
import io
import math
import re
import secrets
import string
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeVar
from urllib.parse import quote, urlencode

from ciartifacts.testing.auth import token_matches
from ciartifacts.testing.messages import Request, Response, Route, empty_response, json_response
from ciartifacts.testing.samples import SampleHistory, SampleRun, SpecSeed
from ciartifacts.testing.server import FakeAPI
from ciartifacts.testing.storage import Blob, FakeStorage, SyntheticBlob, blob_chunks, blob_size
from ciartifacts.testing.tls import FakeCA

__all__ = ["FakeGitHub", "build_zip"]

API_VERSION = "2022-11-28"
SUPPORTED_API_VERSIONS = frozenset({"2022-11-28", "2026-03-10"})
RATE_LIMIT = 5000
RATE_WINDOW_SECONDS = 3600.0
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
RETENTION = datetime.timedelta(days=90)
USER_ID = 583231
"""The id of the user the fake's token belongs to (GitHub quotes it in rate-limit messages)."""

DOCS = "https://docs.github.com/rest"
ARTIFACT_DOCS = "https://docs.github.com/rest/actions/artifacts"
RUN_DOCS = "https://docs.github.com/rest/actions/workflow-runs"
RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_RATE_LIMIT_DOCS = (
    "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api"
    "#about-secondary-rate-limits"
)
VERSION_DOCS = "https://docs.github.com/rest/about-the-rest-api/api-versions"
FORBIDDEN_MESSAGE = "Resource not accessible by personal access token"

ZIP_TIMESTAMP = (2026, 1, 1, 0, 0, 0)
"""Every member of a built zip has this modification time, so equal content zips identically."""
ZIP_CONTENT_TYPE = "application/zip"
FILE_CONTENT_TYPE = "application/octet-stream"

STATUS_FILTERS = frozenset(
    {
        "completed",
        "action_required",
        "cancelled",
        "failure",
        "neutral",
        "skipped",
        "stale",
        "success",
        "timed_out",
        "in_progress",
        "queued",
        "requested",
        "waiting",
        "pending",
    }
)
"""What the ``status`` filter of the run listings accepts: statuses and conclusions alike."""

_TOKEN_ALPHABET = string.ascii_letters + string.digits
_BASE_PATH = re.compile(r"(/[^/?#]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_T = TypeVar("_T")
Permission = Literal["write", "read", "none"]
_RepoKey = tuple[str, str]


def _new_token() -> str:
    """A classic personal access token's shape: ``ghp_`` and 36 base62 characters."""
    return "ghp_" + "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(36))


def _request_id() -> str:
    """GitHub's ``x-github-request-id`` shape, e.g. ``CDE4:1D2A:2A3F0B3:2B4C1D9:6956A1B2``."""
    return ":".join(secrets.token_hex(4)[:length].upper() for length in (4, 4, 7, 7, 8))


def _node_id(kind: str, number: int) -> str:
    """A legacy global node id, as in the docs' examples (``MDg6QXJ0aWZhY3QxMQ==``)."""
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _rfc3339(instant: datetime.datetime) -> str:
    return instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(value: datetime.datetime | str) -> datetime.datetime:
    """An aware UTC datetime, whole seconds, from a datetime or an ISO 8601 string."""
    parsed = (
        value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(value)
    )
    if parsed.tzinfo is None:
        raise ValueError("timestamps must carry a time zone (e.g. 2026-01-10T14:59:22Z)")
    return parsed.astimezone(datetime.UTC).replace(microsecond=0)


def build_zip(members: Mapping[str, bytes]) -> bytes:
    """A zip of ``members`` (name -> content) as upload-artifact builds one: deflated, in order.

    Every member gets the same timestamp (:data:`ZIP_TIMESTAMP`) and mode 0644, so the
    same members always give the same bytes (and the same digest). Names are written as
    given, ``../x`` included, for tests of hostile archives.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@functools.lru_cache(maxsize=64)
def _synthetic_sha256(size: int, seed: int) -> str:
    digest = hashlib.sha256()
    for chunk in blob_chunks(SyntheticBlob(size, seed)):
        digest.update(chunk)
    return digest.hexdigest()


def _blob_sha256(blob: Blob) -> str:
    if isinstance(blob, SyntheticBlob):
        return _synthetic_sha256(blob.size, blob.seed)
    return hashlib.sha256(blob).hexdigest()


class _InvalidFilterError(ValueError):
    """A run-listing filter GitHub cannot apply (answered 422)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _bound(text: str) -> tuple[datetime.datetime, datetime.datetime]:
    """``[start, end)`` of a date (the whole day) or a date-time (that second), in UTC."""
    if _DATE.fullmatch(text):
        start = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)
        return start, start + datetime.timedelta(days=1)
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    moment = moment.astimezone(datetime.UTC)
    return moment, moment + datetime.timedelta(seconds=1)


def _created_range(text: str) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The ``created`` filter (GitHub's search date syntax) as a half-open ``[start, end)``."""
    try:
        if ".." in text:
            low, _, high = text.partition("..")
            start = None if low == "*" else _bound(low)[0]
            end = None if high == "*" else _bound(high)[1]
            return start, end
        for operator, pick in ((">=", 0), ("<=", 1), (">", 1), ("<", 0)):
            if text.startswith(operator):
                edge = _bound(text[len(operator) :])[pick]
                return (edge, None) if operator.startswith(">") else (None, edge)
        return _bound(text)
    except ValueError:
        raise _InvalidFilterError("created") from None


@dataclass
class _Repo:
    id: int
    owner: str
    name: str
    workflows: dict[str, int] = field(default_factory=dict)
    """Workflow file name -> workflow id."""
    run_ids: list[int] = field(default_factory=list)
    artifact_ids: list[int] = field(default_factory=list)


@dataclass
class _Run:
    id: int
    repo: _RepoKey
    workflow: str
    workflow_id: int
    run_number: int
    run_attempt: int
    check_suite_id: int
    branch: str | None
    head_sha: str
    status: str
    conclusion: str | None
    event: str
    actor: str
    display_title: str
    created_at: datetime.datetime
    extra: dict[str, object]
    artifact_ids: list[int] = field(default_factory=list)


@dataclass
class _Artifact:
    id: int
    repo: _RepoKey
    run_id: int
    name: str
    size: int
    digest: str | None
    storage_url: str
    zipped: bool
    created_at: datetime.datetime
    expires_at: datetime.datetime
    expired: bool
    extra: dict[str, object]


class _Window:
    """Fixed rate-limit windows, each starting with the first request after the last one ended.

    GitHub reports a window's end as an epoch second (``x-ratelimit-reset``): it is fixed
    when the window starts, rounded up so that a client waiting until then is past it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._end = 0.0  # time.monotonic() when the current window ends
        self._reset_epoch = 0
        self._used = 0

    def admit(self, seconds: float) -> tuple[int, int]:
        """Count one request: (requests counted in its window, the window's reset epoch)."""
        with self._lock:
            self._roll(seconds)
            self._used += 1
            return self._used, self._reset_epoch

    def peek(self, seconds: float) -> tuple[int, int]:
        """(requests counted in the current window, its reset epoch), without counting."""
        with self._lock:
            if time.monotonic() >= self._end:
                return 0, math.ceil(time.time() + seconds)
            return self._used, self._reset_epoch

    def _roll(self, seconds: float) -> None:
        now = time.monotonic()
        if now >= self._end:
            self._end, self._used = now + seconds, 0
            self._reset_epoch = math.ceil(time.time() + seconds)


class FakeGitHub(FakeAPI):
    """GitHub's Actions artifact and workflow-run REST endpoints (API version 2022-11-28).

    Authentication: ``Authorization: Bearer <token>`` or ``Authorization: token
    <token>`` with :attr:`token` (``ghp_`` and 36 characters unless given);
    without a credential 401 ``Requires authentication``, with a wrong one 401
    ``Bad credentials``. A request whose ``X-GitHub-Api-Version`` names a version
    GitHub does not serve answers 400. Errors are ``{"message", "documentation_url",
    "status"}`` and every answer carries ``x-github-request-id`` and the
    ``x-ratelimit-*`` headers.

    ``base_path=""`` plays github.com (``base_url`` is the bare origin);
    ``base_path="/api/v3"`` plays GitHub Enterprise Server. Every route is also
    served in GitHub's repository-id form (``/repositories/{id}/actions/...``),
    which is what the ``Link`` headers point to, as GitHub's do. Owner and
    repository names match case-insensitively; JSON keeps the seeded spelling.

    Seeding: :meth:`add_run` and :meth:`add_artifact` (which creates the run when
    needed). Artifacts are zips built by the fake (:func:`build_zip`) served as
    ``application/zip``, or single files stored unzipped (upload-artifact v7
    ``archive: false``) served as ``application/octet-stream``; ``size_in_bytes``
    and ``digest`` describe the stored blob. Ids exceed 2**31, as GitHub's do.
    Unknown repositories, runs, workflows and artifacts answer 404.

    Listings are newest first (run artifacts: ``direction=asc`` for oldest
    first), page with ``page``/``per_page`` and a ``Link`` header (``prev``,
    ``next``, ``last``, ``first``, in GitHub's order), and report ``total_count``.
    Like GitHub, bad page parameters are not refused: ``per_page`` above 100 means
    100, a missing, non-numeric, zero or negative one 30; a bad ``page`` means 1.
    The run listings filter by ``branch``, ``event``, ``actor``, ``head_sha``,
    ``check_suite_id``, ``created`` (GitHub's date syntax) and ``status``, which
    matches a run's status or its conclusion; an unknown ``status``, a malformed
    ``created`` or a non-numeric ``check_suite_id`` answer 422 (GitHub's answer
    there is a guess).

    :attr:`pagination_fault` (None by default) makes every listing page badly:
    ``"endless"``: the last page (and any past it, empty) links ``rel="next"`` to
    one more; ``"loop"``: the last page (or any past it) links ``rel="next"`` back
    to page 1, even a listing that fits on one page.

    Downloads answer 302 (no body) to a fresh signed storage URL, or 410 for an
    expired artifact. :attr:`actions_permission` is the token's "Actions"
    permission: ``"read"`` makes deleting answer 403, ``"none"`` everything.

    Rate limits are decorative unless ``rate_limit`` is given: every answer
    reports 5,000 requests per hour (``x-ratelimit-reset`` the epoch second the
    window ends, ``x-ratelimit-resource: core``), nothing is refused. With
    ``rate_limit=N`` (``rate_window`` seconds, default 3600) they are enforced in
    fixed windows: every request under the base path counts (before
    authentication; injected answers do not), the first ``N`` of a window are
    served and the others answer GitHub's primary-limit 403 with
    ``x-ratelimit-remaining: 0`` (counted in :attr:`rate_limited_count`). Both
    attributes can be changed at any time. :meth:`rate_limit_next` and
    :meth:`secondary_rate_limit_next` answer GitHub's secondary limit (403 or
    429 with ``retry-after``), :meth:`primary_rate_limit_next` an exhausted primary
    limit.
    """

    name: ClassVar[str] = "github"
    token_prefix: ClassVar[str] = "ghp_"
    unauthorized_message: ClassVar[str] = "Bad credentials"
    paged_kinds: ClassVar[tuple[str, ...]] = ("run",)
    undownloadable_states: ClassVar[tuple[str, ...]] = ("expired",)
    lists_checksums: ClassVar[bool] = True

    def __init__(
        self,
        storage: FakeStorage,
        *,
        token: str | None = None,
        latency: float = 0.0,
        tls: bool | FakeCA = False,
        rate_limit: int | None = None,
        rate_window: float = RATE_WINDOW_SECONDS,
        base_path: str = "",
    ) -> None:
        token = token if token is not None else _new_token()
        super().__init__(storage, token=token, latency=latency, tls=tls)
        if (rate_limit is not None and rate_limit < 1) or rate_window <= 0:
            raise ValueError("rate_limit must be at least 1 and rate_window positive")
        if not _BASE_PATH.fullmatch(base_path):
            raise ValueError('base_path must be "" or start with "/" and not end with one')
        # FakeServer declares base_path on the class; this fake sets it per instance.
        self.__dict__["base_path"] = base_path
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.actions_permission: Permission = "write"
        self._window = _Window()
        self._refused = 0
        self._repos: dict[_RepoKey, _Repo] = {}
        self._repos_by_id: dict[int, _RepoKey] = {}
        self._runs: dict[int, _Run] = {}
        self._artifacts: dict[int, _Artifact] = {}
        self._next_repo_id = 700_000_001
        self._next_workflow_id = 100_000_001
        self._next_run_id = 12_000_000_001
        self._next_check_suite_id = 30_000_000_001
        self._next_artifact_id = 4_000_000_001
        self._run_numbers: dict[int, int] = {}
        self._clock = datetime.datetime.min.replace(tzinfo=datetime.UTC)

    # -- seeding ------------------------------------------------------------------------------

    def add_run(
        self,
        owner: str,
        repo: str,
        run_id: int | None = None,
        *,
        branch: str | None = "main",
        status: str = "completed",
        conclusion: str | None = "success",
        workflow: str = "ci.yml",
        event: str = "push",
        run_attempt: int = 1,
        head_sha: str | None = None,
        created_at: datetime.datetime | str | None = None,
        actor: str = "octocat",
        display_title: str | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> int:
        """Create a workflow run of ``workflow`` (a file name) in ``owner/repo``; returns its id.

        Ids increase (the next one is above every id seen); ``run_number`` counts the
        workflow's runs. ``created_at`` (aware datetime or ISO 8601 string) defaults to
        now, and each default is at least one second after the previous one, so "newest
        first" is always well defined (seeding many at once runs a few seconds ahead of
        the wall clock). ``conclusion`` is reported only for completed runs (null
        otherwise, as GitHub does). ``head_sha`` defaults to a random one; ``extra``
        fields (JSON values) are added to or override the rendered JSON only.
        """
        if run_attempt < 1:
            raise ValueError("run_attempt starts at 1")
        if "/" in workflow or not workflow:
            raise ValueError("workflow is a file name, such as ci.yml")
        with self._lock:
            if run_id is None:
                run_id = self._next_run_id
            elif run_id < 1:
                raise ValueError("run ids are positive")
            elif run_id in self._runs:
                raise ValueError(f"run {run_id} already exists")
            self._next_run_id = max(self._next_run_id, run_id + 1)
            key = self._repo(owner, repo)
            record = self._repos[key]
            workflow_id = record.workflows.get(workflow)
            if workflow_id is None:
                workflow_id = record.workflows[workflow] = self._next_workflow_id
                self._next_workflow_id += 1
            number = self._run_numbers.get(workflow_id, 0) + 1
            self._run_numbers[workflow_id] = number
            run = _Run(
                id=run_id,
                repo=key,
                workflow=workflow,
                workflow_id=workflow_id,
                run_number=number,
                run_attempt=run_attempt,
                check_suite_id=self._next_check_suite_id,
                branch=branch,
                head_sha=head_sha if head_sha is not None else secrets.token_hex(20),
                status=status,
                conclusion=conclusion if status == "completed" else None,
                event=event,
                actor=actor,
                display_title=display_title if display_title is not None else f"Run {number}",
                created_at=self._stamp(created_at),
                extra=dict(extra or {}),
            )
            self._next_check_suite_id += 1
            self._runs[run_id] = run
            record.run_ids.append(run_id)
            return run_id

    def add_artifact(
        self,
        owner: str,
        repo: str,
        run_id: int,
        name: str,
        content: Blob | Mapping[str, bytes],
        *,
        zipped: bool = True,
        expired: bool = False,
        digest: bool | str = True,
        created_at: datetime.datetime | str | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """Add an artifact to run ``run_id`` of ``owner/repo``; returns its JSON.

        The run is created (with :meth:`add_run`'s defaults) if it does not exist.
        With ``zipped=True`` the fake stores a zip built by :func:`build_zip`: of
        ``content`` when it is a mapping (member name -> bytes), else of one member
        named like the artifact. With ``zipped=False`` (upload-artifact v7 ``archive:
        false``) ``content`` is the single file itself (bytes, or a
        :class:`SyntheticBlob` for large files) and ``name`` is the file's name.
        ``size_in_bytes`` is the stored blob's size and ``digest`` ``sha256:<hex>``
        of it; ``digest=False`` reports null, as for artifacts uploaded before
        upload-artifact v4, and a string is reported as given (for mismatch tests).
        An ``expired`` artifact is listed (``expired: true``, ``expires_at`` in the
        past, ``created_at`` 91 days ago by default) and answers 410 on download.
        ``extra`` fields (JSON values) are added to or override the rendered JSON only.
        """
        blob, content_type = self._blob(name, content, zipped=zipped)
        reported_digest = (
            digest
            if isinstance(digest, str)
            else f"sha256:{_blob_sha256(blob)}"
            if digest
            else None
        )
        storage_url = self.storage.put(blob, content_type=content_type)
        with self._lock:
            run = self._runs.get(run_id)
            if run is None:
                self.add_run(owner, repo, run_id)
                run = self._runs[run_id]
            elif run.repo != self._key(owner, repo):
                raise ValueError(f"run {run_id} belongs to another repository")
            now = _now()
            if created_at is not None:
                created = self._stamp(created_at)
            elif expired:
                created = now - RETENTION - datetime.timedelta(days=1)
            else:
                created = self._stamp(None)
            expires = created + RETENTION
            if expired:
                expires = min(expires, now - datetime.timedelta(seconds=1))
            artifact = _Artifact(
                id=self._next_artifact_id,
                repo=run.repo,
                run_id=run_id,
                name=name,
                size=blob_size(blob),
                digest=reported_digest,
                storage_url=storage_url,
                zipped=zipped,
                created_at=created,
                expires_at=expires,
                expired=expired,
                extra=dict(extra or {}),
            )
            self._next_artifact_id += 1
            self._artifacts[artifact.id] = artifact
            self._repos[run.repo].artifact_ids.append(artifact.id)
            run.artifact_ids.append(artifact.id)
            return self._render_artifact(artifact, self.base_url)

    def sample_run(self, kind: str | None = None) -> SampleRun:
        """A new run in a repository of its own; ``run.add`` adds single files, unzipped, and
        ``run.add_archive`` zips of several."""
        self.check_sample_kind(kind)
        owner, repo = "acme", f"sample-{self.next_sample_number()}"
        run_id = self.add_run(owner, repo, workflow="sample.yml")

        def add(path: str, content: bytes, state: str | None, corrupt: bool) -> tuple[str, str]:
            if state not in (None, "expired"):
                raise ValueError(f"GitHub artifacts are active or expired, not {state!r}")
            digest: bool | str = True
            if corrupt:
                digest = "sha256:" + hashlib.sha256(content + b"corrupted").hexdigest()
            self.add_artifact(
                owner,
                repo,
                run_id,
                path,
                content,
                zipped=False,
                expired=state is not None,
                digest=digest,
            )
            return path, path

        def add_zip(name: str, members: Mapping[str, bytes]) -> tuple[str, bytes]:
            self.add_artifact(owner, repo, run_id, name, dict(members))
            return name, build_zip(members)  # the same members always zip to the same bytes

        listing = f"{self.base_path}/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts"
        return SampleRun(
            f"github:{owner}/{repo}/{run_id}", listing, MAX_PER_PAGE, add, archive_adder=add_zip
        )

    def sample_history(self) -> SampleHistory:
        """Run 3 is re-run: its id stays, its second attempt succeeds and uploads ``run.txt``
        again; the newer artifact of the name is the one to get."""
        owner, repo = "acme", f"history-{self.next_sample_number()}"
        files: dict[str, dict[str, bytes]] = {}
        ids = []
        seeds = [("main", "success"), ("feature", "success"), ("main", "success")]
        for index, (branch, conclusion) in enumerate(seeds, start=1):
            run_id = self.add_run(owner, repo, branch=branch, conclusion=conclusion)
            ids.append(run_id)
            content = f"run {index}".encode()
            if index == 3:
                self.add_artifact(owner, repo, run_id, "run.txt", b"attempt 1", zipped=False)
                with self._lock:
                    self._runs[run_id].run_attempt = 2
            self.add_artifact(owner, repo, run_id, "run.txt", content, zipped=False)
            files[f"github:{owner}/{repo}/{run_id}"] = {"run.txt": content}
        running = self.add_run(owner, repo, branch="main", status="in_progress", conclusion=None)
        ids.append(running)
        self.add_artifact(owner, repo, running, "run.txt", b"run 4", zipped=False)
        files[f"github:{owner}/{repo}/{running}"] = {"run.txt": b"run 4"}

        def refs(*indexes: int) -> list[str]:
            return [f"github:{owner}/{repo}/{ids[index - 1]}" for index in indexes]

        latest = f"github:{owner}/{repo}/latest"
        return SampleHistory(
            {
                "newest": (latest, refs(4, 3, 2, 1)),
                "green on main": (f"{latest}?branch=main&status=success", refs(3, 1)),
                "none": (f"{latest}?branch=no-such-branch", []),
            },
            files,
        )

    def spec_seed(self) -> SpecSeed:
        """Two runs of ci.yml, a zipped and a single-file artifact; no Actions permission
        refuses."""
        owner = f"spec-{self.next_sample_number()}"
        run = self.add_run(owner, "repo", branch="main", workflow="ci.yml")
        self.add_run(owner, "repo", branch="main", workflow="ci.yml")
        first = self.add_artifact(owner, "repo", run, "dist", {"a.txt": b"a"})
        self.add_artifact(owner, "repo", run, "report.xml", b"<xml/>", zipped=False)

        @contextlib.contextmanager
        def no_permission() -> Iterator[None]:
            saved, self.actions_permission = self.actions_permission, "none"
            try:
                yield
            finally:
                self.actions_permission = saved

        values = {"owner": owner, "repo": "repo", "run_id": str(run), "workflow_id": "ci.yml"}
        values |= {"artifact_id": str(first["id"]), "archive_format": "zip", "branch": "main"}
        return SpecSeed(values, no_permission)

    def expire_artifact(self, artifact_id: int) -> None:
        """Let the artifact expire now: listed with ``expired: true``, 410 on download."""
        with self._lock:
            artifact = self._artifacts[artifact_id]
            now = _now()
            artifact.expired = True
            artifact.expires_at = max(artifact.created_at, now - datetime.timedelta(seconds=1))

    def repository_id(self, owner: str, repo: str) -> int:
        """The numeric id of a seeded repository (what ``Link`` URLs and artifacts carry)."""
        with self._lock:
            return self._repos[self._key(owner, repo)].id

    def workflow_id(self, owner: str, repo: str, workflow: str) -> int:
        """The numeric id of a seeded workflow (by file name)."""
        with self._lock:
            return self._repos[self._key(owner, repo)].workflows[workflow]

    @staticmethod
    def _key(owner: str, repo: str) -> _RepoKey:
        return owner.lower(), repo.lower()

    def _repo(self, owner: str, repo: str) -> _RepoKey:
        """The key of ``owner/repo``, created on first use."""
        key = self._key(owner, repo)
        if key not in self._repos:
            record = _Repo(id=self._next_repo_id, owner=owner, name=repo)
            self._next_repo_id += 1
            self._repos[key] = record
            self._repos_by_id[record.id] = key
        return key

    def _stamp(self, given: datetime.datetime | str | None) -> datetime.datetime:
        """``given`` as an instant, or now: each default strictly after every earlier stamp."""
        if given is not None:
            instant = _instant(given)
        else:
            instant = max(_now(), self._clock + datetime.timedelta(seconds=1))
        self._clock = max(self._clock, instant)
        return instant

    @staticmethod
    def _blob(name: str, content: Blob | Mapping[str, bytes], *, zipped: bool) -> tuple[Blob, str]:
        if not zipped:
            if isinstance(content, Mapping):
                raise TypeError("an unzipped artifact is one file: give its bytes, not members")
            return content, FILE_CONTENT_TYPE
        if isinstance(content, SyntheticBlob):
            raise TypeError("a SyntheticBlob can only be an unzipped artifact (zipped=False)")
        members = content if isinstance(content, Mapping) else {name: content}
        return build_zip(members), ZIP_CONTENT_TYPE

    # -- provider specifics -------------------------------------------------------------------

    def authenticated(self, request: Request) -> bool:
        return token_matches(_credential(request), self.token)

    def error_response(self, status: int, message: str) -> Response:
        return self._error(status, message, DOCS)

    def rate_limited_response(self) -> Response:
        """GitHub's secondary rate limit: 403 with ``retry-after: 1``."""
        return self._secondary_limit(403, 1)

    def _error(
        self,
        status: int,
        message: str,
        documentation_url: str,
        *,
        headers: Sequence[tuple[str, str]] = (),
    ) -> Response:
        body = {"message": message, "documentation_url": documentation_url, "status": str(status)}
        return json_response(status, body, headers=headers)

    def _secondary_limit(self, status: int, retry_after: int) -> Response:
        request_id = _request_id()
        message = (
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
            "again. If you reach out to GitHub Support for help, please include the request ID "
            f"{request_id}."
        )
        headers = (("retry-after", str(retry_after)), ("x-github-request-id", request_id))
        return self._error(status, message, SECONDARY_RATE_LIMIT_DOCS, headers=headers)

    def _primary_limit(self, limit: int, reset_epoch: int) -> Response:
        request_id = _request_id()
        moment = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        message = (
            f"API rate limit exceeded for user ID {USER_ID}. If you reach out to GitHub Support "
            f"for help, please include the request ID {request_id} and timestamp {moment}."
        )
        headers = (
            ("x-ratelimit-limit", str(limit)),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-used", str(limit)),
            ("x-ratelimit-reset", str(reset_epoch)),
            ("x-ratelimit-resource", "core"),
            ("x-github-request-id", request_id),
        )
        return self._error(403, message, RATE_LIMIT_DOCS, headers=headers)

    def secondary_rate_limit_next(
        self, count: int = 1, *, status: int = 403, retry_after: int = 1
    ) -> None:
        """Answer the next ``count`` requests with GitHub's secondary rate limit.

        ``status`` 403 (what GitHub usually sends) or 429, with ``retry-after:
        retry_after``; the ``x-ratelimit-*`` headers stay those of the primary limit.
        """
        if status not in {403, 429}:
            raise ValueError("GitHub answers a secondary rate limit with 403 or 429")
        if retry_after < 0:
            raise ValueError("retry_after must not be negative")
        self.inject(lambda: self._secondary_limit(status, retry_after), count=count)

    def primary_rate_limit_next(self, count: int = 1) -> None:
        """Answer the next ``count`` requests as if the primary limit were used up.

        403, ``x-ratelimit-remaining: 0``, ``x-ratelimit-reset`` one second from now
        (rounded up to the next epoch second), no ``retry-after``.
        """
        self.inject(
            lambda: self._primary_limit(self._limits()[0], math.ceil(time.time() + 1)),
            count=count,
        )

    @property
    def rate_limited_count(self) -> int:
        """How many requests the enforced ``rate_limit`` refused with 403."""
        with self._lock:
            return self._refused

    def _limits(self) -> tuple[int, float]:
        if self.rate_limit is None:
            return RATE_LIMIT, RATE_WINDOW_SECONDS
        return self.rate_limit, self.rate_window

    def before_route(self, request: Request) -> Response | None:
        # Counted and refused together (concurrent requests cannot slip past the limit),
        # before the handler runs: a refused DELETE deletes nothing.
        limit, seconds = self._limits()
        used, reset_epoch = self._window.admit(seconds)
        if self.rate_limit is not None and used > self.rate_limit:
            with self._lock:
                self._refused += 1
            return self._primary_limit(limit, reset_epoch)
        version = request.header("x-github-api-version")
        if version is not None and version not in SUPPORTED_API_VERSIONS:
            message = f"Unsupported 'X-GitHub-Api-Version' header value: {version}."
            return self._error(400, message, VERSION_DOCS)
        if not self.authenticated(request):
            missing = request.header("authorization") is None
            message = "Requires authentication" if missing else self.unauthorized_message
            return self.error_response(401, message)
        if self.actions_permission == "none":
            return self._error(403, FORBIDDEN_MESSAGE, DOCS)
        return None

    def decorate(self, request: Request, response: Response) -> Response:
        limit, seconds = self._limits()
        used, reset_epoch = self._window.peek(seconds)
        return response.with_headers(
            ("x-ratelimit-limit", str(limit)),
            ("x-ratelimit-remaining", str(max(0, limit - used))),
            ("x-ratelimit-used", str(min(used, limit))),
            ("x-ratelimit-reset", str(reset_epoch)),
            ("x-ratelimit-resource", "core"),
            ("x-github-request-id", _request_id()),
            ("x-github-api-version-selected", API_VERSION),
        )

    # -- routes -------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        table: list[Route] = []
        for prefix in ("/repos/{owner}/{repo}", "/repositories/{repository_id}"):
            artifact = prefix + "/actions/artifacts/{artifact_id}"
            table += [
                Route.of("GET", prefix + "/actions/artifacts", self._list_repo_artifacts),
                Route.of("GET", artifact, self._get_artifact),
                Route.of("DELETE", artifact, self._delete_artifact),
                Route.of("GET", artifact + "/{archive_format}", self._download_artifact),
                Route.of("GET", prefix + "/actions/runs", self._list_repo_runs),
                Route.of(
                    "GET", prefix + "/actions/runs/{run_id}/artifacts", self._list_run_artifacts
                ),
                Route.of(
                    "GET",
                    prefix + "/actions/workflows/{workflow_id}/runs",
                    self._list_workflow_runs,
                ),
            ]
        return table

    def _find_repo(self, request: Request) -> _Repo | None:
        if "repository_id" in request.params:
            number = _number(request.param("repository_id"))
            key = self._repos_by_id.get(number) if number is not None else None
        else:
            key = self._key(request.param("owner"), request.param("repo"))
        return self._repos.get(key) if key is not None else None

    def _find_artifact(self, request: Request) -> _Artifact | None:
        repo = self._find_repo(request)
        number = _number(request.param("artifact_id"))
        artifact = self._artifacts.get(number) if number is not None else None
        if repo is None or artifact is None or artifact.repo != self._key(repo.owner, repo.name):
            return None
        return artifact

    def _not_found(self, documentation_url: str) -> Response:
        return self._error(404, "Not Found", documentation_url)

    def _list_repo_artifacts(self, request: Request) -> Response:
        with self._lock:
            repo = self._find_repo(request)
            if repo is None:
                return self._not_found(f"{ARTIFACT_DOCS}#list-artifacts-for-a-repository")
            found = [self._artifacts[i] for i in repo.artifact_ids]
        return self._artifact_page(request, repo, found, newest_first=True)

    def _list_run_artifacts(self, request: Request) -> Response:
        with self._lock:
            repo = self._find_repo(request)
            number = _number(request.param("run_id"))
            run = self._runs.get(number) if number is not None else None
            if repo is None or run is None or run.repo != self._key(repo.owner, repo.name):
                return self._not_found(f"{ARTIFACT_DOCS}#list-workflow-run-artifacts")
            found = [self._artifacts[i] for i in run.artifact_ids]
        return self._artifact_page(
            request, repo, found, newest_first=request.arg("direction") != "asc"
        )

    def _artifact_page(
        self, request: Request, repo: _Repo, artifacts: list[_Artifact], *, newest_first: bool
    ) -> Response:
        wanted = request.arg("name")
        found = [a for a in artifacts if wanted is None or a.name == wanted]
        found.sort(key=lambda a: (a.created_at, a.id), reverse=newest_first)
        items, link = self._page(request, repo, found)
        base = self.request_base_url(request)
        body = {
            "total_count": len(found),
            "artifacts": [self._render_artifact(a, base) for a in items],
        }
        return json_response(200, body, headers=(("Link", link),) if link else ())

    def _get_artifact(self, request: Request) -> Response:
        with self._lock:
            artifact = self._find_artifact(request)
        if artifact is None:
            return self._not_found(f"{ARTIFACT_DOCS}#get-an-artifact")
        return json_response(200, self._render_artifact(artifact, self.request_base_url(request)))

    def _delete_artifact(self, request: Request) -> Response:
        documentation_url = f"{ARTIFACT_DOCS}#delete-an-artifact"
        if self.actions_permission != "write":
            return self._error(403, FORBIDDEN_MESSAGE, documentation_url)
        with self._lock:
            artifact = self._find_artifact(request)
            if artifact is None:
                return self._not_found(documentation_url)
            del self._artifacts[artifact.id]
            self._repos[artifact.repo].artifact_ids.remove(artifact.id)
            self._runs[artifact.run_id].artifact_ids.remove(artifact.id)
        self.storage.delete(artifact.storage_url)
        return empty_response(204)

    def _download_artifact(self, request: Request) -> Response:
        documentation_url = f"{ARTIFACT_DOCS}#download-an-artifact"
        with self._lock:
            artifact = self._find_artifact(request)
        if artifact is None or request.param("archive_format") != "zip":
            return self._not_found(documentation_url)
        if artifact.expired:
            return self._error(410, "Artifact has expired", documentation_url)
        location = self.storage.presign(artifact.storage_url)
        return empty_response(302, headers=(("Location", location),))

    def _list_repo_runs(self, request: Request) -> Response:
        documentation_url = f"{RUN_DOCS}#list-workflow-runs-for-a-repository"
        with self._lock:
            repo = self._find_repo(request)
            if repo is None:
                return self._not_found(documentation_url)
            runs = [self._runs[i] for i in repo.run_ids]
        return self._run_page(request, repo, runs, documentation_url)

    def _list_workflow_runs(self, request: Request) -> Response:
        documentation_url = f"{RUN_DOCS}#list-workflow-runs-for-a-workflow"
        wanted = request.param("workflow_id")
        with self._lock:
            repo = self._find_repo(request)
            if repo is None:
                return self._not_found(documentation_url)
            number = _number(wanted)
            workflow_ids = set(repo.workflows.values())
            workflow_id = number if number in workflow_ids else repo.workflows.get(wanted)
            if workflow_id is None:
                return self._not_found(documentation_url)
            runs = [r for i in repo.run_ids if (r := self._runs[i]).workflow_id == workflow_id]
        return self._run_page(request, repo, runs, documentation_url)

    def _run_page(
        self, request: Request, repo: _Repo, runs: list[_Run], documentation_url: str
    ) -> Response:
        try:
            keep = _run_filter(request)
        except _InvalidFilterError as error:
            refusal = {
                "message": "Validation Failed",
                "errors": [{"resource": "WorkflowRun", "field": error.name, "code": "invalid"}],
                "documentation_url": documentation_url,
                "status": "422",
            }
            return json_response(422, refusal)
        found = sorted(filter(keep, runs), key=lambda r: (r.created_at, r.id), reverse=True)
        items, link = self._page(request, repo, found)
        base = self.request_base_url(request)
        body = {
            "total_count": len(found),
            "workflow_runs": [self._render_run(run, base) for run in items],
        }
        return json_response(200, body, headers=(("Link", link),) if link else ())

    def _page(self, request: Request, repo: _Repo, items: list[_T]) -> tuple[list[_T], str | None]:
        """This request's page of ``items`` and its ``Link`` header (None for a single page)."""
        per_page = _lenient_int(request.arg("per_page"), DEFAULT_PER_PAGE)
        per_page = DEFAULT_PER_PAGE if per_page < 1 else min(per_page, MAX_PER_PAGE)
        page = max(1, _lenient_int(request.arg("page"), 1))
        start = (page - 1) * per_page
        last = math.ceil(len(items) / per_page)
        # GitHub's links use the repository-id form of the path.
        tail = request.path.split("/", 3 if "repository_id" in request.params else 4)[-1]
        origin = self.request_base_url(request)
        url = f"{origin}/repositories/{repo.id}/{tail}"
        kept = [(k, v) for k, values in request.query.items() if k != "page" for v in values]

        def link(number: int, rel: str) -> str:
            return f'<{url}?{urlencode([*kept, ("page", str(number))])}>; rel="{rel}"'

        links: list[str] = []
        fault = self.pagination_fault
        if fault == "endless" and page >= last:
            # Past the real items: empty pages that always announce one more.
            links = [link(page + 1, "next"), link(page + 1, "last")]
        elif fault == "loop" and page >= last:
            links = [link(1, "next"), link(max(last, 1), "last")]
        elif last > 1 or (last == 1 and page > 1):
            if page > 1:
                links.append(link(min(page - 1, last), "prev"))
            if page < last:
                links += [link(page + 1, "next"), link(last, "last")]
            if page > 1:
                links.append(link(1, "first"))
        return items[start : start + per_page], ", ".join(links) or None

    # -- rendering ----------------------------------------------------------------------------

    def _render_artifact(self, artifact: _Artifact, base_url: str) -> dict[str, object]:
        repo = self._repos[artifact.repo]
        run = self._runs[artifact.run_id]
        url = f"{_repo_url(base_url, repo)}/actions/artifacts/{artifact.id}"
        rendered: dict[str, object] = {
            "id": artifact.id,
            "node_id": _node_id("Artifact", artifact.id),
            "name": artifact.name,
            "size_in_bytes": artifact.size,
            "url": url,
            "archive_download_url": f"{url}/zip",
            "expired": artifact.expired,
            "created_at": _rfc3339(artifact.created_at),
            "expires_at": _rfc3339(artifact.expires_at),
            "updated_at": _rfc3339(artifact.created_at),
            "digest": artifact.digest,
            "workflow_run": {
                "id": run.id,
                "repository_id": repo.id,
                "head_repository_id": repo.id,
                "head_branch": run.branch,
                "head_sha": run.head_sha,
            },
        }
        rendered.update(artifact.extra)
        return rendered

    def _render_run(self, run: _Run, base_url: str) -> dict[str, object]:
        repo = self._repos[run.repo]
        api = _repo_url(base_url, repo)
        html = f"{base_url.removesuffix(self.base_path)}/{quote(repo.owner)}/{quote(repo.name)}"
        url = f"{api}/actions/runs/{run.id}"
        created = _rfc3339(run.created_at)
        user = _user(run.actor, base_url)
        repository = {
            "id": repo.id,
            "node_id": _node_id("Repository", repo.id),
            "name": repo.name,
            "full_name": f"{repo.owner}/{repo.name}",
            "private": True,
            "owner": _user(repo.owner, base_url),
            "html_url": html,
            "fork": False,
            "url": api,
        }
        previous = f"{url}/attempts/{run.run_attempt - 1}" if run.run_attempt > 1 else None
        rendered: dict[str, object] = {
            "id": run.id,
            "name": run.workflow.rsplit(".", 1)[0],
            "node_id": _node_id("Workflow Run", run.id),
            "check_suite_id": run.check_suite_id,
            "check_suite_node_id": _node_id("CheckSuite", run.check_suite_id),
            "head_branch": run.branch,
            "head_sha": run.head_sha,
            "path": f".github/workflows/{run.workflow}",
            "display_title": run.display_title,
            "run_number": run.run_number,
            "event": run.event,
            "status": run.status,
            "conclusion": run.conclusion,
            "workflow_id": run.workflow_id,
            "url": url,
            "html_url": f"{html}/actions/runs/{run.id}",
            "pull_requests": [],
            "created_at": created,
            "updated_at": created,
            "actor": user,
            "run_attempt": run.run_attempt,
            "referenced_workflows": [],
            "run_started_at": created,
            "triggering_actor": user,
            "jobs_url": f"{url}/jobs",
            "logs_url": f"{url}/logs",
            "check_suite_url": f"{api}/check-suites/{run.check_suite_id}",
            "artifacts_url": f"{url}/artifacts",
            "cancel_url": f"{url}/cancel",
            "rerun_url": f"{url}/rerun",
            "previous_attempt_url": previous,
            "workflow_url": f"{api}/actions/workflows/{run.workflow_id}",
            "head_commit": {
                "id": run.head_sha,
                "tree_id": hashlib.sha1(run.head_sha.encode()).hexdigest(),
                "message": run.display_title,
                "timestamp": created,
                "author": {"name": run.actor, "email": f"{run.actor}@users.noreply.github.com"},
                "committer": {"name": "GitHub", "email": "noreply@github.com"},
            },
            "repository": repository,
            "head_repository": repository,
            "head_repository_id": repo.id,
        }
        rendered.update(run.extra)
        return rendered


def _credential(request: Request) -> str | None:
    """The token of ``Authorization: Bearer <token>`` or ``Authorization: token <token>``."""
    scheme, _, value = (request.header("authorization") or "").partition(" ")
    if scheme.lower() in {"bearer", "token"} and value.strip():
        return value.strip()
    return None


def _number(text: str) -> int | None:
    """A positive decimal id, or None."""
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else None


def _lenient_int(raw: str | None, default: int) -> int:
    """An integer query parameter as GitHub reads it: anything unreadable is the default."""
    if raw is None:
        return default
    text = raw.strip()
    digits = text.removeprefix("-")
    return int(text) if digits.isascii() and digits.isdigit() else default


def _repo_url(base_url: str, repo: _Repo) -> str:
    return f"{base_url}/repos/{quote(repo.owner, safe='')}/{quote(repo.name, safe='')}"


def _user(login: str, base_url: str) -> dict[str, object]:
    number = int.from_bytes(hashlib.sha256(login.lower().encode()).digest()[:3]) + 1
    return {
        "login": login,
        "id": number,
        "node_id": _node_id("User", number),
        "url": f"{base_url}/users/{quote(login, safe='')}",
        "type": "User",
        "site_admin": False,
    }


def _run_filter(request: Request) -> Callable[[_Run], bool]:
    """A predicate for the run listings' query filters; raises _InvalidFilterError."""
    status = request.arg("status")
    if status is not None and status not in STATUS_FILTERS:
        raise _InvalidFilterError("status")
    created = request.arg("created")
    start, end = _created_range(created) if created is not None else (None, None)
    suite = request.arg("check_suite_id")
    suite_id = _number(suite) if suite is not None else None
    if suite is not None and suite_id is None:
        raise _InvalidFilterError("check_suite_id")
    branch, event = request.arg("branch"), request.arg("event")
    actor, head_sha = request.arg("actor"), request.arg("head_sha")

    def keep(run: _Run) -> bool:
        return (
            (branch is None or run.branch == branch)
            and (event is None or run.event == event)
            and (actor is None or run.actor.lower() == actor.lower())
            and (head_sha is None or run.head_sha == head_sha)
            and (suite_id is None or run.check_suite_id == suite_id)
            and (status is None or status in (run.status, run.conclusion))
            and (start is None or run.created_at >= start)
            and (end is None or run.created_at < end)
        )

    return keep


FAKE = FakeGitHub
