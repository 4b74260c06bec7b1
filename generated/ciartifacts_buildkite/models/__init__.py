"""Contains all the data models used in inputs/outputs"""

from .artifact import Artifact
from .artifact_download import ArtifactDownload
from .artifact_state import ArtifactState
from .error import Error
from .rate_limit_error import RateLimitError

__all__ = (
    "Artifact",
    "ArtifactDownload",
    "ArtifactState",
    "Error",
    "RateLimitError",
)
