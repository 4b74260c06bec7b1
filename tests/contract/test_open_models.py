"""Unknown enum values and fields parse in the generated clients; known values stay typed."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ciartifacts_buildkite import AuthenticatedClient as BuildkiteClient
from ciartifacts_buildkite.api.artifacts import list_build_artifacts
from ciartifacts_buildkite.models import Artifact, ArtifactState
from ciartifacts_empirical.models import Resource, ResourceStatus
from ciartifacts_github import AuthenticatedClient as GitHubClient
from ciartifacts_github.api.actions import list_workflow_runs_for_repo
from ciartifacts_github.models import Artifact as GitHubArtifact
from ciartifacts_github.models import WorkflowRunConclusion, WorkflowRunList, WorkflowRunStatus
from ciartifacts_github.types import UNSET
from ciartifacts_sourcecraft import AuthenticatedClient as SourceCraftClient
from ciartifacts_sourcecraft.api.cicd import get_cube_artifacts
from ciartifacts_sourcecraft.models import ArtifactStatus, GetCubeArtifactsResponse
from tests.contract.test_examples import instants

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


GITHUB_RUN: dict[str, Any] = {
    "id": 12000000001,
    "name": "CI",
    "node_id": "MDEyOldvcmtmbG93IFJ1bjEyMDAwMDAwMDAx",
    "head_branch": "main",
    "head_sha": "acb5820ced9479c074f688cc328bf03f341a511d",
    "path": ".github/workflows/ci.yml",
    "display_title": "Update README.md",
    "run_number": 7,
    "run_attempt": 2,
    "event": "push",
    "status": "completed",
    "conclusion": "success",
    "workflow_id": 100000001,
    "url": "https://api.github.com/repos/o/r/actions/runs/12000000001",
    "html_url": "https://github.com/o/r/actions/runs/12000000001",
    "created_at": "2026-01-10T14:59:22Z",
    "updated_at": "2026-01-10T15:03:01Z",
    "jobs_url": "https://api.github.com/repos/o/r/actions/runs/12000000001/jobs",
    "logs_url": "https://api.github.com/repos/o/r/actions/runs/12000000001/logs",
    "check_suite_url": "https://api.github.com/repos/o/r/check-suites/42",
    "artifacts_url": "https://api.github.com/repos/o/r/actions/runs/12000000001/artifacts",
    "cancel_url": "https://api.github.com/repos/o/r/actions/runs/12000000001/cancel",
    "rerun_url": "https://api.github.com/repos/o/r/actions/runs/12000000001/rerun",
    "workflow_url": "https://api.github.com/repos/o/r/actions/workflows/100000001",
    "head_commit": None,
    "repository": {"id": 1, "full_name": "o/r"},
    "head_repository": {"id": 1, "full_name": "o/r"},
    "pull_requests": [],
}


def test_github_unknown_run_status_and_conclusion_parse_through_the_client() -> None:
    body = {
        "total_count": 3,
        "workflow_runs": [
            GITHUB_RUN,
            {**GITHUB_RUN, "status": "blocked", "conclusion": None, "surprise": [1]},
            {**GITHUB_RUN, "status": None, "conclusion": "abandoned"},
        ],
    }
    client = GitHubClient("https://gh.invalid", token="t", httpx_args={"transport": serve(body)})
    with client:
        response = list_workflow_runs_for_repo.sync_detailed("o", "r", client=client)
    parsed = response.parsed
    assert isinstance(parsed, WorkflowRunList)
    runs = parsed.workflow_runs
    assert [run.status for run in runs] == [WorkflowRunStatus.COMPLETED, "blocked", None]
    assert not isinstance(runs[1].status, WorkflowRunStatus)
    assert [run.conclusion for run in runs] == [WorkflowRunConclusion.SUCCESS, None, "abandoned"]
    assert runs[1]["surprise"] == [1]
    assert runs[0].repository["full_name"] == "o/r"
    # Timestamps come back as +00:00 instead of Z: compare instants.
    assert instants(json.loads(json.dumps(parsed.to_dict()))) == instants(body)


def test_github_artifact_without_digest_and_with_new_fields() -> None:
    raw: dict[str, Any] = {
        "id": 4000000001,
        "node_id": "MDg6QXJ0aWZhY3Q0MDAwMDAwMDAx",
        "name": "report.xml",
        "size_in_bytes": 12,
        "url": "https://api.github.com/repos/o/r/actions/artifacts/4000000001",
        "archive_download_url": "https://api.github.com/repos/o/r/actions/artifacts/4000000001/zip",
        "expired": False,
        "created_at": "2026-01-10T14:59:22Z",
        "expires_at": "2026-04-10T14:59:22Z",
        "updated_at": "2026-01-10T14:59:22Z",
        "workflow_run": None,
        "archived": False,
    }
    artifact = GitHubArtifact.from_dict(raw)
    assert artifact.digest is UNSET
    assert artifact.workflow_run is None
    assert artifact["archived"] is False
    assert GitHubArtifact.from_dict({**raw, "digest": None}).digest is None
