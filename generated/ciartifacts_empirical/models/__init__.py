"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .pagination import Pagination
from .resource import Resource
from .resource_status import ResourceStatus
from .resources_data import ResourcesData
from .resources_response import ResourcesResponse
from .test_run_artifact import TestRunArtifact
from .test_run_artifacts_data import TestRunArtifactsData
from .test_run_artifacts_response import TestRunArtifactsResponse

__all__ = (
    "Error",
    "Pagination",
    "Resource",
    "ResourcesData",
    "ResourcesResponse",
    "ResourceStatus",
    "TestRunArtifact",
    "TestRunArtifactsData",
    "TestRunArtifactsResponse",
)
