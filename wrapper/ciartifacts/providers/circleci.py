"""CircleCI API v1.1 over ``ciartifacts_circleci``."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import SplitResult

import attrs
import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import (
    ApiCall,
    Page,
    Provider,
    RunsPage,
    entries,
    origin,
    unset_to_none,
)
from ciartifacts.refs import (
    Ref,
    RunRef,
    Selection,
    format_query,
    invalid,
    one_of,
    optional_number,
    optional_text,
    parse_number,
    parse_query,
    segment,
    split_parts,
)
from ciartifacts.settings import ProviderEnvironment

ARTIFACT_HOST_SUFFIX = ".circle-artifacts.com"
FILTERS = ("completed", "successful", "failed", "running")
MAX_BUILDS_PER_PAGE = 100  # recent builds: the API's largest limit
"""Values accepted for the ``filter`` of a CircleCI ``latest`` ref."""
_VCS_ALIASES = {"github": "github", "gh": "github", "bitbucket": "bitbucket", "bb": "bitbucket"}


def _normalize_vcs(value: str) -> str:
    return _VCS_ALIASES.get(value.lower(), value) if isinstance(value, str) else value


def _vcs(_inst: object, _attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ("github", "bitbucket"):
        raise invalid(f"vcs must be one of github, gh, bitbucket or bb, got {value!r}")


@attrs.frozen
class CircleCIRef(RunRef):
    """A CircleCI job by number, or the latest one (``build_num=None``).

    ``branch`` and ``filter`` narrow down "latest" and are only allowed with it.
    ``vcs`` accepts the short names ``gh`` and ``bb`` and stores the long ones.
    """

    provider: ClassVar[str] = "circleci"

    vcs: str = attrs.field(converter=_normalize_vcs, validator=_vcs)
    org: str = attrs.field(validator=segment)
    project: str = attrs.field(validator=segment)
    build_num: int | None = attrs.field(default=None, validator=optional_number)
    branch: str | None = attrs.field(default=None, validator=optional_text)
    filter: str | None = attrs.field(default=None, validator=one_of(FILTERS))

    def __attrs_post_init__(self) -> None:
        if self.build_num is not None and (self.branch is not None or self.filter is not None):
            raise invalid("branch and filter are only allowed with 'latest', not a build number")

    def __str__(self) -> str:
        number = "latest" if self.build_num is None else str(self.build_num)
        query = format_query((("branch", self.branch), ("filter", self.filter)))
        return f"circleci:{self.vcs}/{self.org}/{self.project}/{number}{query}"

    @property
    def selection(self) -> Selection | None:
        if self.build_num is not None:
            return None
        filters = (("branch", self.branch), ("filter", self.filter))
        return Selection(
            f"circleci:{self.vcs}/{self.org}/{self.project}",
            tuple((name, value) for name, value in filters if value is not None),
        )

    @property
    def run_id(self) -> str:
        if self.build_num is None:
            return super().run_id
        return str(self.build_num)


class CircleCIProvider(Provider):
    name = "circleci"
    title = "CircleCI"
    environment = ProviderEnvironment(
        ("CIRCLE_TOKEN", "CIRCLECI_CLI_TOKEN"), "CIRCLECI_API_URL", "https://circleci.com/api/v1.1"
    )
    # Basic auth with the token as user name also works, and the deprecated query parameter.
    credential_headers = ("circle-token", "authorization")
    credential_query_parameters = ("circle-token",)
    ref_types = (CircleCIRef,)
    accepted_forms = (
        "circleci:VCS/ORG/PROJECT/BUILD_NUM  (VCS: github, gh, bitbucket or bb)",
        "circleci:VCS/ORG/PROJECT/latest[?branch=BRANCH&filter=FILTER]"
        f"  (each optional; FILTER: {', '.join(FILTERS[:-1])} or {FILTERS[-1]})",
        "https://circleci.com/VCS/ORG/PROJECT/BUILD_NUM",
        "https://app.circleci.com/pipelines/VCS/ORG/PROJECT/.../jobs/BUILD_NUM",
    )
    web_hosts = ("circleci.com", "www.circleci.com", "app.circleci.com")
    fsspec_ref_segments = 4  # circleci://VCS/ORG/PROJECT/BUILD_NUM/PATH

    @classmethod
    def parse_ref(cls, rest: str) -> Ref:
        path, question, query = rest.partition("?")
        vcs, org, project, number = split_parts(
            path, 4, "VCS/ORG/PROJECT/BUILD_NUM or VCS/ORG/PROJECT/latest"
        )
        build_num = None if number == "latest" else parse_number("build number", number)
        options: dict[str, str] = {}
        if question:
            if build_num is not None:
                raise invalid(
                    "branch and filter are only allowed with 'latest', not a build number"
                )
            options = parse_query(query, ("branch", "filter"))
        return CircleCIRef(
            vcs, org, project, build_num, options.get("branch"), options.get("filter")
        )

    @classmethod
    def parse_web_url(cls, host: str, segments: list[str], url: SplitResult) -> Ref:
        if host == "app.circleci.com":
            if len(segments) < 6 or segments[0] != "pipelines" or segments[-2] != "jobs":
                raise invalid(
                    "an app.circleci.com URL must point to a job: "
                    "https://app.circleci.com/pipelines/VCS/ORG/PROJECT/.../jobs/BUILD_NUM"
                )
            vcs, org, project = segments[1:4]
            return CircleCIRef(vcs, org, project, parse_number("build number", segments[-1]))
        if len(segments) != 4:
            raise invalid(
                "a circleci.com URL must look like https://circleci.com/VCS/ORG/PROJECT/BUILD_NUM"
            )
        vcs, org, project, number = segments
        return CircleCIRef(vcs, org, project, parse_number("build number", number))

    def auth_headers(self) -> dict[str, str]:
        return {"Circle-Token": self.settings.token}

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        from ciartifacts_circleci.api.artifacts import list_job_artifacts

        # A latest ref was resolved to its job by then (the API's own latest/artifacts
        # would not say which job it listed).
        assert isinstance(ref, CircleCIRef)
        assert ref.build_num is not None
        return ApiCall(list_job_artifacts, (ref.vcs, ref.org, ref.project, ref.build_num))

    def runs_call(self, ref: Ref, limit: int) -> ApiCall:
        return self._builds_call(ref, 0, min(limit, MAX_BUILDS_PER_PAGE))

    def _builds_call(self, ref: Ref, offset: int, limit: int) -> ApiCall:
        from ciartifacts_circleci.api.builds import list_recent_branch_builds, list_recent_builds
        from ciartifacts_circleci.models import LatestArtifactsFilter

        assert isinstance(ref, CircleCIRef)
        project = (ref.vcs, ref.org, ref.project)
        kwargs: dict[str, Any] = {"limit": limit, "offset": offset}
        if ref.filter is not None:
            kwargs["filter_"] = LatestArtifactsFilter(ref.filter)
        if ref.branch is None:
            return ApiCall(list_recent_builds, project, kwargs)
        return ApiCall(list_recent_branch_builds, (*project, ref.branch), kwargs)

    def parse_runs(self, ref: Ref, call: ApiCall, response: Any) -> RunsPage:
        """Jobs newest first; a page as long as asked for may have a next one (v1.1 lists give
        no total). A job that was rerun is replaced by its rerun (``retry_of``)."""
        assert isinstance(ref, CircleCIRef)
        builds = response.parsed
        if not isinstance(builds, list):
            raise fields.MalformedField("the build list", f"is {type(builds).__name__}")
        runs = []
        replaced = []
        for build in builds:
            number = fields.run_number(build.build_num, "build_num")
            runs.append(CircleCIRef(ref.vcs, ref.org, ref.project, number))
            retry_of = unset_to_none(build.retry_of)
            if retry_of is not None:
                original = fields.run_number(retry_of, "retry_of")
                replaced.append(CircleCIRef(ref.vcs, ref.org, ref.project, original))
        limit, offset = call.kwargs["limit"], call.kwargs["offset"]
        full = len(builds) >= limit
        return RunsPage(
            runs,
            self._builds_call(ref, offset + len(builds), limit) if full else None,
            None,
            replaced,
        )

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        # v1.1 artifact lists are not paginated.
        return Page(entries(response.parsed, lambda raw: self._artifact(ref, raw)))

    def _artifact(self, ref: Ref, raw: Any) -> Artifact:
        fields.count(raw.node_index, "node_index")
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.path, "path"),
            size=None,
            mime_type=None,
            checksum=None,
            state=State.READY,
            raw_state=None,
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> httpx.URL:
        return fields.url(artifact.raw.url, "url")

    def may_send_credentials(self, url: httpx.URL, *, first_hop: bool) -> bool:
        """The artifact host needs the token on the first request; storage never gets it.

        The artifact host is ``*.circle-artifacts.com`` on CircleCI cloud, or the API's own host
        (any port) on a self-hosted install.
        """
        if origin(url) == self.api_origin:
            return True
        if not first_hop:
            return False
        scheme, host, _ = origin(url)
        cloud_artifact_host = scheme == "https" and host.endswith(ARTIFACT_HOST_SUFFIX)
        api_scheme, api_host, _ = self.api_origin
        return cloud_artifact_host or (scheme == api_scheme and host == api_host)

    def disambiguator(self, artifact: Artifact) -> str:
        return f"node-{artifact.raw.node_index}"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        return one.path == other.path and one.raw.node_index == other.raw.node_index


PROVIDER = CircleCIProvider
