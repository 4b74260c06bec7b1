"""Buildkite REST API v2 over ``ciartifacts_buildkite``."""

from __future__ import annotations

from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from ciartifacts.model import Artifact, Checksum, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import ApiCall, Capabilities, Page, Provider, unset_to_none
from ciartifacts.refs import BuildkiteRef, Ref

PER_PAGE = 100  # the API's maximum: fewest requests for a large build
STATES = {
    "finished": State.READY,
    "new": State.PENDING,
    "error": State.FAILED,
    "deleted": State.DELETED,
    "expired": State.EXPIRED,
}


class BuildkiteProvider(Provider):
    name = "buildkite"
    ref_types = (BuildkiteRef,)
    capabilities = Capabilities(delete=True)

    def generated_package(self) -> ModuleType:
        import ciartifacts_buildkite

        return ciartifacts_buildkite

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        assert isinstance(ref, BuildkiteRef)
        return self._list_call(ref, page=1)

    def _list_call(self, ref: BuildkiteRef, page: int) -> ApiCall:
        from ciartifacts_buildkite.api.artifacts import list_build_artifacts, list_job_artifacts

        paging = {"page": page, "per_page": PER_PAGE}
        if ref.job_id is None:
            return ApiCall(list_build_artifacts, (ref.org, ref.pipeline, ref.build), paging)
        return ApiCall(list_job_artifacts, (ref.org, ref.pipeline, ref.build, ref.job_id), paging)

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        assert isinstance(ref, BuildkiteRef)
        artifacts = [self._artifact(ref, raw) for raw in response.parsed]
        next_page = next_page_number(response.headers)
        # A next page that does not move forward would loop forever.
        if next_page is None or next_page <= call.kwargs["page"]:
            return Page(artifacts)
        return Page(artifacts, self._list_call(ref, next_page))

    def _artifact(self, ref: BuildkiteRef, raw: Any) -> Artifact:
        state = str(raw.state)
        sha1 = unset_to_none(raw.sha1sum)
        return Artifact(
            provider=self.name,
            ref=ref,
            path=raw.path,
            size=raw.file_size,
            mime_type=raw.mime_type or None,
            checksum=Checksum("sha1", sha1) if sha1 else None,
            state=STATES.get(state, State.UNKNOWN),
            raw_state=state,
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> str:
        # The docs' own example has an artifact whose id differs from its URLs: use URLs as given.
        url: str = artifact.raw.download_url
        return url

    def disambiguator(self, artifact: Artifact) -> str:
        return f"job-{artifact.raw.job_id}"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        return bool(one.raw.id == other.raw.id)

    def delete_call(self, artifact: Artifact) -> ApiCall:
        from ciartifacts_buildkite.api.artifacts import delete_artifact

        ref = artifact.ref
        assert isinstance(ref, BuildkiteRef)
        job_id, artifact_id = ids_from_url(artifact.raw.url, artifact.raw.job_id, artifact.raw.id)
        return ApiCall(delete_artifact, (ref.org, ref.pipeline, ref.build, job_id, artifact_id))


def next_page_number(headers: httpx.Headers) -> int | None:
    """The page number of the ``rel="next"`` link. Only the number is used: Link URLs may carry
    credentials, so they are never requested, logged or shown."""
    for link in httpx.Response(200, headers={"Link": headers.get("link", "")}).links.values():
        if link.get("rel") == "next":
            pages = parse_qs(urlsplit(link.get("url", "")).query).get("page")
            if pages and pages[0].isdigit():
                return int(pages[0])
    return None


def ids_from_url(url: str, job_id: str, artifact_id: str) -> tuple[str, str]:
    """(job id, artifact id) as the artifact's canonical URL names them, else the fields."""
    parts = urlsplit(url).path.rstrip("/").split("/")
    if len(parts) >= 4 and parts[-4] == "jobs" and parts[-2] == "artifacts":
        return parts[-3], parts[-1]
    return job_id, artifact_id
