"""Byte ranges of an artifact: what to ask storage for, and what its answer must say.

Sans-IO; the flow (:meth:`ciartifacts.aio.AsyncClient.stream_range`) sends the request. Storage
that honours ``Range`` answers 206 with a ``Content-Range`` that must name exactly the bytes
asked for (clipped at the end of the object); storage that ignores it answers 200 with the whole
body, from which the part is cut.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Generic, TypeVar

import attrs

from ciartifacts.errors import ConfigurationError, UnexpectedResponseError

ChunksT = TypeVar("ChunksT")
_CONTENT_RANGE = re.compile(r"bytes ([0-9]{1,19})-([0-9]{1,19})/([0-9]{1,19}|\*)")
_DIGITS = re.compile(r"[0-9]{1,19}")


@attrs.frozen
class ByteRange:
    """Bytes ``start`` up to ``stop`` (exclusive), or to the end of the artifact."""

    start: int
    stop: int | None = None

    def __attrs_post_init__(self) -> None:
        for name, value in (("start", self.start), ("stop", self.stop)):
            if value is None and name == "stop":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigurationError(f"a byte range's {name} must be a whole number >= 0")
        if self.stop is not None and self.stop <= self.start:
            raise ConfigurationError(
                f"a byte range must not be empty: stop ({self.stop}) <= start ({self.start})"
            )

    @property
    def header(self) -> str:
        """The ``Range`` header asking for it."""
        last = "" if self.stop is None else str(self.stop - 1)
        return f"bytes={self.start}-{last}"


@attrs.frozen
class Part:
    """How to read the part out of storage's answer: skip ``skip`` bytes of the body, then take
    ``length`` (the rest if None). ``whole`` is True when storage sent the whole body (it
    ignored ``Range``); ``total`` is the artifact's size where the answer says it."""

    skip: int
    length: int | None
    whole: bool
    total: int | None


@attrs.frozen
class PartialBody(Generic[ChunksT]):
    """A part of an artifact as it arrives: ``chunks``, whether storage sent the whole body to
    get it (``whole_body_sent``: it ignores ``Range``, so reading many parts costs many whole
    downloads), and the artifact's size where storage said it (``total``)."""

    chunks: ChunksT
    whole_body_sent: bool
    total: int | None


def part_of_answer(
    provider: str, wanted: ByteRange, status: int, headers: Mapping[str, str]
) -> Part:
    """What storage's answer (200 or 206) to a request for ``wanted`` holds; a 206 whose
    ``Content-Range`` is missing, malformed or names other bytes is UnexpectedResponseError."""
    if status == 200:
        length_header = headers.get("content-length", "")
        total = int(length_header) if _DIGITS.fullmatch(length_header) else None
        if total is None:
            length = None if wanted.stop is None else wanted.stop - wanted.start
            return Part(wanted.start, length, True, None)
        # Past the end there is nothing to take (storage honouring Range answers 416).
        start = min(wanted.start, total)
        stop = total if wanted.stop is None else min(wanted.stop, total)
        return Part(start, max(0, stop - start), True, total)
    found = _CONTENT_RANGE.fullmatch(headers.get("content-range", "").strip())
    if found is None:
        raise UnexpectedResponseError(
            provider, status, "storage answered 206 without a valid Content-Range"
        )
    first, last = int(found[1]), int(found[2])
    total = None if found[3] == "*" else int(found[3])
    # Storage clips the end to the object's, never the start.
    expected_last = None if wanted.stop is None else wanted.stop - 1
    wrong = (
        first != wanted.start
        or last < first
        or (total is not None and last >= total)
        or (expected_last is not None and last > expected_last)
        or (expected_last is not None and last < expected_last and last + 1 != total)
        or (expected_last is None and total is not None and last + 1 != total)
    )
    if wrong:
        raise UnexpectedResponseError(
            provider,
            status,
            f"storage answered bytes {first}-{last} where {wanted.header} was asked for",
        )
    return Part(0, last - first + 1, False, total)
