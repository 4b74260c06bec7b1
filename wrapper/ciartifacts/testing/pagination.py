"""Page-number pagination, shared by the fakes that page (Buildkite, Empirical).

Both can be told to page badly (:data:`PaginationFault`): ``"endless"`` keeps
announcing one more page after the real items, ``"loop"`` leads from the last
page back to the first. Each fake documents what exactly it then sends.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar
from urllib.parse import urlencode

from ciartifacts.testing.messages import Request

__all__ = [
    "ENDLESS_TOTAL_PAGES",
    "InvalidParameterError",
    "Page",
    "PaginationFault",
    "int_parameter",
    "link_header",
    "paginate",
]

T = TypeVar("T")

PaginationFault = Literal["endless", "loop"]
"""How a paginating fake misbehaves when its ``pagination_fault`` is set."""

ENDLESS_TOTAL_PAGES = 1_000_000
"""The page count an ``"endless"`` Empirical listing claims."""


class InvalidParameterError(ValueError):
    """A query parameter the fake refuses; each fake renders it in its error format."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(name, message)
        self.name = name
        self.message = message


def int_parameter(
    request: Request, name: str, *, default: int, minimum: int, maximum: int | None = None
) -> int:
    """Query parameter ``name`` as an integer in ``[minimum, maximum]``.

    Only plain decimal integers are accepted: ``1.0`` (what a client typing the
    parameter as ``number`` sends) is refused like any other non-integer.
    """
    raw = request.arg(name)
    if raw is None:
        return default
    bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
    text = raw.strip()
    if not text.lstrip("-").isdigit() or not text.isascii():
        raise InvalidParameterError(name, f"{name} must be an integer {bounds}")
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        raise InvalidParameterError(name, f"{name} must be an integer {bounds}")
    return value


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of ``items``; ``number`` is 1-based and may lie past the last page."""

    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total / self.per_page)


def paginate(items: Sequence[T], number: int, per_page: int) -> Page[T]:
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, per_page, len(items))


def link_header(
    url: str,
    query: Mapping[str, Sequence[str]],
    *,
    page: int,
    total_pages: int,
    extra: Sequence[tuple[str, str]] = (),
    fault: PaginationFault | None = None,
) -> str | None:
    """An RFC 8288 ``Link`` header in the style of Rails' api-pagination.

    ``first``/``prev`` unless on the first page, ``next``/``last`` unless on the
    last one; None when everything fits on one page. ``url`` is the request's own
    URL without its query; ``extra`` parameters go first in every link (the
    Buildkite docs show an ``api_key`` there), then the request's other
    parameters, then ``page``.

    With ``fault="endless"`` there is always one more page: ``next`` and
    ``last`` both point to ``page + 1``. With ``fault="loop"`` the last page
    (and any page past it) has a ``next`` pointing to page 1, even when
    everything fits on one page.
    """
    last = max(total_pages, 1)
    if fault == "endless":
        last = max(last, page + 1)
    loops_back = fault == "loop" and page >= last
    if last == 1 and not loops_back:
        return None
    extra_names = {name for name, _ in extra}
    kept = [
        (name, value)
        for name, values in query.items()
        if name != "page" and name not in extra_names
        for value in values
    ]

    def link(number: int, rel: str) -> str:
        return f'<{url}?{urlencode([*extra, *kept, ("page", str(number))])}>; rel="{rel}"'

    links: list[str] = []
    if page > 1:
        links.append(link(min(page - 1, last), "prev"))
    if page < last:
        links.append(link(page + 1, "next"))
    elif loops_back:
        links.append(link(1, "next"))
    if page > 1:
        links.append(link(1, "first"))
    if page < last:
        links.append(link(last, "last"))
    return ", ".join(links)
