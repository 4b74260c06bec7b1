"""Checks on the values servers send, before anything relies on them.

The generated models parse JSON without checking types: a ``null`` path or a ``"12"`` size
arrives as is. Providers read every field they use through these helpers, which raise
:class:`MalformedField`; the flow turns it into an
:class:`~ciartifacts.errors.UnexpectedResponseError` for that listing or that artifact.
"""

from __future__ import annotations

import math
import re

import httpx

_HEX = re.compile(r"[0-9a-fA-F]+")
_DIGEST_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}


class MalformedField(ValueError):
    """A field of a server's answer has a value the flow cannot use."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(field, problem)
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.field} {self.problem}"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _unset(value: object) -> bool:
    return type(value).__name__ == "Unset"


def text(value: object, field: str, *, optional: bool = False) -> str | None:
    """A string field (None for an absent or null optional one)."""
    if optional and (value is None or _unset(value)):
        return None
    if not isinstance(value, str):
        shown = "missing" if _unset(value) else _kind(value)
        raise MalformedField(field, f"is {shown}, expected a string")
    # An open enum's known values arrive as StrEnum members: keep the plain value.
    return value if type(value) is str else str(value)


def required_text(value: object, field: str) -> str:
    result = text(value, field)
    assert result is not None
    return result


def count(value: object, field: str, *, optional: bool = False) -> int | None:
    """A non-negative whole number (sizes, page numbers)."""
    if optional and (value is None or _unset(value)):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        shown = "missing" if _unset(value) else _kind(value)
        raise MalformedField(field, f"is {shown}, expected a whole number")
    if value < 0:
        raise MalformedField(field, f"is negative ({value})")
    return value


def required_count(value: object, field: str) -> int:
    result = count(value, field)
    assert result is not None
    return result


def run_number(value: object, field: str) -> int:
    """A run's number or id: a whole number from 1 to 2**53 - 1, as refs accept."""
    from ciartifacts.refs import MAX_NUMBER

    number = required_count(value, field)
    if not 1 <= number <= MAX_NUMBER:
        raise MalformedField(field, f"is {number}, expected a number from 1 to {MAX_NUMBER}")
    return number


def digest(value: object, field: str, algorithm: str) -> str | None:
    """A hex digest of ``algorithm``, or None when absent or empty."""
    hex_value = text(value, field, optional=True)
    if not hex_value:
        return None
    expected = _DIGEST_LENGTHS.get(algorithm)
    if not _HEX.fullmatch(hex_value) or (expected is not None and len(hex_value) != expected):
        raise MalformedField(field, f"is not a {algorithm} hex digest")
    return hex_value.lower()


def url(value: object, field: str) -> httpx.URL:
    """An absolute http(s) URL whose host and port can be connected to, parsed."""
    raw = required_text(value, field)
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise MalformedField(field, f"is not a usable URL: {exc}") from None
    problem = url_problem(parsed, raw)
    if problem is not None:
        raise MalformedField(field, f"is not a usable URL: {problem}")
    return parsed


_UNSENDABLE = re.compile(r"[\x00-\x20\x7f]")


def url_problem(parsed: httpx.URL, raw: str | None = None) -> str | None:
    """Why ``parsed`` cannot be requested (None if it can); never echoes it."""
    if raw is not None and _UNSENDABLE.search(raw):
        return "it contains spaces or control characters"
    if parsed.scheme not in ("http", "https"):
        return "its scheme is not http or https"
    if not parsed.host:
        return "it has no host"
    port = parsed.port
    if port is not None and not 0 < port <= 65535:
        return f"its port {port} is not between 1 and 65535"
    return None
