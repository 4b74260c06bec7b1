"""The exceptions raised by ciartifacts, all rooted in :class:`CIArtifactsError`.

Every message and ``repr`` here is safe to print or log: URLs are shown through
:func:`redact_url` (signed artifact URLs carry credentials in their query
string), and no exception accepts a token or response headers in the first place.

Each exception keeps its constructor arguments in ``args``, so it pickles and
round-trips through ``copy`` like any built-in exception.
"""

import re
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, ClassVar, Self

if TYPE_CHECKING:
    from ciartifacts.downloads import DownloadReport

__all__ = [
    "APIError",
    "AuthenticationError",
    "CIArtifactsError",
    "ChecksumMismatchError",
    "ConfigurationError",
    "CorruptArchiveError",
    "DownloadError",
    "IntegrityError",
    "InvalidPatternError",
    "InvalidRefError",
    "LocalWriteError",
    "NoMatchingRunError",
    "NotDownloadableError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RequestTimeoutError",
    "ServerError",
    "SizeMismatchError",
    "TransportError",
    "UnexpectedResponseError",
    "UnsafePathError",
    "UnsupportedOperation",
    "UnsupportedOperationError",
    "api_error_for_status",
    "one_line",
    "redact_secrets",
    "redact_url",
]

# Long provider messages or paths would make the one-line summaries unreadable.
_MAX_SHOWN = 300

_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")
_AUTHORITY_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//(?P<authority>[^/]*)(?P<rest>.*)", re.DOTALL
)


def redact_url(url: str) -> str:
    """Return ``url`` without its query string, fragment and userinfo.

    Signed artifact URLs (S3, GCS, Azure) carry their credentials in the query
    string, and ``user:password@`` may carry others, so every URL that ends up in
    a message goes through this first. It never raises: text that is not a URL
    only loses anything from the first ``?`` or ``#`` on.
    """
    # Plain string surgery rather than urllib: urlsplit raises on some malformed
    # input and urlunsplit rewrites others, and this must work on anything.
    cut = len(url)
    for mark in ("?", "#"):
        index = url.find(mark)
        if index != -1:
            cut = min(cut, index)
    base = url[:cut]
    match = _AUTHORITY_URL.fullmatch(base)
    if match is None:
        return base
    host = match["authority"].rpartition("@")[2]
    return f"{match['scheme'] or ''}//{host}{match['rest']}"


def _scrub(text: str) -> str:
    """Redact every URL inside free text, such as a provider's error message."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


def one_line(text: str, limit: int = _MAX_SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _shown(value: str, limit: int = _MAX_SHOWN) -> str:
    """``repr`` of a user-supplied value, so control characters stay visible."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[0]


REDACTED = "[REDACTED]"


def redact_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret (a token in use) replaced."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return text


class CIArtifactsError(Exception):
    """Base class of every exception raised by ciartifacts.

    ``artifact_path`` names the artifact an error is about, when it is about one (a failed
    download); the message then says which.
    """

    # Attribute names shown by __repr__ (None values are left out).
    _repr_fields: ClassVar[tuple[str, ...]] = ()
    artifact_path: str | None = None

    def for_artifact(self, path: str) -> Self:
        """Say which artifact this error is about (kept when pickled, like any attribute)."""
        self.artifact_path = path
        return self

    def redact(self, secrets: Iterable[str]) -> Self:
        """Remove the given secrets from every text of this error, in place.

        Servers echo credentials back in error messages; the clients call this with the
        tokens in use before an error leaves them.
        """
        secrets = [secret for secret in secrets if secret]
        if not secrets:
            return self
        for name, value in list(vars(self).items()):
            if isinstance(value, str):
                setattr(self, name, redact_secrets(value, secrets))
        self.args = tuple(
            redact_secrets(arg, secrets) if isinstance(arg, str) else arg for arg in self.args
        )
        return self

    def _about(self) -> str:
        """``'path': `` when the error is about an artifact, for messages to start with."""
        return "" if self.artifact_path is None else f"{_shown(self.artifact_path)}: "

    def __repr__(self) -> str:
        if not self._repr_fields:
            return super().__repr__()
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in self._repr_fields
            if getattr(self, name, None) is not None
        )
        return f"{type(self).__name__}({shown})"


