from enum import StrEnum


class ArtifactStatus(StrEnum):
    FAILED = "failed"
    MISSING = "missing"
    REGISTERED = "registered"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
