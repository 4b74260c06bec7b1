from enum import StrEnum


class BuildOutcome(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    INFRASTRUCTURE_FAIL = "infrastructure_fail"
    NO_TESTS = "no_tests"
    SUCCESS = "success"
    TIMEDOUT = "timedout"

    def __str__(self) -> str:
        return str(self.value)
