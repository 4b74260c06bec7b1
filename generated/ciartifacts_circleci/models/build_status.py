from enum import StrEnum


class BuildStatus(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    FIXED = "fixed"
    INFRASTRUCTURE_FAIL = "infrastructure_fail"
    NOT_RUN = "not_run"
    NOT_RUNNING = "not_running"
    NO_TESTS = "no_tests"
    QUEUED = "queued"
    RETRIED = "retried"
    RUNNING = "running"
    SCHEDULED = "scheduled"
    SUCCESS = "success"
    TIMEDOUT = "timedout"

    def __str__(self) -> str:
        return str(self.value)
