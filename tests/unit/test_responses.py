"""Provider error bodies of every shape map to the right APIError with message and request id."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ciartifacts.errors import (
    APIError,
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from ciartifacts.responses import error_from_response as error_for
from ciartifacts.responses import retry_after_seconds


def response(status: int, body: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers=headers)


def error_from_response(provider: str, answer: httpx.Response, **options: Any) -> APIError:
    return error_for(provider, answer, answer.content, **options)


def test_sourcecraft_body_gives_message_code_and_request_id() -> None:
    body = b'{"error_code":"NOT_FOUND","message":"run not found","request_id":"req-1","details":{}}'
    error = error_from_response("sourcecraft", response(404, body))
    assert isinstance(error, NotFoundError)
    assert (error.message, error.error_code, error.request_id) == (
        "run not found",
        "NOT_FOUND",
        "req-1",
    )
    assert "request id req-1" in str(error)
    assert "no access" in str(error)


def test_buildkite_422_errors_are_appended() -> None:
    body = b'{"message":"Validation failed","errors":["per_page must be <= 100"]}'
    error = error_from_response("buildkite", response(422, body))
    assert type(error) is APIError
    assert error.message == "Validation failed: per_page must be <= 100"


def test_empirical_error_key() -> None:
    error = error_from_response("empirical", response(401, b'{"error":"Unauthorized"}'))
    assert isinstance(error, AuthenticationError)
    assert error.message == "Unauthorized"


def test_html_from_a_proxy_gives_its_title() -> None:
    body = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    error = error_from_response("circleci", response(502, body, **{"X-Request-Id": "edge-9"}))
    assert isinstance(error, ServerError)
    assert error.message == "502 Bad Gateway"
    assert error.request_id == "edge-9"


def test_edn_body_gives_its_message() -> None:
    error = error_from_response("circleci", response(404, b'{:message "Project not found"}'))
    assert error.message == "Project not found"


def test_s3_xml_body() -> None:
    body = (
        b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"
        b"<RequestId>R1</RequestId></Error>"
    )
    error = error_from_response("buildkite storage", response(403, body))
    assert (error.message, error.error_code, error.request_id) == (
        "Request has expired",
        "AccessDenied",
        "R1",
    )


@pytest.mark.parametrize("body", [b"", b"   ", b"{not json", b"[1, 2]"])
def test_empty_or_odd_bodies_fall_back_to_the_status(body: bytes) -> None:
    error = error_from_response("buildkite", response(500, body))
    assert isinstance(error, ServerError)
    assert "HTTP 500" in str(error)


def test_rate_limit_wait_from_retry_after_or_the_windows_reset() -> None:
    assert retry_after_seconds(response(429, **{"Retry-After": "7"})) == 7.0
    # RateLimit-Reset is Buildkite's: its provider reads it (rate_limit), not this module.
    assert retry_after_seconds(response(429, **{"RateLimit-Reset": "42"})) is None
    assert retry_after_seconds(response(429, **{"Retry-After": "soon"})) is None
    limited = error_from_response(
        "buildkite", response(429, b'{"message":"slow down"}'), retry_after=3.0
    )
    assert isinstance(limited, RateLimitedError)
    assert limited.retry_after == 3.0
    refused = error_from_response("github", response(403, b'{"message":"API rate limit"}'))
    assert type(refused).__name__ == "PermissionDeniedError"
    refused = error_from_response(
        "github", response(403, b'{"message":"API rate limit"}'), rate_limited=True
    )
    assert isinstance(refused, RateLimitedError)
    assert refused.status == 403


def test_urls_in_messages_lose_their_query() -> None:
    body = b'{"message":"expired: https://bucket.s3.amazonaws.com/a?X-Amz-Signature=SECRET"}'
    error = error_from_response("buildkite", response(403, body))
    assert "SECRET" not in str(error)
    assert "SECRET" not in repr(error)
