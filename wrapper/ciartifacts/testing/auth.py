"""Credential checks shared by the fakes (and the storage's "no credentials" rule)."""

import base64
import binascii
import secrets

from ciartifacts.testing.messages import Request

__all__ = [
    "CREDENTIAL_HEADERS",
    "CREDENTIAL_QUERY_PARAMETERS",
    "basic_username",
    "bearer_token",
    "carries_credentials",
    "new_token",
    "token_matches",
]

CREDENTIAL_HEADERS = ("authorization", "circle-token")
"""Headers that carry an API credential: storage rejects a request bearing any."""

CREDENTIAL_QUERY_PARAMETERS = ("circle-token", "access_token")
"""Query parameters that carry an API credential (legacy forms)."""


def new_token(prefix: str) -> str:
    """A fresh random token, prefixed like the provider's real ones."""
    return f"{prefix}{secrets.token_hex(20)}"


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison; a missing credential never matches."""
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _, value = (request.header("authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def basic_username(request: Request) -> str | None:
    """The user name of an ``Authorization: Basic`` header, or None."""
    scheme, _, value = (request.header("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[0]


def carries_credentials(request: Request) -> bool:
    """Whether the request carries any API credential, in a header or the query."""
    if any(request.header(name) is not None for name in CREDENTIAL_HEADERS):
        return True
    query_names = {name.lower() for name in request.query}
    return any(name in query_names for name in CREDENTIAL_QUERY_PARAMETERS)
