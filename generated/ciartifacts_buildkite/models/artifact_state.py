from enum import StrEnum


class ArtifactState(StrEnum):
    DELETED = "deleted"
    ERROR = "error"
    EXPIRED = "expired"
    FINISHED = "finished"
    NEW = "new"

    def __str__(self) -> str:
        return str(self.value)
