from enum import StrEnum


class JobType(StrEnum):
    MANUAL = "manual"
    SCRIPT = "script"
    TRIGGER = "trigger"
    WAITER = "waiter"

    def __str__(self) -> str:
        return str(self.value)
