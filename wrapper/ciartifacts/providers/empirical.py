"""Empirical test-run artifacts and project resources over ``ciartifacts_empirical``."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import ApiCall, Capabilities, Page, Provider, unset_to_none
from ciartifacts.refs import EmpiricalRef, EmpiricalResourcesRef, Ref

PER_PAGE = 100  # the API's maximum


class EmpiricalProvider(Provider):
    name = "empirical"
    ref_types = (EmpiricalRef, EmpiricalResourcesRef)
    capabilities = Capabilities(server_filter=True)
    listing_urls_expire = True  # resource URLs are signed for one hour

    def generated_package(self) -> ModuleType:
        import ciartifacts_empirical

        return ciartifacts_empirical

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        from ciartifacts_empirical.api.resources import list_resources
        from ciartifacts_empirical.api.test_runs import list_test_run_artifacts

        if isinstance(ref, EmpiricalResourcesRef):
            return ApiCall(list_resources, (), {"page": 1, "per_page": PER_PAGE})
        assert isinstance(ref, EmpiricalRef)
        filters: dict[str, Any] = {}
        if server_filter is not None:
            filters = {
                name: value
                for name in ("key", "prefix", "suffix")
                if (value := getattr(server_filter, name)) is not None
            }
        return ApiCall(list_test_run_artifacts, (ref.test_run_id,), filters)

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        body = response.parsed
        if isinstance(ref, EmpiricalResourcesRef):
            resources = [self._resource(ref, raw) for raw in body.data.resources]
            pagination = body.pagination
            # Stop on the last page, and on a page that does not move forward.
            last = pagination.page >= pagination.total_pages
            if last or not resources or pagination.page < call.kwargs["page"]:
                return Page(resources)
            following = {**call.kwargs, "page": pagination.page + 1}
            return Page(resources, ApiCall(call.operation, call.args, following))
        return Page([self._test_run_artifact(ref, raw) for raw in body.data.artifacts])

    def _test_run_artifact(self, ref: Ref, raw: Any) -> Artifact:
        return Artifact(
            provider=self.name,
            ref=ref,
            path=raw.key,
            size=unset_to_none(raw.size),
            mime_type=None,
            checksum=None,
            state=State.READY,
            raw_state=None,
            updated_at=unset_to_none(raw.last_modified),
            raw=raw,
        )

    def _resource(self, ref: Ref, raw: Any) -> Artifact:
        status = unset_to_none(raw.status)
        return Artifact(
            provider=self.name,
            ref=ref,
            path=raw.name,
            size=unset_to_none(raw.size_bytes),
            mime_type=unset_to_none(raw.mime_type),
            checksum=None,
            state=State.READY if status is None or str(status) == "uploaded" else State.UNKNOWN,
            raw_state=None if status is None else str(status),
            created_at=unset_to_none(raw.created_at),
            updated_at=unset_to_none(raw.updated_at),
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> str:
        url: str = artifact.raw.url
        return url

    def disambiguator(self, artifact: Artifact) -> str:
        if isinstance(artifact.ref, EmpiricalResourcesRef):
            return f"resource-{artifact.raw.id}"
        return super().disambiguator(artifact)
