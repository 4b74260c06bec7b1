from enum import StrEnum


class LatestArtifactsFilter(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    RUNNING = "running"
    SUCCESSFUL = "successful"

    def __str__(self) -> str:
        return str(self.value)
