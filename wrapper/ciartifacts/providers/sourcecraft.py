"""SourceCraft CI/CD artifacts over ``ciartifacts_sourcecraft``."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import ApiCall, Page, Provider, entries, unset_to_none
from ciartifacts.refs import Ref, RunRef, segment, split_parts
from ciartifacts.settings import ProviderEnvironment

STATES = {
    "success": State.READY,
    "registered": State.PENDING,
    "failed": State.FAILED,
    "missing": State.FAILED,
}


@attrs.frozen
class SourceCraftRef(RunRef):
    """One cube (step) of a task in a SourceCraft CI workflow run."""

    provider: ClassVar[str] = "sourcecraft"

    org: str = attrs.field(validator=segment)
    repo: str = attrs.field(validator=segment)
    run: str = attrs.field(validator=segment)
    workflow: str = attrs.field(validator=segment)
    task: str = attrs.field(validator=segment)
    cube: str = attrs.field(validator=segment)

    def __str__(self) -> str:
        parts = (self.org, self.repo, self.run, self.workflow, self.task, self.cube)
        return "sourcecraft:" + "/".join(parts)

    @property
    def run_id(self) -> str:
        return self.run


class SourceCraftProvider(Provider):
    name = "sourcecraft"
    title = "SourceCraft"
    environment = ProviderEnvironment(
        ("SOURCECRAFT_TOKEN",), "SOURCECRAFT_API_URL", "https://api.sourcecraft.tech"
    )
    ref_types = (SourceCraftRef,)
    accepted_forms = ("sourcecraft:ORG/REPO/RUN/WORKFLOW/TASK/CUBE",)
    listing_urls_expire = True
    fsspec_ref_segments = 6  # sourcecraft://ORG/REPO/RUN/WORKFLOW/TASK/CUBE/PATH

    @classmethod
    def parse_ref(cls, rest: str) -> Ref:
        return SourceCraftRef(*split_parts(rest, 6, "ORG/REPO/RUN/WORKFLOW/TASK/CUBE"))

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


PROVIDER = SourceCraftProvider
