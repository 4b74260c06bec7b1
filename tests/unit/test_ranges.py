"""Byte ranges: the Range header asked for, and what storage's 200 or 206 must say."""

from __future__ import annotations

import pytest

from ciartifacts.errors import ConfigurationError, UnexpectedResponseError
from ciartifacts.ranges import ByteRange, Part, part_of_answer


def test_the_range_header() -> None:
    assert ByteRange(0, 10).header == "bytes=0-9"
    assert ByteRange(5).header == "bytes=5-"


@pytest.mark.parametrize(("start", "stop"), [(-1, None), (3, 3), (5, 2), (True, None), (0, 1.5)])
def test_empty_or_negative_ranges_are_refused(start: int, stop: int | None) -> None:
    with pytest.raises(ConfigurationError, match="byte range"):
        ByteRange(start, stop)


@pytest.mark.parametrize(
    ("wanted", "content_range", "part"),
    [
        (ByteRange(10, 20), "bytes 10-19/100", Part(0, 10, False, 100)),
        (ByteRange(90, 200), "bytes 90-99/100", Part(0, 10, False, 100)),  # clipped at the end
        (ByteRange(90), "bytes 90-99/100", Part(0, 10, False, 100)),
        (ByteRange(0, 5), "bytes 0-4/*", Part(0, 5, False, None)),
    ],
)
def test_a_206_gives_the_bytes_its_content_range_names(
    wanted: ByteRange, content_range: str, part: Part
) -> None:
    assert part_of_answer("buildkite", wanted, 206, {"content-range": content_range}) == part


@pytest.mark.parametrize(
    ("wanted", "content_range"),
    [
        (ByteRange(10, 20), ""),
        (ByteRange(10, 20), "bytes 0-49/100"),  # the first half, unasked
        (ByteRange(10, 20), "bytes 10-25/100"),  # more than asked
        (ByteRange(10, 20), "bytes 10-14/100"),  # less, though the object goes on
        (ByteRange(10), "bytes 10-50/100"),  # not to the end
        (ByteRange(10, 20), "bytes 10-19/15"),  # past the total
        (ByteRange(10, 20), "items 10-19/100"),
    ],
)
def test_a_206_naming_other_bytes_is_an_unexpected_response(
    wanted: ByteRange, content_range: str
) -> None:
    with pytest.raises(UnexpectedResponseError, match=r"206|where bytes="):
        part_of_answer("buildkite", wanted, 206, {"content-range": content_range})


@pytest.mark.parametrize(
    ("wanted", "length", "part"),
    [
        (ByteRange(10, 20), "100", Part(10, 10, True, 100)),
        (ByteRange(90, 200), "100", Part(90, 10, True, 100)),
        (ByteRange(150, 200), "100", Part(100, 0, True, 100)),  # nothing there
        (ByteRange(10), "100", Part(10, 90, True, 100)),
        (ByteRange(10, 20), None, Part(10, 10, True, None)),
        (ByteRange(10), None, Part(10, None, True, None)),
    ],
)
def test_a_200_is_the_whole_body_to_cut_the_part_from(
    wanted: ByteRange, length: str | None, part: Part
) -> None:
    headers = {} if length is None else {"content-length": length}
    assert part_of_answer("buildkite", wanted, 200, headers) == part
