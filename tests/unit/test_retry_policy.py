"""Which requests are retried, how long back-off waits, and what bounds a transfer."""

from __future__ import annotations

import pytest

from ciartifacts.errors import ConfigurationError
from ciartifacts.transport import LowSpeed, RetryPolicy, TransferOptions

POLICY = RetryPolicy(max_retries=3, deadline=30.0, backoff=0.5, max_backoff=8.0)


def test_only_idempotent_requests_are_retried_and_retries_run_out() -> None:
    assert POLICY.may_retry("GET", 1)
    assert POLICY.may_retry("GET", 3)
    assert not POLICY.may_retry("GET", 4)
    assert not POLICY.may_retry("DELETE", 1)
    assert not POLICY.may_retry("POST", 1)


def test_backoff_grows_with_jitter_up_to_its_cap() -> None:
    for attempt, (low, high) in {1: (0.25, 0.5), 2: (0.5, 1.0), 3: (1.0, 2.0)}.items():
        delays = [POLICY.backoff_delay(attempt) for _ in range(50)]
        assert all(low <= delay <= high for delay in delays)
        assert len(set(delays)) > 1  # jittered, so workers do not retry in lockstep
    assert all(4.0 <= POLICY.backoff_delay(10) <= 8.0 for _ in range(20))


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": 0},
        {"timeout": -1.0},
        {"low_speed_time": float("inf")},
        {"low_speed_limit": float("nan")},
        {"low_speed_limit": -1},
        {"max_pages": 0},
        {"max_pages": True},
    ],
)
def test_numbers_must_be_finite_and_positive(options: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError, match="must be"):
        TransferOptions(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["deadline", "backoff", "max_backoff"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -2.0])
def test_retry_policy_numbers_are_checked(field: str, value: float) -> None:
    with pytest.raises(ConfigurationError, match=field):
        RetryPolicy(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="max_retries"):
        RetryPolicy(max_retries=-1)


def test_low_speed_fails_a_trickle_only_after_a_full_window() -> None:
    rule = LowSpeed(limit=1000, window=10.0, now=0.0)
    assert not rule.too_slow(1, now=3.0)  # slow, but the window is not over yet
    assert not rule.too_slow(1, now=9.9)
    assert rule.too_slow(1, now=10.0)  # 3 bytes in 10 s


def test_low_speed_accepts_a_fast_window_and_starts_the_next_afresh() -> None:
    rule = LowSpeed(limit=1000, window=1.0, now=0.0)
    assert not rule.too_slow(5000, now=1.0)
    assert not rule.too_slow(10, now=1.5)  # a new window began at 1.0
    assert rule.too_slow(10, now=2.0)
    assert not LowSpeed(limit=0, window=1.0, now=0.0).too_slow(0, now=5.0)  # 0 disables it
