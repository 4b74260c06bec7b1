"""References to one CI run (or job) whose artifacts are wanted, whatever the provider.

:func:`parse_ref` turns the text a user types (``buildkite:acme/web/42``) or a web URL copied
from a provider's UI into that provider's frozen ref class. Each provider module
(:mod:`ciartifacts.providers`) holds its own grammar and ref classes; this module holds what they
share. ``str(ref)`` gives the canonical text form, and ``parse_ref(str(ref)) == ref`` holds for
every valid ref. Refs built directly as objects are validated the same way; every problem raises
:class:`~ciartifacts.errors.InvalidRefError`, whose message lists every accepted form.

Rules shared by all forms:

* path segments are non-empty and contain no ``/``, ``?``, ``#``, whitespace or control
  characters (no real org, pipeline or job id does);
* numbers are plain ASCII digits, positive and at most 2**53 - 1 (the largest integer JSON
  clients agree on);
* the provider prefix and URL host are case-insensitive, everything else is not; surrounding
  whitespace is ignored;
* query values are percent-decoded (``+`` stays a literal ``+``, as branch names may contain it),
  and ``str()`` percent-encodes them again;
* query strings on web URLs are ignored, as browsers add unrelated parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Final, TypeAlias
from urllib.parse import quote, unquote, urlsplit

import attrs

from ciartifacts.errors import InvalidRefError

__all__ = [
    "MAX_NUMBER",
    "Ref",
    "RunRef",
    "Selection",
    "accepted_forms",
    "parse_ref",
]

MAX_NUMBER: Final = 2**53 - 1
"""Largest build number / run id accepted (JavaScript's MAX_SAFE_INTEGER)."""

_FORBIDDEN_IN_SEGMENT: Final = frozenset("/?#")
_DIGITS = re.compile(r"[0-9]+")
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class RunRef:
    """Base class of every provider's run references (attrs classes, frozen).

    A ref names one run (a build, a job, a workflow run), or selects runs: a ``latest`` ref
    (``buildkite:acme/web/latest?branch=main``) stands for the newest run that matches its
    filters. A selecting ref overrides :attr:`selection`; a concrete one, :attr:`run_id`.
    """

    provider: ClassVar[str]

    @property
    def selection(self) -> Selection | None:
        """What a selecting ref asks for, or None for a ref that names its run."""
        return None

    @property
    def run_id(self) -> str:
        """The run's own id, as the provider shows it (a folder name for ``--last N``)."""
        raise TypeError(f"{self} does not name one run")


@attrs.frozen
class Selection:
    """The runs a selecting ref matches: those of ``scope`` that pass every filter."""

    scope: str
    """Where the runs are, in the ref's own words (``buildkite:acme/web``)."""
    filters: tuple[tuple[str, str], ...] = ()
    """The filters set, as ``(name, value)`` pairs in the ref's order."""

    def describe(self) -> str:
        """``buildkite:acme/web with branch=main, state=passed`` (or without filters)."""
        if not self.filters:
            return f"{self.scope} (no filters)"
        return f"{self.scope} with " + ", ".join(f"{k}={v}" for k, v in self.filters)


Ref: TypeAlias = RunRef
"""Any run reference :func:`parse_ref` can return."""


def invalid(reason: str) -> InvalidRefError:
    # parse_ref re-raises these with the input text attached.
    return InvalidRefError(None, reason)


def show(value: str) -> str:
    return repr(value) if len(value) <= 80 else repr(value[:77] + "...")


def check_segment(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string, got {type(value).__name__}")
    if not value:
        raise invalid(f"{name} must not be empty")
    for char in value:
        if char in _FORBIDDEN_IN_SEGMENT or char.isspace() or not char.isprintable():
            raise invalid(f"{name} must not contain {char!r}, got {show(value)}")


def check_number(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid(f"{name} must be an integer, got {type(value).__name__}")
    if not 1 <= value <= MAX_NUMBER:
        raise invalid(f"{name} must be between 1 and {MAX_NUMBER}, got {value}")


def check_text(name: str, value: object) -> None:
    """A free-text value such as a branch name: non-empty, printable."""
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string, got {type(value).__name__}")
    if not value:
        raise invalid(f"{name} must not be empty")
    if not value.isprintable():
        raise invalid(f"{name} must not contain control characters, got {show(value)}")


# attrs validators built on the checks above, for the ref classes of every provider.
def segment(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_segment(attribute.name, value)


def optional_segment(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_segment(attribute.name, value)


def number(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_number(attribute.name, value)


def optional_number(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_number(attribute.name, value)


def optional_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(attribute.name, value)


def one_of(choices: Iterable[str]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    allowed = tuple(choices)

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and value not in allowed:
            raise invalid(f"{attribute.name} must be one of {', '.join(allowed)}, got {value!r}")

    return check


def parse_number(name: str, text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise invalid(f"{name} must be a positive integer, got {show(text)}")
    # Checked before int() so huge inputs cannot hit Python's digit limit.
    if len(text.lstrip("0")) > len(str(MAX_NUMBER)):
        raise invalid(f"{name} must be between 1 and {MAX_NUMBER}, got {show(text)}")
    return int(text)


def split_parts(text: str, count: int, shape: str) -> list[str]:
    parts = text.split("/")
    if len(parts) != count:
        raise invalid(f"expected {count} '/'-separated parts ({shape}), got {len(parts)}")
    return parts


def parse_query(query: str, allowed: Iterable[str]) -> dict[str, str]:
    """``key=value&...`` with each key allowed once; values percent-decoded."""
    names = tuple(allowed)
    if not query:
        raise invalid("nothing follows '?'")
    options: dict[str, str] = {}
    for item in query.split("&"):
        key, equals, value = item.partition("=")
        if not equals:
            raise invalid(f"query item {show(item)} is not of the form key=value")
        if key not in names:
            raise invalid(f"unknown query parameter {show(key)}; expected {' or '.join(names)}")
        if key in options:
            raise invalid(f"{key} is given more than once")
        try:
            options[key] = unquote(value, errors="strict")
        except UnicodeDecodeError:
            raise invalid(f"{key} is not valid percent-encoded UTF-8") from None
    return options


def format_query(pairs: Iterable[tuple[str, str | None]]) -> str:
    """``?k=v&...`` for the pairs whose value is set (values percent-encoded), or ``""``."""
    items = [f"{key}={quote(value, safe='/')}" for key, value in pairs if value is not None]
    return f"?{'&'.join(items)}" if items else ""


def url_segments(path: str) -> list[str]:
    path = path.removeprefix("/").removesuffix("/")
    segments = path.split("/") if path else []
    if "" in segments:
        raise invalid("the URL path has an empty segment")
    return segments


def accepted_forms() -> tuple[str, ...]:
    """Every text form :func:`parse_ref` accepts, one per entry, as shown in errors."""
    from ciartifacts.providers import provider_classes

    return tuple(form for cls in provider_classes() for form in cls.accepted_forms)


def parse_ref(text: str) -> Ref:
    """Parse a run reference in any of the :func:`accepted_forms`.

    Raises :class:`~ciartifacts.errors.InvalidRefError` (a ``ValueError``) saying what was
    wrong and listing the accepted forms.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_ref() expects a str, got {type(text).__name__}")
    try:
        return _parse(text.strip())
    except InvalidRefError as exc:
        raise InvalidRefError(text, exc.reason) from None


def _parse(text: str) -> Ref:
    from ciartifacts.providers import PROVIDERS, provider_class

    if not text:
        raise invalid("the reference is empty")
    for char in text:
        if char.isspace() or not char.isprintable():
            raise invalid(
                f"it contains {char!r}; whitespace and control characters are not allowed"
            )
    if _URL_START.match(text):
        return _parse_url(text)
    prefix, colon, rest = text.partition(":")
    if not colon:
        raise invalid(f"it has no provider prefix such as '{next(iter(PROVIDERS))}:'")
    name = prefix.lower()
    if name not in PROVIDERS:
        raise invalid(f"unknown provider {show(prefix)}; expected {', '.join(PROVIDERS)}")
    return provider_class(name).parse_ref(rest)


def _parse_url(text: str) -> Ref:
    from ciartifacts.providers import provider_classes

    try:
        url = urlsplit(text)
    except ValueError as exc:
        raise invalid(f"it is not a valid URL ({exc})") from None
    if url.scheme.lower() not in ("http", "https"):
        raise invalid(f"unsupported URL scheme {show(url.scheme)}; expected https")
    host = (url.hostname or "").lower()
    hosts: list[str] = []
    for cls in provider_classes():
        hosts += cls.web_hosts
        if host in cls.web_hosts:
            return cls.parse_web_url(host, url_segments(url.path), url)
    raise invalid(f"unknown URL host {show(host)}; expected {', '.join(hosts)}")
