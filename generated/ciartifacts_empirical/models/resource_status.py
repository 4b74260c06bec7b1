from enum import StrEnum


class ResourceStatus(StrEnum):
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
