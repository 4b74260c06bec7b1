"""Contains all the data models used in inputs/outputs"""

from .artifact import Artifact
from .artifact_download import ArtifactDownload
from .artifact_state import ArtifactState
from .build import Build
from .build_creator import BuildCreator
from .build_env import BuildEnv
from .build_meta_data import BuildMetaData
from .build_pipeline import BuildPipeline
from .build_pull_request import BuildPullRequest
from .build_reference import BuildReference
from .build_state import BuildState
from .build_state_filter import BuildStateFilter
from .error import Error
from .job import Job
from .job_agent import JobAgent
from .job_retry_source import JobRetrySource
from .job_state import JobState
from .job_step import JobStep
from .job_type import JobType
from .rate_limit_error import RateLimitError
from .triggered_build import TriggeredBuild

__all__ = (
    "Artifact",
    "ArtifactDownload",
    "ArtifactState",
    "Build",
    "BuildCreator",
    "BuildEnv",
    "BuildMetaData",
    "BuildPipeline",
    "BuildPullRequest",
    "BuildReference",
    "BuildState",
    "BuildStateFilter",
    "Error",
    "Job",
    "JobAgent",
    "JobRetrySource",
    "JobState",
    "JobStep",
    "JobType",
    "RateLimitError",
    "TriggeredBuild",
)