class APIError(CIArtifactsError):
    """A provider answered with an HTTP error status.

    ``message`` is the provider's own message (with any URL in it redacted);
    ``retry_after`` is in seconds. Use :func:`api_error_for_status` to get the
    subclass that fits the status.
    """

    _repr_fields = ("provider", "status", "message", "request_id", "error_code", "retry_after")

    # Positional like the other exceptions so that pickling (cls(*args)) works.
    def __init__(  # noqa: PLR0917
        self,
        provider: str,
        status: int,
        message: str | None = None,
        request_id: str | None = None,
        error_code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        message = None if message is None else _scrub(message)
        super().__init__(provider, status, message, request_id, error_code, retry_after)
        self.provider = provider
        self.status = status
        self.message = message
        self.request_id = request_id
        self.error_code = error_code
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = self.message.strip() if self.message else ""
        if not text:
            try:
                text = HTTPStatus(self.status).phrase
            except ValueError:
                text = "error"
        details = []
        if self.error_code:
            details.append(f"error code {one_line(self.error_code, 80)}")
        if self.request_id:
            details.append(f"request id {one_line(self.request_id, 80)}")
        if self.retry_after is not None:
            details.append(f"retry after {self.retry_after:g}s")
        line = f"{self.provider}: {self._about()}HTTP {self.status}: {one_line(text)}"
        if details:
            line += f" ({'; '.join(details)})"
        if self.status == 404:
            line += "; 404 may also mean the token has no access to this resource"
        return line


class AuthenticationError(APIError):
    """HTTP 401: the token is missing, malformed, expired or revoked."""


class PermissionDeniedError(APIError):
    """HTTP 403: the token is valid but lacks the scope or access needed."""


class NotFoundError(APIError):
    """HTTP 404. Providers also answer 404 when the token cannot see the resource."""


class RateLimitedError(APIError):
    """HTTP 429: too many requests; ``retry_after`` says how long to wait, if known."""


class ServerError(APIError):
    """HTTP 5xx: the provider failed; retrying later may help."""


class UnexpectedResponseError(APIError):
    """The provider answered, but not as its API documents: a body or field that does not
    parse, a redirect without a usable ``Location``, too many redirects, pagination that loops
    or ends early, a partial body where the whole file was asked for. ``status`` is the HTTP
    status of the answer at fault, 0 when the fault is not one answer's."""

    def __str__(self) -> str:
        text = one_line(self.message or "unexpected response")
        status = f" (HTTP {self.status})" if self.status else ""
        return f"{self.provider}: {self._about()}{text}{status}"


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitedError,
}


def api_error_for_status(  # noqa: PLR0917
    provider: str,
    status: int,
    message: str | None,
    request_id: str | None,
    error_code: str | None = None,
    retry_after: float | None = None,
) -> APIError:
    """Build the :class:`APIError` subclass matching ``status`` (plain APIError otherwise)."""
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if 500 <= status <= 599 else APIError
    return cls(provider, status, message, request_id, error_code, retry_after)


class TransportError(CIArtifactsError):
    """The request never got an HTTP answer (DNS, connection, TLS, protocol failure).

    ``description`` should be the underlying error's text; URLs in it are
    redacted, and ``url`` is stored already redacted.
    """

    _repr_fields = ("provider", "description", "url")
    _failure: ClassVar[str] = "failed"

    def __init__(self, provider: str, description: str, url: str | None = None) -> None:
        description = _scrub(description)
        url = None if url is None else redact_url(url)
        super().__init__(provider, description, url)
        self.provider = provider
        self.description = description
        self.url = url

    def __str__(self) -> str:
        target = f" to {self.url}" if self.url else ""
        reason = one_line(self.description) or "no details"
        return f"{self.provider}: {self._about()}request{target} {self._failure}: {reason}"


