"""GitHub Actions artifacts over ``ciartifacts_github`` (REST API version 2022-11-28).

One GitHub artifact is one :class:`~ciartifacts.model.Artifact`: its name is the path, its
``digest`` (``sha256:...``, from upload-artifact v4 on) the checksum. Artifacts are packed:
GitHub serves most as a zip of the uploaded files, and a single file uploaded with
``archive: false`` as itself; the download decides by the bytes. A re-run keeps the run's id
and adds artifacts under the same names: the newest of a name wins.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import SplitResult

import attrs
import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, Checksum, State
from ciartifacts.pacing import RateLimit
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import (
    ApiCall,
    Capabilities,
    Page,
    Provider,
    RunsPage,
    entries,
    next_page_number,
    unset_to_none,
)
from ciartifacts.refs import (
    Ref,
    RunRef,
    Selection,
    format_query,
    invalid,
    number,
    one_of,
    optional_segment,
    optional_text,
    parse_number,
    parse_query,
    segment,
)
from ciartifacts.settings import ProviderEnvironment

API_VERSION = "2022-11-28"
PER_PAGE = 100  # the API's maximum
# The run lists' ``status`` filter: a run's status or its conclusion.
STATUSES = (
    "action_required",
    "cancelled",
    "completed",
    "failure",
    "in_progress",
    "neutral",
    "pending",
    "queued",
    "requested",
    "skipped",
    "stale",
    "success",
    "timed_out",
    "waiting",
)


@attrs.frozen
class GitHubRef(RunRef):
    """One workflow run of a repository, by its id (the number in its web URL)."""

    provider: ClassVar[str] = "github"

    owner: str = attrs.field(validator=segment)
    repo: str = attrs.field(validator=segment)
    run: int = attrs.field(validator=number)

    def __str__(self) -> str:
        return f"github:{self.owner}/{self.repo}/{self.run}"

    @property
    def run_id(self) -> str:
        return str(self.run)


@attrs.frozen
class GitHubLatestRef(RunRef):
    """The newest workflow run of a repository: of ``workflow`` (its file name, such as
    ``ci.yml``), on ``branch`` and with ``status`` (a status or conclusion) when given."""

    provider: ClassVar[str] = "github"

    owner: str = attrs.field(validator=segment)
    repo: str = attrs.field(validator=segment)
    branch: str | None = attrs.field(default=None, validator=optional_text)
    workflow: str | None = attrs.field(default=None, validator=optional_segment)
    status: str | None = attrs.field(default=None, validator=one_of(STATUSES))

    def _filters(self) -> tuple[tuple[str, str | None], ...]:
        return (("branch", self.branch), ("workflow", self.workflow), ("status", self.status))

    def __str__(self) -> str:
        return f"github:{self.owner}/{self.repo}/latest{format_query(self._filters())}"

    @property
    def selection(self) -> Selection:
        return Selection(
            f"github:{self.owner}/{self.repo}",
            tuple((name, value) for name, value in self._filters() if value is not None),
        )


class GitHubProvider(Provider):
    name = "github"
    title = "GitHub Actions"
    # gh's order; GITHUB_API_URL is what Actions runners set (GitHub Enterprise included).
    environment = ProviderEnvironment(
        ("GH_TOKEN", "GITHUB_TOKEN"), "GITHUB_API_URL", "https://api.github.com"
    )
    # Long deprecated, still a credential wherever it appears.
    credential_query_parameters = ("access_token",)
    ref_types = (GitHubRef, GitHubLatestRef)
    accepted_forms = (
        "github:OWNER/REPO/RUN_ID",
        "github:OWNER/REPO/latest[?branch=BRANCH&workflow=FILE&status=STATUS]"
        "  (each optional; STATUS: success, failure, completed, in_progress, ...)",
        "https://github.com/OWNER/REPO/actions/runs/RUN_ID",
    )
    web_hosts = ("github.com", "www.github.com")
    capabilities = Capabilities(delete=True)
    accept = "application/vnd.github+json"
    # fsspec's own github:// reads repositories' files: artifacts are gha://OWNER/REPO/RUN_ID/NAME.
    fsspec_protocol = "gha"
    fsspec_ref_segments = 3

    @classmethod
    def parse_ref(cls, rest: str) -> Ref:
        path, question, query = rest.partition("?")
        parts = path.split("/")
        if len(parts) == 3 and parts[2] == "latest":
            options = parse_query(query, ("branch", "workflow", "status")) if question else {}
            return GitHubLatestRef(
                parts[0],
                parts[1],
                options.get("branch"),
                options.get("workflow"),
                options.get("status"),
            )
        parts = rest.split("/")
        if len(parts) != 3:
            raise invalid(
                f"expected 3 '/'-separated parts (OWNER/REPO/RUN_ID or OWNER/REPO/latest), "
                f"got {len(parts)}"
            )
        return GitHubRef(parts[0], parts[1], parse_number("run id", parts[2]))

    @classmethod
    def parse_web_url(cls, host: str, segments: list[str], url: SplitResult) -> Ref:
        # .../actions/runs/ID, also as copied from a job's or an attempt's page.
        tail = segments[5:]
        if (
            len(segments) < 5
            or segments[2:4] != ["actions", "runs"]
            or (tail and (len(tail) != 2 or tail[0] not in ("job", "attempts")))
        ):
            raise invalid(
                "a GitHub URL must look like https://github.com/OWNER/REPO/actions/runs/RUN_ID"
            )
        return GitHubRef(segments[0], segments[1], parse_number("run id", segments[4]))

    def api_headers(self) -> dict[str, str]:
        return {"X-GitHub-Api-Version": API_VERSION, **super().api_headers()}

    # --- listing ---------------------------------------------------------------------------
    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        assert isinstance(ref, GitHubRef)
        return self._list_call(ref, 1)

    def _list_call(self, ref: GitHubRef, page: int) -> ApiCall:
        from ciartifacts_github.api.actions import list_workflow_run_artifacts
        from ciartifacts_github.models import SortDirection

        # Newest first, said explicitly: of two artifacts with one name, the first wins.
        kwargs = {"page": page, "per_page": PER_PAGE, "direction": SortDirection.DESC}
        return ApiCall(list_workflow_run_artifacts, (ref.owner, ref.repo, ref.run), kwargs)

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        assert isinstance(ref, GitHubRef)
        listing = response.parsed
        total = fields.count(unset_to_none(listing.total_count), "total_count", optional=True)
        artifacts = entries(listing.artifacts, lambda raw: self._artifact(ref, raw))
        next_page = next_page_number(response.headers)
        following = None if next_page is None else self._list_call(ref, next_page)
        return Page(artifacts, following, total)

    def _artifact(self, ref: GitHubRef, raw: Any) -> Artifact:
        fields.run_number(raw.id, "id")
        expired = raw.expired
        if not isinstance(expired, bool):
            raise fields.MalformedField("expired", f"is {type(expired).__name__}, not a boolean")
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.name, "name"),
            size=fields.count(raw.size_in_bytes, "size_in_bytes"),
            mime_type=None,
            checksum=_checksum(raw.digest),
            state=State.EXPIRED if expired else State.READY,
            raw_state="expired" if expired else "active",
            created_at=_moment(raw.created_at),
            updated_at=_moment(raw.updated_at),
            packed=True,
            raw=raw,
        )

    # --- attempts and run selection ---------------------------------------------------------
    def attempt_slot(self, artifact: Artifact) -> str | None:
        return artifact.path

    def runs_call(self, ref: Ref, limit: int) -> ApiCall:
        assert isinstance(ref, GitHubLatestRef)
        return self._runs_call(ref, 1, min(limit, PER_PAGE))

    def _runs_call(self, ref: GitHubLatestRef, page: int, per_page: int) -> ApiCall:
        from ciartifacts_github.api.actions import list_workflow_runs, list_workflow_runs_for_repo
        from ciartifacts_github.models import WorkflowRunStatusFilter

        kwargs: dict[str, Any] = {
            "page": page,
            "per_page": per_page,
            "exclude_pull_requests": True,
        }
        if ref.branch is not None:
            kwargs["branch"] = ref.branch
        if ref.status is not None:
            kwargs["status"] = WorkflowRunStatusFilter(ref.status)
        if ref.workflow is None:
            return ApiCall(list_workflow_runs_for_repo, (ref.owner, ref.repo), kwargs)
        return ApiCall(list_workflow_runs, (ref.owner, ref.repo, ref.workflow), kwargs)

    def parse_runs(self, ref: Ref, call: ApiCall, response: Any) -> RunsPage:
        # A re-run keeps its run's id: each run is listed once, as its latest attempt.
        assert isinstance(ref, GitHubLatestRef)
        listing = response.parsed
        raws = listing.workflow_runs
        if not isinstance(raws, list):
            raise fields.MalformedField("workflow_runs", f"is {type(raws).__name__}")
        runs = [
            GitHubRef(ref.owner, ref.repo, fields.run_number(run.id, "workflow run id"))
            for run in raws
        ]
        total = fields.count(unset_to_none(listing.total_count), "total_count", optional=True)
        next_page = next_page_number(response.headers)
        per_page = call.kwargs["per_page"]
        following = None if next_page is None else self._runs_call(ref, next_page, per_page)
        return RunsPage(runs, following, total)

    # --- downloading ------------------------------------------------------------------------
    def download_url(self, artifact: Artifact) -> httpx.URL:
        """The download endpoint (it answers 302 to storage, or 410 once expired), built from
        the configured base URL: behind a proxy or on GitHub Enterprise it is the one to use."""
        from ciartifacts_github.api.actions import download_artifact
        from ciartifacts_github.models import ArchiveFormat

        ref = artifact.ref
        assert isinstance(ref, GitHubRef)
        artifact_id = fields.run_number(artifact.raw.id, "id")
        path = download_artifact._get_kwargs(ref.owner, ref.repo, artifact_id, ArchiveFormat.ZIP)
        return httpx.URL(self.settings.base_url + path["url"])

    def rate_limit(self, headers: Mapping[str, str]) -> RateLimit | None:
        """The token's window: ``x-ratelimit-remaining``, ``-reset`` (an epoch second)."""
        try:
            remaining = int(headers["x-ratelimit-remaining"])
            reset_at = float(headers["x-ratelimit-reset"])
        except (KeyError, ValueError):
            return None
        limit = headers.get("x-ratelimit-limit", "")
        reset_in = max(0.0, reset_at - time.time())
        return RateLimit(remaining, reset_in, int(limit) if limit.isdigit() else None)

    def rate_limited(self, status: int, headers: Mapping[str, str]) -> bool:
        """429, or a 403 that is the primary limit spent (``x-ratelimit-remaining: 0``) or a
        secondary limit (``retry-after``); any other 403 is a permission refused."""
        if status == 429:
            return True
        spent = headers.get("x-ratelimit-remaining", "").strip() == "0"
        return status == 403 and (spent or "retry-after" in headers)

    def disambiguator(self, artifact: Artifact) -> str:
        return f"artifact-{artifact.raw.id}"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        return bool(one.raw.id == other.raw.id)

    # --- deleting ---------------------------------------------------------------------------
    def delete_call(self, artifact: Artifact) -> ApiCall:
        from ciartifacts_github.api.actions import delete_artifact

        ref = artifact.ref
        assert isinstance(ref, GitHubRef)
        artifact_id = fields.run_number(artifact.raw.id, "id")
        return ApiCall(delete_artifact, (ref.owner, ref.repo, artifact_id))


def _checksum(value: object) -> Checksum | None:
    """``sha256:<hex>``, or None for artifacts uploaded before upload-artifact v4."""
    text = fields.text(unset_to_none(value), "digest", optional=True)
    if not text:
        return None
    algorithm, colon, hex_value = text.partition(":")
    checked = fields.digest(hex_value, "digest", "sha256") if algorithm == "sha256" else None
    if not colon or checked is None:
        raise fields.MalformedField("digest", "is not of the form sha256:<hex>")
    return Checksum("sha256", checked)


def _moment(value: object) -> datetime | None:
    value = unset_to_none(value)
    return value if isinstance(value, datetime) else None


PROVIDER = GitHubProvider
