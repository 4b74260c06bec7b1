"""Contains all the data models used in inputs/outputs"""

from .artifact import Artifact
from .artifact_dates import ArtifactDates
from .artifact_status import ArtifactStatus
from .error_response import ErrorResponse
from .error_response_details import ErrorResponseDetails
from .get_cube_artifacts_response import GetCubeArtifactsResponse

__all__ = (
    "Artifact",
    "ArtifactDates",
    "ArtifactStatus",
    "ErrorResponse",
    "ErrorResponseDetails",
    "GetCubeArtifactsResponse",
)
