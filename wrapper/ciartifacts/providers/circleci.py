"""CircleCI API v1.1 over ``ciartifacts_circleci``."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import ApiCall, Page, Provider, entries, origin
from ciartifacts.refs import CircleCIRef, Ref

ARTIFACT_HOST_SUFFIX = ".circle-artifacts.com"


class CircleCIProvider(Provider):
    name = "circleci"
    ref_types = (CircleCIRef,)

    def generated_package(self) -> ModuleType:
        import ciartifacts_circleci

        return ciartifacts_circleci

    def auth_headers(self) -> dict[str, str]:
        return {"Circle-Token": self.settings.token}

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        from ciartifacts_circleci.api.artifacts import list_job_artifacts, list_latest_artifacts
        from ciartifacts_circleci.models import LatestArtifactsFilter

        assert isinstance(ref, CircleCIRef)
        project = (ref.vcs, ref.org, ref.project)
        if ref.build_num is not None:
            return ApiCall(list_job_artifacts, (*project, ref.build_num))
        latest: dict[str, Any] = {}
        if ref.branch is not None:
            latest["branch"] = ref.branch
        if ref.filter is not None:
            latest["filter_"] = LatestArtifactsFilter(ref.filter)
        return ApiCall(list_latest_artifacts, project, latest)

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
