"""Checks on the values servers send, before anything relies on them.

The generated models parse JSON without checking types: a ``null`` path or a ``"12"`` size
arrives as is. Providers read every field they use through these helpers, which raise
:class:`MalformedField`; the flow turns it into an
:class:`~ciartifacts.errors.UnexpectedResponseError` for that listing or that artifact.
"""

from __future__ import annotations

import math
import re
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

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


def digest(value: object, field: str, algorithm: str) -> str | None:
    """A hex digest of ``algorithm``, or None when absent or empty."""
    hex_value = text(value, field, optional=True)
    if not hex_value:
        return None
    expected = _DIGEST_LENGTHS.get(algorithm)
    if not _HEX.fullmatch(hex_value) or (expected is not None and len(hex_value) != expected):
        raise MalformedField(field, f"is not a {algorithm} hex digest")
    return hex_value.lower()


def url(value: object, field: str) -> str:
    """An absolute http(s) URL whose host and port can be connected to."""
    raw = required_text(value, field)
    problem = url_problem(raw)
    if problem is not None:
        raise MalformedField(field, f"is not a usable URL: {problem}")
    return raw


def url_problem(raw: str) -> str | None:
    """Why ``raw`` cannot be requested (None if it can): never raises, never echoes it."""
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in raw):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:  # a bad port, a broken IPv6 literal
        return str(exc)
    if parts.scheme.lower() not in ("http", "https"):
        return "its scheme is not http or https"
    if not parts.hostname:
        return "it has no host"
    if port == 0:
        return "its port is 0"
    try:
        import httpx

        httpx.URL(raw)
    except Exception as exc:  # httpx.InvalidURL and friends
        return str(exc) or type(exc).__name__
    return None
