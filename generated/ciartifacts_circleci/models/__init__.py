"""Contains all the data models used in inputs/outputs"""

from .artifact import Artifact
from .error import Error
from .latest_artifacts_filter import LatestArtifactsFilter

__all__ = (
    "Artifact",
    "Error",
    "LatestArtifactsFilter",
)
