from enum import StrEnum


class ArchiveFormat(StrEnum):
    ZIP = "zip"

    def __str__(self) -> str:
        return str(self.value)
