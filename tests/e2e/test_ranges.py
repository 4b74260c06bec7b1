"""Ranged reads in the flow (``stream_range``), with both clients, on every provider.

Storage honouring ``Range`` answers 206 with exactly the bytes asked for; storage ignoring it
answers 200 and the part is cut from the whole body. Redirects, credentials and expired URLs
follow the same rules as whole downloads (the ``fakes`` fixture checks that no credential
reached storage).
"""

from __future__ import annotations

import pytest

from ciartifacts import APIError, UnexpectedResponseError
from ciartifacts.model import Artifact
from ciartifacts.providers import provider_class
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SAMPLE_FILES, SCENARIOS, Flow, provider_of, sample_run

pytestmark = pytest.mark.e2e

LOG = "logs/build.log"
CONTENT = SAMPLE_FILES[LOG]


def _log(fakes: FakeProviders, flow: Flow, scenario: str) -> Artifact:
    seeded = sample_run(fakes, scenario)
    return next(a for a in flow.list(seeded.ref) if a.path == LOG)


def _storage_answers(fakes: FakeProviders) -> list[tuple[str | None, int]]:
    return [(r.headers.get("range"), r.status) for r in fakes.storage.requests]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_range_is_exactly_its_bytes_from_a_206(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    artifact = _log(fakes, flow, scenario)
    assert flow.read_range(artifact, 3, 103) == (CONTENT[3:103], False, len(CONTENT))
    assert flow.read_range(artifact, len(CONTENT) - 10) == (CONTENT[-10:], False, len(CONTENT))
    assert flow.read_range(artifact, 10, 10**9) == (CONTENT[10:], False, len(CONTENT))
    answers = _storage_answers(fakes)
    assert [answer for answer in answers if answer[1] != 302] == [
        ("bytes=3-102", 206),
        (f"bytes={len(CONTENT) - 10}-", 206),
        (f"bytes=10-{10**9 - 1}", 206),
    ]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_storage_ignoring_range_gives_the_same_bytes_cut_from_the_whole_body(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    fakes.storage.honour_range = False
    artifact = _log(fakes, flow, scenario)
    assert flow.read_range(artifact, 3, 103) == (CONTENT[3:103], True, len(CONTENT))
    assert flow.read_range(artifact, 14_000) == (CONTENT[14_000:], True, len(CONTENT))
    assert flow.read_range(artifact, 10**6, 10**6 + 5) == (b"", True, len(CONTENT))
    assert {status for _, status in _storage_answers(fakes)} <= {200, 302}


def test_a_range_past_the_end_is_refused_with_416(fakes: FakeProviders, flow: Flow) -> None:
    artifact = _log(fakes, flow, "buildkite")
    with pytest.raises(APIError) as caught:
        flow.read_range(artifact, len(CONTENT))
    assert caught.value.status == 416
    assert caught.value.artifact_path == LOG


def test_a_206_of_other_bytes_is_refused(fakes: FakeProviders, flow: Flow) -> None:
    artifact = _log(fakes, flow, "empirical")
    fakes.storage.answer_status(artifact.raw.url, 206)  # the first half, whatever was asked
    with pytest.raises(UnexpectedResponseError, match="where bytes=100-199 was asked") as caught:
        flow.read_range(artifact, 100, 200)
    assert caught.value.artifact_path == LOG


def test_a_body_shorter_than_its_range_is_an_error(fakes: FakeProviders, flow: Flow) -> None:
    artifact = _log(fakes, flow, "empirical")
    fakes.storage.truncate(artifact.raw.url)
    with pytest.raises(Exception, match=LOG):
        flow.read_range(artifact, 0, 10_000)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_expired_url_is_fetched_again_for_a_range(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    listed_urls_expire = provider_class(provider_of(scenario)).listing_urls_expire
    if listed_urls_expire:
        fakes.storage.issue_expired(len(SAMPLE_FILES))  # every URL of the listing
    artifact = next(a for a in flow.list(seeded.ref) if a.path == LOG)
    if not listed_urls_expire:
        fakes.storage.issue_expired(1)  # the one the download API hands out next
    assert flow.read_range(artifact, 5, 50)[0] == CONTENT[5:50]
    signed = any("x-amz-signature" in r.query_names for r in fakes.storage.requests)
    assert any(r.status == 403 for r in fakes.storage.requests) == signed
