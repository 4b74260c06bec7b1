"""The exception hierarchy: messages, subclass choice, redaction, pickling."""

import copy
import pickle

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ciartifacts.errors import (
    APIError,
    AuthenticationError,
    ChecksumMismatchError,
    CIArtifactsError,
    ConfigurationError,
    IntegrityError,
    InvalidPatternError,
    InvalidRefError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    SizeMismatchError,
    TransportError,
    UnsafePathError,
    UnsupportedOperation,
    UnsupportedOperationError,
    api_error_for_status,
    redact_url,
)

HINT = "404 may also mean the token has no access to this resource"


# --- API errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (599, ServerError),
        (400, APIError),
        (409, APIError),
        (410, APIError),
        (422, APIError),
        (600, APIError),
        (302, APIError),
    ],
)
def test_subclass_per_status(status: int, cls: type[APIError]) -> None:
    error = api_error_for_status("buildkite", status, "boom", "rid")
    assert type(error) is cls
    assert isinstance(error, CIArtifactsError)
    assert error.status == status
    assert error.provider == "buildkite"
    assert error.message == "boom"
    assert error.request_id == "rid"


def test_not_found_message_has_the_hint() -> None:
    error = api_error_for_status("buildkite", 404, "Not Found", "abc")
    assert str(error) == f"buildkite: HTTP 404: Not Found (request id abc); {HINT}"


def test_other_statuses_have_no_hint() -> None:
    error = api_error_for_status("circleci", 403, "Permission denied", None)
    assert str(error) == "circleci: HTTP 403: Permission denied"
    assert HINT not in str(api_error_for_status("circleci", 400, None, None))


def test_api_error_details() -> None:
    error = api_error_for_status("circleci", 429, None, "r-1", "rate_limited", 30.0)
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 30.0
    assert error.error_code == "rate_limited"
    assert str(error) == (
        "circleci: HTTP 429: Too Many Requests "
        "(error code rate_limited; request id r-1; retry after 30s)"
    )


def test_api_error_falls_back_to_status_phrase() -> None:
    assert str(APIError("empirical", 503)) == "empirical: HTTP 503: Service Unavailable"
    assert str(APIError("empirical", 599, "  ")) == "empirical: HTTP 599: error"


def test_api_error_is_one_line_and_bounded() -> None:
    error = APIError("sourcecraft", 500, "line one\nline two\r\n" + "x" * 5000)
    text = str(error)
    assert "\n" not in text
    assert "line one line two" in text
    assert len(text) < 400


def test_api_error_repr() -> None:
    error = api_error_for_status("buildkite", 404, "Not Found", "abc")
    assert repr(error) == (
        "NotFoundError(provider='buildkite', status=404, message='Not Found', request_id='abc')"
    )


def test_urls_inside_provider_messages_are_redacted() -> None:
    message = "upload to https://bucket.s3.amazonaws.com/a/b.zip?X-Amz-Signature=SECRET failed"
    error = APIError("buildkite", 400, message)
    for shown in (str(error), repr(error), error.message or ""):
        assert "SECRET" not in shown
        assert "https://bucket.s3.amazonaws.com/a/b.zip" in shown


@given(
    st.text(max_size=50),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=12, max_size=20),
    st.text(max_size=50),
)
def test_query_secrets_never_shown(before: str, secret: str, after: str) -> None:
    assume(secret not in before and secret not in after)
    url = f"https://user:pw-{secret}@host.example/path?token={secret}&x=1#{secret}"
    error = APIError("buildkite", 404, f"{before} {url} {after}", request_id="r")
    assert secret not in str(error)
    assert secret not in repr(error)
    assert "https://host.example/path" in repr(error)


# --- transport --------------------------------------------------------------------


def test_transport_error_redacts_url() -> None:
    error = TransportError(
        "empirical", "connection refused", "https://u:p@api.example/v1/x?sig=SECRET#frag"
    )
    assert error.url == "https://api.example/v1/x"
    assert str(error) == "empirical: request to https://api.example/v1/x failed: connection refused"
    assert "SECRET" not in repr(error)


def test_timeout_is_a_transport_error() -> None:
    error = RequestTimeoutError("circleci", "read timeout")
    assert isinstance(error, TransportError)
    assert str(error) == "circleci: request timed out: read timeout"


# --- the rest of the hierarchy -------------------------------------------------------


def test_integrity_errors() -> None:
    checksum = ChecksumMismatchError("buildkite", "dist/app.tgz", "sha256", "aa11", "bb22")
    size = SizeMismatchError("empirical", "video.webm", 100, 90)
    assert isinstance(checksum, IntegrityError)
    assert isinstance(size, IntegrityError)
    assert str(checksum) == (
        "buildkite: sha256 checksum mismatch for 'dist/app.tgz': expected aa11, got bb22"
    )
    assert str(size) == "empirical: size mismatch for 'video.webm': expected 100 bytes, got 90"


