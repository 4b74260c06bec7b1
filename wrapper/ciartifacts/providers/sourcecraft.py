"""SourceCraft CI/CD artifacts over ``ciartifacts_sourcecraft``."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import ApiCall, Page, Provider, entries, unset_to_none
from ciartifacts.refs import Ref, SourceCraftRef

STATES = {
    "success": State.READY,
    "registered": State.PENDING,
    "failed": State.FAILED,
    "missing": State.FAILED,
}


class SourceCraftProvider(Provider):
    name = "sourcecraft"
    ref_types = (SourceCraftRef,)
    listing_urls_expire = True

    def generated_package(self) -> ModuleType:
        import ciartifacts_sourcecraft

        return ciartifacts_sourcecraft

    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        from ciartifacts_sourcecraft.api.cicd import get_cube_artifacts

        assert isinstance(ref, SourceCraftRef)
        return ApiCall(
            get_cube_artifacts, (ref.org, ref.repo, ref.run, ref.workflow, ref.task, ref.cube)
        )

    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        artifacts = unset_to_none(response.parsed.artifacts)
        return Page(entries(artifacts or [], lambda raw: self._artifact(ref, raw)))

    def _artifact(self, ref: Ref, raw: Any) -> Artifact:
        status = unset_to_none(raw.status)
        dates = unset_to_none(raw.dates)
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.local_path, "local_path"),
            size=None,
            mime_type=None,
            checksum=None,
            state=STATES.get(str(status), State.UNKNOWN) if status else State.UNKNOWN,
            raw_state=None if status is None else str(status),
            created_at=unset_to_none(dates.registered_at) if dates else None,
            updated_at=unset_to_none(dates.updated_at) if dates else None,
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> httpx.URL:
        return fields.url(unset_to_none(artifact.raw.download_url), "download_url")
