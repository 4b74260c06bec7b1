"""When a request is retried, and how long the client waits first."""

from __future__ import annotations

import time

import httpx
import pytest

from ciartifacts.transport import RetryPolicy

GET = httpx.Request("GET", "https://api.example/x")
POLICY = RetryPolicy(max_retries=3, deadline=30.0, backoff=0.5, max_backoff=8.0, max_wait=10.0)


def answer(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=GET)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_transient_statuses_and_connection_failures_are_retried(status: int) -> None:
    started = time.monotonic()
    wait = POLICY.wait_before_retry(GET, answer(status), 1, started)
    assert wait is not None
    assert 0.25 <= wait <= 0.5
    assert POLICY.wait_before_retry(GET, None, 1, started) is not None


@pytest.mark.parametrize("status", [200, 302, 400, 401, 404, 500])
def test_other_statuses_are_not_retried(status: int) -> None:
    assert POLICY.wait_before_retry(GET, answer(status), 1, time.monotonic()) is None


def test_only_idempotent_requests_are_retried() -> None:
    delete = httpx.Request("DELETE", "https://api.example/x")
    assert POLICY.wait_before_retry(delete, answer(503), 1, time.monotonic()) is None
    assert POLICY.wait_before_retry(delete, None, 1, time.monotonic()) is None


def test_the_server_decides_the_wait_within_the_cap() -> None:
    started = time.monotonic()
    asked = POLICY.wait_before_retry(GET, answer(429, **{"Retry-After": "3"}), 1, started)
    assert asked is not None
    assert 3.0 <= asked <= 3.25
    reset = POLICY.wait_before_retry(GET, answer(429, **{"RateLimit-Reset": "600"}), 1, started)
    assert reset is not None
    assert 10.0 <= reset <= 10.25


def test_backoff_grows_and_retries_run_out() -> None:
    started = time.monotonic()
    third = POLICY.wait_before_retry(GET, answer(503), 3, started)
    assert third is not None
    assert 1.0 <= third <= 2.0
    assert POLICY.wait_before_retry(GET, answer(503), 4, started) is None


def test_no_retry_that_would_overrun_the_deadline() -> None:
    long_ago = time.monotonic() - 29.9
    assert POLICY.wait_before_retry(GET, answer(429, **{"Retry-After": "5"}), 1, long_ago) is None