class RequestTimeoutError(TransportError):
    """The request timed out (connecting, reading or writing)."""

    _failure = "timed out"


class IntegrityError(CIArtifactsError):
    """A downloaded artifact does not match what the provider said it would be."""

    provider: str
    path: str


class ChecksumMismatchError(IntegrityError):
    """The downloaded bytes hash to something other than the provider's checksum."""

    _repr_fields = ("provider", "path", "algorithm", "expected", "actual")

    def __init__(
        self, provider: str, path: str, algorithm: str, expected: str, actual: str
    ) -> None:
        super().__init__(provider, path, algorithm, expected, actual)
        self.provider = provider
        self.path = path
        self.algorithm = algorithm
        self.expected = expected
        self.actual = actual

    def __str__(self) -> str:
        return (
            f"{self.provider}: {self.algorithm} checksum mismatch for {_shown(self.path)}: "
            f"expected {self.expected}, got {self.actual}"
        )


class SizeMismatchError(IntegrityError):
    """The download has a different number of bytes than the provider announced."""

    _repr_fields = ("provider", "path", "expected", "actual")

    def __init__(self, provider: str, path: str, expected: int, actual: int) -> None:
        super().__init__(provider, path, expected, actual)
        self.provider = provider
        self.path = path
        self.expected = expected
        self.actual = actual

    def __str__(self) -> str:
        return (
            f"{self.provider}: size mismatch for {_shown(self.path)}: "
            f"expected {self.expected} bytes, got {self.actual}"
        )


class CorruptArchiveError(IntegrityError):
    """An artifact served as a zip archive cannot be unpacked as it is: a member's CRC-32 does
    not match, the archive is truncated or malformed, or it uses what we cannot unpack
    (encryption, an unknown compression method)."""

    _repr_fields = ("provider", "path", "reason")

    def __init__(self, provider: str, path: str, reason: str) -> None:
        super().__init__(provider, path, reason)
        self.provider = provider
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.provider}: cannot unpack {_shown(self.path)}: {self.reason}"


class NoMatchingRunError(CIArtifactsError, LookupError):
    """A selecting ref (``.../latest?branch=main``) matches no run; ``selection`` says what
    was asked for: where, and with which filters."""

    _repr_fields = ("provider", "selection")

    def __init__(self, provider: str, selection: str) -> None:
        super().__init__(provider, selection)
        self.provider = provider
        self.selection = selection

    def __str__(self) -> str:
        return f"{self.provider}: no run matches {self.selection}"


class UnsafePathError(CIArtifactsError):
    """An artifact path was refused as a local file name (absolute, ``..``, etc.)."""

    _repr_fields = ("path", "reason", "provider")

    def __init__(self, path: str, reason: str, provider: str | None = None) -> None:
        super().__init__(path, reason, provider)
        self.path = path
        self.reason = reason
        self.provider = provider

    def __str__(self) -> str:
        who = f"{self.provider}: " if self.provider else ""
        return f"{who}refusing unsafe artifact path {_shown(self.path)}: {self.reason}"


class NotDownloadableError(CIArtifactsError):
    """The artifact is listed but cannot be downloaded in its current state."""

    _repr_fields = ("provider", "path", "state")

    def __init__(self, provider: str, path: str, state: str) -> None:
        super().__init__(provider, path, state)
        self.provider = provider
        self.path = path
        self.state = state

    def __str__(self) -> str:
        return f"{self.provider}: {_shown(self.path)} is not downloadable in state {self.state!r}"


