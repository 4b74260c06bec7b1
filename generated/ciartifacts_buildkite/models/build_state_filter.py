from enum import StrEnum


class BuildStateFilter(StrEnum):
    BLOCKED = "blocked"
    CANCELED = "canceled"
    CANCELING = "canceling"
    CREATING = "creating"
    FAILED = "failed"
    FAILING = "failing"
    FINISHED = "finished"
    NOT_RUN = "not_run"
    PASSED = "passed"
    RUNNING = "running"
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
