"""Credential checks shared by the fakes (and the storage's "no credentials" rule)."""

import base64
import binascii
import functools
import secrets
from collections.abc import Iterable
from urllib.parse import unquote

from ciartifacts.testing.messages import Request

__all__ = [
    "basic_username",
    "bearer_token",
    "carries_credentials",
    "credential_headers",
    "credential_query_parameters",
    "new_token",
    "token_matches",
]


@functools.cache
def credential_headers() -> tuple[str, ...]:
    """Every request header (lower case) in which a registered provider sends a credential.

    Taken from each provider's ``credential_headers``: a new provider's headers count as
    credentials at storage without anyone listing them here.
    """
    from ciartifacts.providers import provider_classes

    names = {name.lower() for cls in provider_classes() for name in cls.credential_headers}
    return tuple(sorted(names))


@functools.cache
def credential_query_parameters() -> tuple[str, ...]:
    """Query parameters (lower case) in which a registered provider accepts a credential."""
    from ciartifacts.providers import provider_classes

    names = {name.lower() for cls in provider_classes() for name in cls.credential_query_parameters}
    return tuple(sorted(names))


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


def carries_credentials(request: Request, tokens: Iterable[str] = ()) -> bool:
    """Whether the request carries an API credential.

    That is: any header a registered provider sends credentials in, any query parameter one
    accepts them in, or any of ``tokens`` (the fakes' own) anywhere in the path, the query or
    a header value, whatever the header is called.
    """
    if any(request.header(name) is not None for name in credential_headers()):
        return True
    query_names = {name.lower() for name in request.query}
    if any(name in query_names for name in credential_query_parameters()):
        return True
    places = [unquote(request.target), *request.headers.values()]
    places += [unquote(value) for values in request.query.values() for value in values]
    return any(token and token in place for token in tokens for place in places)
