"""Contains all the data models used in inputs/outputs"""

from .artifact import Artifact
from .build_lifecycle import BuildLifecycle
from .build_outcome import BuildOutcome
from .build_pull_request import BuildPullRequest
from .build_status import BuildStatus
from .build_summary import BuildSummary
from .build_user import BuildUser
from .build_workflows import BuildWorkflows
from .build_workflows_upstream_concurrency_map import (
    BuildWorkflowsUpstreamConcurrencyMap,
)
from .error import Error
from .latest_artifacts_filter import LatestArtifactsFilter
from .previous_build import PreviousBuild

__all__ = (
    "Artifact",
    "BuildLifecycle",
    "BuildOutcome",
    "BuildPullRequest",
    "BuildStatus",
    "BuildSummary",
    "BuildUser",
    "BuildWorkflows",
    "BuildWorkflowsUpstreamConcurrencyMap",
    "Error",
    "LatestArtifactsFilter",
    "PreviousBuild",
)
