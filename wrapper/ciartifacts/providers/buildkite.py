"""Buildkite REST API v2 over ``ciartifacts_buildkite``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import SplitResult, urlsplit

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

PER_PAGE = 100  # the API's maximum: fewest requests for a large build
# The build list's ``state`` filter (``finished`` is any finished state).
BUILD_STATES = (
    "blocked",
    "canceled",
    "canceling",
    "creating",
    "failed",
    "failing",
    "finished",
    "not_run",
    "passed",
    "running",
    "scheduled",
    "skipped",
)
# Builds that ran (or will run) no more: their artifacts are all uploaded.
ENDED_STATES = frozenset({"passed", "failed", "canceled", "skipped", "not_run"})
STATES = {
    "finished": State.READY,
    "new": State.PENDING,
    "error": State.FAILED,
    "deleted": State.DELETED,
    "expired": State.EXPIRED,
}


@attrs.frozen
class BuildkiteRef(RunRef):
    """A Buildkite build, or one job of it when ``job_id`` is set."""

    provider: ClassVar[str] = "buildkite"

    org: str = attrs.field(validator=segment)
    pipeline: str = attrs.field(validator=segment)
    build: int = attrs.field(validator=number)
    job_id: str | None = attrs.field(default=None, validator=optional_segment)

    def __str__(self) -> str:
        text = f"buildkite:{self.org}/{self.pipeline}/{self.build}"
        return text if self.job_id is None else f"{text}/{self.job_id}"

    @property
    def run_id(self) -> str:
        return str(self.build)


@attrs.frozen
class BuildkiteLatestRef(RunRef):
    """The newest build of a pipeline, on ``branch`` and in ``state`` when given.

    ``state`` is one of the build list's state filters (:data:`BUILD_STATES`; ``finished``
    stands for any finished state).
    """

    provider: ClassVar[str] = "buildkite"

    org: str = attrs.field(validator=segment)
    pipeline: str = attrs.field(validator=segment)
    branch: str | None = attrs.field(default=None, validator=optional_text)
    state: str | None = attrs.field(default=None, validator=one_of(BUILD_STATES))

    def __str__(self) -> str:
        query = format_query((("branch", self.branch), ("state", self.state)))
        return f"buildkite:{self.org}/{self.pipeline}/latest{query}"

    @property
    def selection(self) -> Selection:
        filters = (("branch", self.branch), ("state", self.state))
        return Selection(
            f"buildkite:{self.org}/{self.pipeline}",
            tuple((name, value) for name, value in filters if value is not None),
        )


class BuildkiteProvider(Provider):
    name = "buildkite"
    title = "Buildkite"
    environment = ProviderEnvironment(
        ("BUILDKITE_API_TOKEN",), "BUILDKITE_API_URL", "https://api.buildkite.com/v2"
    )
    # A legacy form the API still accepts; we never send it, the storage fake refuses it.
    credential_query_parameters = ("access_token",)
    ref_types = (BuildkiteRef, BuildkiteLatestRef)
    accepted_forms = (
        "buildkite:ORG/PIPELINE/BUILD",
        "buildkite:ORG/PIPELINE/BUILD/JOB_ID",
        "buildkite:ORG/PIPELINE/latest[?branch=BRANCH&state=STATE]"
        "  (each optional; STATE: passed, failed, running, finished, ...)",
        "https://buildkite.com/ORG/PIPELINE/builds/BUILD[#JOB_ID]",
    )
    web_hosts = ("buildkite.com", "www.buildkite.com")
    capabilities = Capabilities(delete=True)
    # buildkite://ORG/PIPELINE/BUILD/PATH (a job's artifacts are in its build's).
    fsspec_ref_segments = 3

    @classmethod
    def parse_ref(cls, rest: str) -> Ref:
        path, question, query = rest.partition("?")
        parts = path.split("/")
        if len(parts) == 3 and parts[2] == "latest":
            options = parse_query(query, ("branch", "state")) if question else {}
            return BuildkiteLatestRef(
                parts[0], parts[1], options.get("branch"), options.get("state")
            )
        parts = rest.split("/")
        if len(parts) not in (3, 4):
            raise invalid(
                "expected 3 or 4 '/'-separated parts (ORG/PIPELINE/BUILD[/JOB_ID]), "
                f"got {len(parts)}"
            )
        job_id = parts[3] if len(parts) == 4 else None
        return BuildkiteRef(parts[0], parts[1], parse_number("build number", parts[2]), job_id)

    @classmethod
    def parse_web_url(cls, host: str, segments: list[str], url: SplitResult) -> Ref:
        if len(segments) != 4 or segments[2] != "builds":
            raise invalid(
                "a Buildkite URL must look like https://buildkite.com/ORG/PIPELINE/builds/BUILD"
            )
        build = parse_number("build number", segments[3])
        return BuildkiteRef(segments[0], segments[1], build, url.fragment or None)

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        assert isinstance(ref, BuildkiteRef)
        return self._list_call(ref, page=1)

    def runs_call(self, ref: Ref, limit: int) -> ApiCall:
        assert isinstance(ref, BuildkiteLatestRef)
        return self._builds_call(ref, 1, min(limit, PER_PAGE))

    def _builds_call(self, ref: BuildkiteLatestRef, page: int, per_page: int) -> ApiCall:
        from ciartifacts_buildkite.api.builds import list_builds

        kwargs: dict[str, Any] = {"page": page, "per_page": per_page, "exclude_jobs": True}
        if ref.branch is not None:
            kwargs["branch"] = ref.branch
        if ref.state is not None:
            kwargs["state"] = ref.state
        return ApiCall(list_builds, (ref.org, ref.pipeline), kwargs)

    def parse_runs(self, ref: Ref, call: ApiCall, response: Any) -> RunsPage:
        assert isinstance(ref, BuildkiteLatestRef)
        builds = response.parsed
        if not isinstance(builds, list):
            raise fields.MalformedField("the build list", f"is {type(builds).__name__}")
        runs, replaced = [], []
        for build in builds:
            number = fields.run_number(build.number, "number")
            runs.append(BuildkiteRef(ref.org, ref.pipeline, number))
            # A rebuild is the pipeline's re-run: it replaces the build it was made from.
            rebuilt_from = unset_to_none(build.rebuilt_from)
            if rebuilt_from is not None:
                original = fields.run_number(rebuilt_from.number, "rebuilt_from.number")
                replaced.append(BuildkiteRef(ref.org, ref.pipeline, original))
        next_page = next_page_number(response.headers)
        per_page = call.kwargs["per_page"]
        following = None if next_page is None else self._builds_call(ref, next_page, per_page)
        return RunsPage(runs, following, None, replaced)

    def superseded_call(self, ref: Ref) -> ApiCall | None:
        """A build's listing holds the artifacts of every attempt of its jobs: the build, with
        its retried jobs, tells which attempts a retry replaced. A job's own listing is what
        was asked for, as it is."""
        from ciartifacts_buildkite.api.builds import get_build

        assert isinstance(ref, BuildkiteRef)
        if ref.job_id is not None:
            return None
        return ApiCall(
            get_build, (ref.org, ref.pipeline, ref.build), {"include_retried_jobs": True}
        )

    def superseded(self, ref: Ref, response: Any) -> frozenset[str]:
        jobs = unset_to_none(response.parsed.jobs) or []
        if not isinstance(jobs, list):
            raise fields.MalformedField("jobs", f"is {type(jobs).__name__}")
        return frozenset(
            fields.required_text(job.id, "job id")
            for job in jobs
            if unset_to_none(job.retried) is True
        )

    def finished_call(self, ref: Ref) -> ApiCall | None:
        from ciartifacts_buildkite.api.builds import get_build

        assert isinstance(ref, BuildkiteRef)
        return ApiCall(get_build, (ref.org, ref.pipeline, ref.build))

    def finished(self, ref: Ref, response: Any) -> bool:
        """A build that ended for good. ``blocked`` is left out, though the build list's
        ``finished`` counts it: unblocked, the build goes on (and uploads more)."""
        build = response.parsed
        state = fields.required_text(build.state, "state")
        return state in ENDED_STATES and unset_to_none(build.finished_at) is not None

    def attempt_of(self, artifact: Artifact) -> str | None:
        return str(artifact.raw.job_id)

    def _list_call(self, ref: BuildkiteRef, page: int) -> ApiCall:
        from ciartifacts_buildkite.api.artifacts import list_build_artifacts, list_job_artifacts

        paging = {"page": page, "per_page": PER_PAGE}
        if ref.job_id is None:
            return ApiCall(list_build_artifacts, (ref.org, ref.pipeline, ref.build), paging)
        return ApiCall(list_job_artifacts, (ref.org, ref.pipeline, ref.build, ref.job_id), paging)

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        assert isinstance(ref, BuildkiteRef)
        artifacts = entries(response.parsed, lambda raw: self._artifact(ref, raw))
        next_page = next_page_number(response.headers)
        return Page(artifacts, None if next_page is None else self._list_call(ref, next_page))

    def _artifact(self, ref: BuildkiteRef, raw: Any) -> Artifact:
        state = fields.required_text(raw.state, "state")
        sha1 = fields.digest(raw.sha1sum, "sha1sum", "sha1")
        fields.required_text(raw.id, "id")
        fields.required_text(raw.job_id, "job_id")
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.path, "path"),
            size=fields.count(raw.file_size, "file_size"),
            mime_type=fields.text(raw.mime_type, "mime_type", optional=True) or None,
            checksum=Checksum("sha1", sha1) if sha1 else None,
            state=STATES.get(state, State.UNKNOWN),
            raw_state=state,
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> httpx.URL:
        # The docs' own example has an artifact whose id differs from its URLs: use URLs as given.
        return fields.url(artifact.raw.download_url, "download_url")

    def rate_limit(self, headers: Mapping[str, str]) -> RateLimit | None:
        """The organization's window (``RateLimit-*``); Buildkite counts every request in it."""
        try:
            remaining = int(headers["ratelimit-remaining"])
            reset = float(headers["ratelimit-reset"])
        except (KeyError, ValueError):
            return None
        limit = headers.get("ratelimit-limit", "")
        return RateLimit(remaining, reset, int(limit) if limit.isdigit() else None)

    def disambiguator(self, artifact: Artifact) -> str:
        return f"job-{artifact.raw.job_id}"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        return bool(one.raw.id == other.raw.id)

    def delete_call(self, artifact: Artifact) -> ApiCall:
        from ciartifacts_buildkite.api.artifacts import delete_artifact

        ref = artifact.ref
        assert isinstance(ref, BuildkiteRef)
        url = fields.text(artifact.raw.url, "url", optional=True) or ""
        job_id, artifact_id = ids_from_url(url, artifact.raw.job_id, artifact.raw.id)
        return ApiCall(delete_artifact, (ref.org, ref.pipeline, ref.build, job_id, artifact_id))


def ids_from_url(url: str, job_id: str, artifact_id: str) -> tuple[str, str]:
    """(job id, artifact id) as the artifact's canonical URL names them, else the fields."""
    try:
        parts = urlsplit(url).path.rstrip("/").split("/")
    except ValueError:
        return job_id, artifact_id
    if len(parts) >= 4 and parts[-4] == "jobs" and parts[-2] == "artifacts":
        return parts[-3], parts[-1]
    return job_id, artifact_id


PROVIDER = BuildkiteProvider