class LocalWriteError(CIArtifactsError):
    """The artifact could not be written to the local disk (permissions, space, a folder
    where a file should go)."""

    _repr_fields = ("provider", "path", "reason")

    def __init__(self, provider: str, path: str, reason: str) -> None:
        super().__init__(provider, path, reason)
        self.provider = provider
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.provider}: cannot write {_shown(self.path)}: {one_line(self.reason)}"


class UnsupportedOperationError(CIArtifactsError):
    """The provider's API has no way to do the requested operation."""

    _repr_fields = ("provider", "operation")

    def __init__(self, provider: str, operation: str) -> None:
        super().__init__(provider, operation)
        self.provider = provider
        self.operation = operation

    def __str__(self) -> str:
        return f"{self.provider} does not support {self.operation}"


UnsupportedOperation = UnsupportedOperationError
"""The former name of :class:`UnsupportedOperationError`, kept so existing code still imports."""


class InvalidRefError(CIArtifactsError, ValueError):
    """A run reference could not be parsed or validated.

    ``text`` is the input (None when a typed ref was built with bad fields);
    ``reason`` says what was wrong. The message also lists every accepted form.
    """

    def __init__(
        self, text: str | None, reason: str, accepted_forms: Sequence[str] | None = None
    ) -> None:
        if accepted_forms is None:
            # Imported here because refs imports this module.
            from ciartifacts.refs import accepted_forms as registered_forms

            accepted_forms = registered_forms()
        forms = tuple(accepted_forms)
        super().__init__(text, reason, forms)
        self.text = text
        self.reason = reason
        self.accepted_forms = forms

    def __repr__(self) -> str:
        # The raw input may be a URL with a signed query string.
        text = None if self.text is None else _scrub(self.text)
        return f"{type(self).__name__}(text={text!r}, reason={self.reason!r})"

    def __str__(self) -> str:
        subject = "" if self.text is None else f" {_shown(_scrub(self.text), 200)}"
        lines = [f"invalid run reference{subject}: {self.reason}", "Accepted forms:"]
        lines.extend(f"  {form}" for form in self.accepted_forms)
        return "\n".join(lines)


class InvalidPatternError(CIArtifactsError, ValueError):
    """A glob pattern is malformed (empty, unbalanced braces, dangling backslash, ...)."""

    _repr_fields = ("pattern", "reason", "position")

    def __init__(self, pattern: str, reason: str, position: int | None = None) -> None:
        super().__init__(pattern, reason, position)
        self.pattern = pattern
        self.reason = reason
        self.position = position

    def __str__(self) -> str:
        where = "" if self.position is None else f" at position {self.position}"
        return f"invalid pattern {_shown(self.pattern)}{where}: {self.reason}"


class ConfigurationError(CIArtifactsError):
    """The client is not configured well enough to run, e.g. no token was found.

    ``env_vars`` names the environment variables that were looked at; their
    values are never part of the message.
    """

    _repr_fields = ("message", "env_vars")

    def __init__(self, message: str, env_vars: Sequence[str] = ()) -> None:
        names = tuple(env_vars)
        super().__init__(message, names)
        self.message = message
        self.env_vars = names

    @classmethod
    def missing_token(cls, provider: str, env_vars: Sequence[str]) -> Self:
        """The error for "no token given and none found in the environment"."""
        return cls(
            f"no API token for {provider}: pass one explicitly or set it in the environment",
            env_vars,
        )

    def __str__(self) -> str:
        if not self.env_vars:
            return self.message
        return f"{self.message} (looked at: {', '.join(self.env_vars)})"


class DownloadError(CIArtifactsError):
    """Some artifacts failed to download; the others were written. ``report`` has them all."""

    def __init__(self, report: "DownloadReport") -> None:
        super().__init__(report)
        self.report = report

    def __str__(self) -> str:
        failed = self.report.failed
        first = failed[0].error if failed else None
        return f"{len(failed)} of {len(self.report.results)} artifacts failed; first: {first}"
