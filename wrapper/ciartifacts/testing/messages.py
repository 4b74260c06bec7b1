"""Requests, responses and routes: the small HTTP vocabulary every fake shares.

Only the standard library is used, so importing :mod:`ciartifacts.testing` stays
cheap and never pulls in httpx or a generated client.
"""

import datetime
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Self
from urllib.parse import unquote

__all__ = [
    "JSON_CONTENT_TYPE",
    "Handler",
    "Request",
    "Response",
    "Route",
    "empty_response",
    "json_response",
    "match_route",
    "timestamp",
]

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True, kw_only=True)
class Request:
    """One parsed request, as a fake's route handler sees it.

    ``target`` is the path exactly as sent (still percent-encoded, without the
    query string); ``path`` is the same with the fake's base path removed, and
    ``params`` holds the percent-decoded values of the route's ``{placeholders}``.
    Header names are lower-cased.
    """

    method: str
    target: str
    query: Mapping[str, Sequence[str]]
    headers: Mapping[str, str]
    body: bytes = b""
    path: str = ""
    params: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case), or None."""
        return self.headers.get(name.lower())

    def arg(self, name: str) -> str | None:
        """The first value of query parameter ``name``, or None when absent."""
        values = self.query.get(name)
        return values[0] if values else None

    def param(self, name: str) -> str:
        """The decoded value of the route placeholder ``name``."""
        return self.params[name]


@dataclass(frozen=True, kw_only=True)
class Response:
    """What a route answers.

    Small bodies are ``body``; large ones are streamed from ``chunks`` (which
    must yield exactly ``length`` bytes). ``Content-Length`` is always sent.
    With ``cut_after`` set, the connection is dropped after that many body bytes,
    as a network failure mid-download would. With ``interval`` set, the server
    waits that many seconds between two chunks (a trickling body).
    """

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    chunks: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None
    cut_after: int | None = None
    interval: float = 0.0

    @property
    def content_length(self) -> int:
        if self.chunks is not None:
            if self.length is None:
                raise ValueError("a streamed response needs its length")
            return self.length
        return len(self.body)

    def iter_body(self) -> Iterator[bytes]:
        if self.chunks is None:
            if self.body:
                yield self.body
            return
        yield from self.chunks()

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    def with_headers(self, *headers: tuple[str, str]) -> Self:
        """A copy with ``headers`` added, unless the response already has them."""
        present = {key.lower() for key, _ in self.headers}
        extra = tuple((key, value) for key, value in headers if key.lower() not in present)
        return replace(self, headers=self.headers + extra)


Handler = Callable[[Request], Response]

_PLACEHOLDER = re.compile(r"\{(\w+)(:path)?\}")


@dataclass(frozen=True)
class Route:
    """``GET /things/{id}``: a method, a path template and its handler.

    ``{name}`` matches one non-empty path segment; ``{name:path}`` matches the
    rest of the path, slashes (even double ones) included.
    """

    method: str
    template: str
    handler: Handler
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, method: str, template: str, handler: Handler) -> "Route":
        parts: list[str] = []
        position = 0
        for placeholder in _PLACEHOLDER.finditer(template):
            parts.append(re.escape(template[position : placeholder.start()]))
            name, rest = placeholder.group(1), placeholder.group(2)
            parts.append(f"(?P<{name}>.*)" if rest else f"(?P<{name}>[^/]+)")
            position = placeholder.end()
        parts.append(re.escape(template[position:]))
        return cls(method.upper(), template, handler, re.compile("".join(parts)))

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        return {name: unquote(value) for name, value in found.groupdict().items()}


def match_route(routes: Sequence[Route], request: Request) -> tuple[Route, dict[str, str]] | bool:
    """The route serving ``request`` and its parameters.

    False when no route has this path, True when one has it but not for this
    method (the caller answers 404 and 405 respectively).
    """
    path_known = False
    for route in routes:
        params = route.match(request.path)
        if params is None:
            continue
        if route.method == request.method or (route.method == "GET" and request.method == "HEAD"):
            return route, params
        path_known = True
    return path_known


def json_response(
    status: int, payload: object, *, headers: Sequence[tuple[str, str]] = ()
) -> Response:
    """The one way the fakes answer JSON."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(
        status=status, headers=(("Content-Type", JSON_CONTENT_TYPE), *headers), body=body
    )


def empty_response(status: int, *, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """A response without a body (204, or a redirect without one)."""
    return Response(status=status, headers=tuple(headers))


def timestamp(*, milliseconds: bool = False) -> str:
    """The current UTC time as RFC 3339 with a ``Z`` suffix."""
    now = datetime.datetime.now(datetime.UTC)
    if milliseconds:
        return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")
