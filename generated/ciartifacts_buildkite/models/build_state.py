from enum import StrEnum


class BuildState(StrEnum):
    BLOCKED = "blocked"
    CANCELED = "canceled"
    CANCELING = "canceling"
    CREATING = "creating"
    FAILED = "failed"
    FAILING = "failing"
    NOT_RUN = "not_run"
    PASSED = "passed"
    RUNNING = "running"
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"
    WAITING = "waiting"
    WAITING_FAILED = "waiting_failed"

    def __str__(self) -> str:
        return str(self.value)
