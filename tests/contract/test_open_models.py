"""Unknown enum values and fields parse in the generated clients; known values stay typed."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ciartifacts_buildkite import AuthenticatedClient as BuildkiteClient
from ciartifacts_buildkite.api.artifacts import list_build_artifacts
from ciartifacts_buildkite.models import Artifact, ArtifactState
from ciartifacts_empirical.models import Resource, ResourceStatus
from ciartifacts_sourcecraft import AuthenticatedClient as SourceCraftClient
from ciartifacts_sourcecraft.api.cicd import get_cube_artifacts
from ciartifacts_sourcecraft.models import ArtifactStatus, GetCubeArtifactsResponse

BUILDKITE_ARTIFACT: dict[str, Any] = {
    "id": "76365070-34d5-4104-8b91-952780f8029f",
    "job_id": "aae578fe-994c-44e6-84da-4102616928ba",
    "url": "https://api.buildkite.com/v2/organizations/o/pipelines/p/builds/1/jobs/j/artifacts/a",
    "download_url": "https://api.buildkite.com/v2/organizations/o/pipelines/p/builds/1/jobs/j/artifacts/a/download",
    "state": "finished",
    "path": "dist/app.tar.gz",
    "dirname": "dist",
    "filename": "app.tar.gz",
    "mime_type": "application/x-gzip",
    "file_size": 529371,
    "glob_path": None,
    "original_path": None,
    "sha1sum": "884c4ad3f2545c85c69d0d0ef50c5d4f5266f0b7",
}


def serve(body: Any) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=body))


def test_known_state_is_typed() -> None:
    artifact = Artifact.from_dict(BUILDKITE_ARTIFACT)
    assert artifact.state is ArtifactState.FINISHED


def test_unknown_state_and_field_parse_and_round_trip() -> None:
    raw = {**BUILDKITE_ARTIFACT, "state": "quarantined", "retention_days": 30}
    artifact = Artifact.from_dict(raw)
    assert artifact.state == "quarantined"
    assert not isinstance(artifact.state, ArtifactState)
    assert artifact.additional_properties == {"retention_days": 30}
    assert artifact.to_dict() == raw


def test_unknown_state_does_not_fail_a_whole_list_through_the_client() -> None:
    body = [BUILDKITE_ARTIFACT, {**BUILDKITE_ARTIFACT, "state": "archived", "new": {"x": 1}}]
    client = BuildkiteClient(
        "https://bk.invalid/v2", token="t", httpx_args={"transport": serve(body)}
    )
    with client:
        response = list_build_artifacts.sync_detailed("o", "p", 1, client=client)
    assert isinstance(response.parsed, list)
    assert [a.state for a in response.parsed] == [ArtifactState.FINISHED, "archived"]
    assert response.parsed[1]["new"] == {"x": 1}


def test_sourcecraft_unknown_status_and_fields_parse_through_the_client() -> None:
    body = {
        "artifacts": [
            {"local_path": "a.txt", "status": "success"},
            {"local_path": "b.txt", "status": "quarantined", "size": "123"},
        ],
        "next_page_token": "",
    }
    client = SourceCraftClient(
        "https://sc.invalid", token="t", httpx_args={"transport": serve(body)}
    )
    with client:
        response = get_cube_artifacts.sync_detailed("o", "r", "1", "w", "t", "c", client=client)
    parsed = response.parsed
    assert isinstance(parsed, GetCubeArtifactsResponse)
    artifacts = parsed.artifacts
    assert isinstance(artifacts, list)
    assert [a.status for a in artifacts] == [ArtifactStatus.SUCCESS, "quarantined"]
    assert artifacts[1]["size"] == "123"
    assert json.loads(json.dumps(parsed.to_dict())) == body


def test_empirical_unknown_resource_status() -> None:
    raw = {"id": 1, "name": "a.docx", "url": "https://x.invalid/a", "status": "scanning"}
    assert Resource.from_dict(raw).status == "scanning"
    assert Resource.from_dict({**raw, "status": "uploaded"}).status is ResourceStatus.UPLOADED
