from enum import StrEnum


class WorkflowRunStatus(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    QUEUED = "queued"
    REQUESTED = "requested"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
