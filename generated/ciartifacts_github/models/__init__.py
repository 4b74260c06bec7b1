"""Contains all the data models used in inputs/outputs"""

from .archive_format import ArchiveFormat
from .artifact import Artifact
from .artifact_list import ArtifactList
from .artifact_workflow_run import ArtifactWorkflowRun
from .basic_error import BasicError
from .sort_direction import SortDirection
from .validation_error import ValidationError
from .validation_error_detail import ValidationErrorDetail
from .workflow_run import WorkflowRun
from .workflow_run_actor import WorkflowRunActor
from .workflow_run_conclusion import WorkflowRunConclusion
from .workflow_run_head_commit_type_0 import WorkflowRunHeadCommitType0
from .workflow_run_head_repository import WorkflowRunHeadRepository
from .workflow_run_list import WorkflowRunList
from .workflow_run_pull_requests_type_0_item import WorkflowRunPullRequestsType0Item
from .workflow_run_referenced_workflows_type_0_item import (
    WorkflowRunReferencedWorkflowsType0Item,
)
from .workflow_run_repository import WorkflowRunRepository
from .workflow_run_status import WorkflowRunStatus
from .workflow_run_status_filter import WorkflowRunStatusFilter
from .workflow_run_triggering_actor import WorkflowRunTriggeringActor

__all__ = (
    "ArchiveFormat",
    "Artifact",
    "ArtifactList",
    "ArtifactWorkflowRun",
    "BasicError",
    "SortDirection",
    "ValidationError",
    "ValidationErrorDetail",
    "WorkflowRun",
    "WorkflowRunActor",
    "WorkflowRunConclusion",
    "WorkflowRunHeadCommitType0",
    "WorkflowRunHeadRepository",
    "WorkflowRunList",
    "WorkflowRunPullRequestsType0Item",
    "WorkflowRunReferencedWorkflowsType0Item",
    "WorkflowRunRepository",
    "WorkflowRunStatus",
    "WorkflowRunStatusFilter",
    "WorkflowRunTriggeringActor",
)