def test_unsafe_path_error_shows_path_and_reason() -> None:
    error = UnsafePathError("../../etc/passwd", "it leaves the destination folder", "circleci")
    assert str(error) == (
        "circleci: refusing unsafe artifact path '../../etc/passwd': "
        "it leaves the destination folder"
    )
    # Control characters in a hostile path stay visible.
    assert "\\n" in str(UnsafePathError("a\nb", "newline"))


def test_unsupported_operation() -> None:
    error = UnsupportedOperationError("circleci", "delete")
    assert str(error) == "circleci does not support delete"
    assert repr(error) == "UnsupportedOperationError(provider='circleci', operation='delete')"


def test_unsupported_operation_keeps_its_former_name() -> None:
    assert UnsupportedOperation is UnsupportedOperationError
    with pytest.raises(UnsupportedOperation):
        raise UnsupportedOperationError("empirical", "delete")


def test_invalid_ref_error_lists_forms() -> None:
    error = InvalidRefError("nope", "unknown provider", ("form:A", "form:B"))
    assert isinstance(error, ValueError)
    assert str(error) == (
        "invalid run reference 'nope': unknown provider\nAccepted forms:\n  form:A\n  form:B"
    )
    from ciartifacts.refs import accepted_forms

    assert InvalidRefError(None, "x").accepted_forms == accepted_forms()


def test_invalid_pattern_error() -> None:
    error = InvalidPatternError("{a", "unbalanced '{'", 0)
    assert isinstance(error, ValueError)
    assert str(error) == "invalid pattern '{a' at position 0: unbalanced '{'"


def test_configuration_error_names_variables_not_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILDKITE_API_TOKEN", "bkua_SECRETSECRET")
    error = ConfigurationError.missing_token("buildkite", ["BUILDKITE_API_TOKEN", "BK_TOKEN"])
    assert str(error).endswith("(looked at: BUILDKITE_API_TOKEN, BK_TOKEN)")
    assert "buildkite" in str(error)
    assert "SECRET" not in str(error) + repr(error)
    assert str(ConfigurationError("no org")) == "no org"


ALL_ERRORS = [
    CIArtifactsError("plain"),
    APIError("buildkite", 418, "teapot", "r", "code", 1.5),
    NotFoundError("buildkite", 404, "gone", "r"),
    RateLimitedError("circleci", 429, None, None, None, 3.0),
    ServerError("empirical", 502),
    TransportError("sourcecraft", "dns failure", "https://x.example/a?b=c"),
    RequestTimeoutError("sourcecraft", "connect timeout"),
    ChecksumMismatchError("buildkite", "p", "md5", "a", "b"),
    SizeMismatchError("buildkite", "p", 1, 2),
    UnsafePathError("/etc/passwd", "absolute"),
    UnsupportedOperationError("circleci", "delete"),
    InvalidRefError("x", "bad"),
    InvalidPatternError("{", "unbalanced", 0),
    ConfigurationError("no token", ["A", "B"]),
]


@pytest.mark.parametrize("error", ALL_ERRORS, ids=lambda e: type(e).__name__)
def test_errors_pickle_and_copy(error: CIArtifactsError) -> None:
    for clone in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert type(clone) is type(error)
        assert clone.args == error.args
        assert str(clone) == str(error)
        assert repr(clone) == repr(error)
        assert vars(clone) == vars(error)


@pytest.mark.parametrize("error", ALL_ERRORS, ids=lambda e: type(e).__name__)
def test_repr_names_the_class(error: CIArtifactsError) -> None:
    assert repr(error).startswith(type(error).__name__ + "(")
    assert "?" not in repr(error)


# --- redact_url --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://example.com/a/b?X-Amz-Signature=abc&X-Amz-Credential=d",
            "https://example.com/a/b",
        ),
        ("https://user:pass@example.com:8443/a#frag", "https://example.com:8443/a"),
        ("https://token@example.com", "https://example.com"),
        ("https://a@b@example.com/p@q", "https://example.com/p@q"),
        ("http://[::1]:8080/x?y", "http://[::1]:8080/x"),
        ("//user@cdn.example/x?sig=1", "//cdn.example/x"),
        ("https://example.com/a#b?c", "https://example.com/a"),
        ("https://example.com/", "https://example.com/"),
        ("relative/path?q=1", "relative/path"),
        ("http://[broken?x=1", "http://[broken"),
        ("", ""),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@given(st.text())
def test_redact_url_drops_query_and_userinfo_from_anything(url: str) -> None:
    redacted = redact_url(url)
    assert "?" not in redacted
    assert "#" not in redacted
    assert url.startswith(redacted.split("//", 1)[0])
    assert redact_url(redacted) == redacted


@given(
    st.sampled_from(["http", "https", "s3"]),
    st.text(alphabet="abc:.-", min_size=1),
    st.text(alphabet="abcdef.-", min_size=1),
    st.text(alphabet="abc/._-%@", max_size=20),
    st.text(alphabet="abc=&/?:@", max_size=20),
)
def test_redact_url_keeps_scheme_host_and_path(
    scheme: str, userinfo: str, host: str, path: str, query: str
) -> None:
    url = f"{scheme}://{userinfo}@{host}/{path}?{query}#frag"
    assert redact_url(url) == f"{scheme}://{host}/{path}"
