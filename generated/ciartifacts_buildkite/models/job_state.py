from enum import StrEnum


class JobState(StrEnum):
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    BLOCKED = "blocked"
    BLOCKED_FAILED = "blocked_failed"
    BROKEN = "broken"
    CANCELED = "canceled"
    CANCELING = "canceling"
    EXPIRED = "expired"
    FAILED = "failed"
    LIMITED = "limited"
    PASSED = "passed"
    PENDING = "pending"
    RUNNING = "running"
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"
    TIMED_OUT = "timed_out"
    TIMING_OUT = "timing_out"
    UNBLOCKED = "unblocked"
    UNBLOCKED_FAILED = "unblocked_failed"
    WAITING = "waiting"
    WAITING_FAILED = "waiting_failed"

    def __str__(self) -> str:
        return str(self.value)
