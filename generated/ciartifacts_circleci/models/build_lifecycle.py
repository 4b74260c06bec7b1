from enum import StrEnum


class BuildLifecycle(StrEnum):
    FINISHED = "finished"
    NOT_RUN = "not_run"
    NOT_RUNNING = "not_running"
    QUEUED = "queued"
    RUNNING = "running"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
