"""Empirical test-run artifacts and project resources over ``ciartifacts_empirical``."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import httpx

from ciartifacts import fields
from ciartifacts.model import Artifact, State
from ciartifacts.patterns import ServerFilter
from ciartifacts.providers.base import (
    ApiCall,
    Capabilities,
    Page,
    Provider,
    entries,
    unset_to_none,
)
from ciartifacts.refs import Ref, RunRef, invalid, number, parse_number, show
from ciartifacts.settings import ProviderEnvironment

PER_PAGE = 100  # the API's maximum


@attrs.frozen
class EmpiricalRef(RunRef):
    """An Empirical test run."""

    provider: ClassVar[str] = "empirical"

    test_run_id: int = attrs.field(validator=number)

    def __str__(self) -> str:
        return f"empirical:{self.test_run_id}"

    @property
    def run_id(self) -> str:
        return str(self.test_run_id)


@attrs.frozen
class EmpiricalResourcesRef(RunRef):
    """Empirical's shared resources (not tied to a test run)."""

    provider: ClassVar[str] = "empirical"

    def __str__(self) -> str:
        return "empirical:resources"

    @property
    def run_id(self) -> str:
        return "resources"


class EmpiricalProvider(Provider):
    name = "empirical"
    title = "Empirical"
    environment = ProviderEnvironment(
        ("EMPIRICALRUN_KEY",), "EMPIRICAL_API_URL", "https://api.empirical.run"
    )
    ref_types = (EmpiricalRef, EmpiricalResourcesRef)
    accepted_forms = ("empirical:TEST_RUN_ID", "empirical:resources")
    capabilities = Capabilities(server_filter=True)
    listing_urls_expire = True  # resource URLs are signed for one hour
    fsspec_ref_segments = 1  # empirical://TEST_RUN_ID/PATH, empirical://resources/NAME

    @classmethod
    def parse_ref(cls, rest: str) -> Ref:
        if rest == "resources":
            return EmpiricalResourcesRef()
        if not rest.isascii() or not rest.isdigit():
            raise invalid(f"expected a test run id or 'resources', got {show(rest)}")
        return EmpiricalRef(parse_number("test run id", rest))

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
            resources = entries(body.data.resources, lambda raw: self._resource(ref, raw))
            pagination = body.pagination
            page = fields.required_count(pagination.page, "pagination.page")
            total_pages = fields.required_count(pagination.total_pages, "pagination.total_pages")
            total = fields.count(pagination.total, "pagination.total", optional=True)
            if page != call.kwargs["page"]:
                asked = call.kwargs["page"]
                raise fields.MalformedField(
                    "pagination.page", f"is {page}, but page {asked} was asked for"
                )
            if page >= total_pages:
                return Page(resources, total=total)
            following = {**call.kwargs, "page": page + 1}
            return Page(resources, ApiCall(call.operation, call.args, following), total)
        return Page(entries(body.data.artifacts, lambda raw: self._test_run_artifact(ref, raw)))

    def _test_run_artifact(self, ref: Ref, raw: Any) -> Artifact:
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.key, "key"),
            size=fields.count(raw.size, "size", optional=True),
            mime_type=None,
            checksum=None,
            state=State.READY,
            raw_state=None,
            updated_at=unset_to_none(raw.last_modified),
            raw=raw,
        )

    def _resource(self, ref: Ref, raw: Any) -> Artifact:
        status = unset_to_none(raw.status)
        fields.count(raw.id, "id")
        return Artifact(
            provider=self.name,
            ref=ref,
            path=fields.required_text(raw.name, "name"),
            size=fields.count(raw.size_bytes, "size_bytes", optional=True),
            mime_type=fields.text(raw.mime_type, "mime_type", optional=True),
            checksum=None,
            state=State.READY if status is None or str(status) == "uploaded" else State.UNKNOWN,
            raw_state=None if status is None else str(status),
            created_at=unset_to_none(raw.created_at),
            updated_at=unset_to_none(raw.updated_at),
            raw=raw,
        )

    def download_url(self, artifact: Artifact) -> httpx.URL:
        return fields.url(artifact.raw.url, "url")

    def disambiguator(self, artifact: Artifact) -> str:
        if isinstance(artifact.ref, EmpiricalResourcesRef):
            return f"resource-{artifact.raw.id}"
        return super().disambiguator(artifact)


PROVIDER = EmpiricalProvider
