"""One call per operation of every spec, made through its generated client.

Each case names the spec operation it covers; test_operations.py fails if a spec gains an operation
without a case here, so the contract suite always covers every operation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ciartifacts_buildkite.api.artifacts import (
    delete_artifact,
    download_artifact,
    download_organization_job_artifact,
    get_artifact,
    get_organization_job_artifact,
    list_build_artifacts,
    list_job_artifacts,
    list_organization_job_artifacts,
)
from ciartifacts_buildkite.api.builds import get_build, list_builds
from ciartifacts_buildkite.models import Artifact as BuildkiteArtifact
from ciartifacts_buildkite.models import ArtifactDownload, Build, BuildStateFilter
from ciartifacts_circleci.api.artifacts import list_job_artifacts as circleci_job_artifacts
from ciartifacts_circleci.api.artifacts import list_latest_artifacts
from ciartifacts_circleci.api.builds import list_recent_branch_builds, list_recent_builds
from ciartifacts_circleci.models import Artifact as CircleCIArtifact
from ciartifacts_circleci.models import BuildSummary, LatestArtifactsFilter
from ciartifacts_empirical.api.resources import list_resources
from ciartifacts_empirical.api.test_runs import list_test_run_artifacts
from ciartifacts_empirical.models import ResourcesResponse, TestRunArtifactsResponse
from ciartifacts_sourcecraft.api.cicd import get_cube_artifacts
from ciartifacts_sourcecraft.models import GetCubeArtifactsResponse

BK_BUILD = {"org_slug": "my-great-org", "pipeline_slug": "my-pipeline", "build_number": 1}
BK_JOB = {**BK_BUILD, "job_id": "aae578fe-994c-44e6-84da-4102616928ba"}
BK_ARTIFACT = {**BK_JOB, "artifact_id": "76365070-34d5-4104-8b91-952780f8029f"}
BK_PIPELINE = {"org_slug": "my-great-org", "pipeline_slug": "my-pipeline"}
BK_ORG_JOB = {"org_slug": "my-great-org", "job_id": "aae578fe-994c-44e6-84da-4102616928ba"}
BK_ORG_ARTIFACT = {**BK_ORG_JOB, "artifact_id": "76365070-34d5-4104-8b91-952780f8029f"}
CC_PROJECT = {"vcs_type": "github", "username": "circleci", "project": "circleci-docs"}
SC_CUBE = {
    "org_slug": "my-org",
    "repo_slug": "my-repo",
    "run_slug": "run-42",
    "workflow_slug": "build",
    "task_slug": "test",
    "cube_slug": "unit",
}


@dataclass(frozen=True)
class Case:
    provider: str
    operation_id: str
    call: Callable[..., Any]  # the generated module's sync_detailed
    kwargs: dict[str, Any]
    status: int
    parsed: type | None  # what `parsed` must be an instance of (list items for lists)
    is_list: bool = False
    headers: tuple[str, ...] = ()  # response headers the spec declares and Prism must send

    @property
    def id(self) -> str:
        return f"{self.provider}.{self.operation_id}"


RATE_LIMIT = ("RateLimit-Remaining", "RateLimit-Limit", "RateLimit-Reset")

CASES = (
    Case(
        "buildkite",
        "listBuildArtifacts",
        list_build_artifacts.sync_detailed,
        {**BK_BUILD, "page": 1, "per_page": 30},
        200,
        BuildkiteArtifact,
        is_list=True,
        headers=("Link", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "listJobArtifacts",
        list_job_artifacts.sync_detailed,
        {**BK_JOB, "per_page": 100},
        200,
        BuildkiteArtifact,
        is_list=True,
        headers=("Link", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "getArtifact",
        get_artifact.sync_detailed,
        BK_ARTIFACT,
        200,
        BuildkiteArtifact,
        headers=RATE_LIMIT,
    ),
    Case(
        "buildkite",
        "downloadArtifact",
        download_artifact.sync_detailed,
        BK_ARTIFACT,
        302,
        ArtifactDownload,
        headers=("Location", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "deleteArtifact",
        delete_artifact.sync_detailed,
        BK_ARTIFACT,
        204,
        None,
        headers=RATE_LIMIT,
    ),
    Case(
        "buildkite",
        "listOrganizationJobArtifacts",
        list_organization_job_artifacts.sync_detailed,
        {**BK_ORG_JOB, "page": 2},
        200,
        BuildkiteArtifact,
        is_list=True,
        headers=("Link", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "getOrganizationJobArtifact",
        get_organization_job_artifact.sync_detailed,
        BK_ORG_ARTIFACT,
        200,
        BuildkiteArtifact,
        headers=RATE_LIMIT,
    ),
    Case(
        "buildkite",
        "downloadOrganizationJobArtifact",
        download_organization_job_artifact.sync_detailed,
        BK_ORG_ARTIFACT,
        302,
        ArtifactDownload,
        headers=("Location", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "listBuilds",
        list_builds.sync_detailed,
        {
            **BK_PIPELINE,
            "branch": "main",
            "state": BuildStateFilter.PASSED,
            "created_from": datetime.datetime(2015, 5, 1, tzinfo=datetime.UTC),
            "include_retried_jobs": True,
            "per_page": 10,
        },
        200,
        Build,
        is_list=True,
        headers=("Link", *RATE_LIMIT),
    ),
    Case(
        "buildkite",
        "getBuild",
        get_build.sync_detailed,
        {**BK_BUILD, "include_retried_jobs": True},
        200,
        Build,
        headers=RATE_LIMIT,
    ),
    Case(
        "circleci",
        "listJobArtifacts",
        circleci_job_artifacts.sync_detailed,
        {**CC_PROJECT, "build_num": 24},
        200,
        CircleCIArtifact,
        is_list=True,
    ),
    Case(
        "circleci",
        "listLatestArtifacts",
        list_latest_artifacts.sync_detailed,
        {**CC_PROJECT, "branch": "main", "filter_": LatestArtifactsFilter.SUCCESSFUL},
        200,
        CircleCIArtifact,
        is_list=True,
    ),
    Case(
        "circleci",
        "listRecentBuilds",
        list_recent_builds.sync_detailed,
        {**CC_PROJECT, "limit": 20, "offset": 5, "filter_": LatestArtifactsFilter.COMPLETED},
        200,
        BuildSummary,
        is_list=True,
    ),
    Case(
        "circleci",
        "listRecentBranchBuilds",
        list_recent_branch_builds.sync_detailed,
        {**CC_PROJECT, "branch": "feature/login", "limit": 1, "shallow": True},
        200,
        BuildSummary,
        is_list=True,
    ),
    Case(
        "sourcecraft",
        "GetCubeArtifacts",
        get_cube_artifacts.sync_detailed,
        SC_CUBE,
        200,
        GetCubeArtifactsResponse,
    ),
    Case(
        "empirical",
        "listTestRunArtifacts",
        list_test_run_artifacts.sync_detailed,
        {"id": 456, "prefix": "data/login-test-chromium/", "suffix": ".webm"},
        200,
        TestRunArtifactsResponse,
    ),
    Case(
        "empirical",
        "listResources",
        list_resources.sync_detailed,
        {"page": 1, "per_page": 20},
        200,
        ResourcesResponse,
    ),
)
