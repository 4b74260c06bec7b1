"""Servers that misbehave, for both clients (the ``flow`` fixture): every transfer and every
listing ends, bad values end as our errors for that artifact or listing (never a traceback or a
bad file), rate limits are paced and waited out once, tokens stay hidden, and downloads start
while the run is still being listed over kept-alive connections."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ciartifacts import (
    AuthenticationError,
    ConfigurationError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    UnexpectedResponseError,
)
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import (
    PAGED_SCENARIOS,
    SCENARIOS,
    Flow,
    files_under,
    provider_of,
    sample_run,
)

pytestmark = pytest.mark.e2e


def temporary_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".ciartifacts-*"))


# --- every transfer ends -----------------------------------------------------------------
def test_a_trickling_body_fails_with_a_timeout_naming_the_artifact(
    fakes: FakeProviders, make_flow: Callable[..., Flow], tmp_path: Path
) -> None:
    fakes.empirical.add_artifact(9, "slow.bin", b"x" * 1000)
    fakes.empirical.add_artifact(9, "fast.bin", b"y" * 1000)
    flow = make_flow(low_speed_limit=200, low_speed_time=0.5)
    slow = next(a for a in flow.list("empirical:9") if a.path == "slow.bin")
    fakes.storage.trickle(slow.raw.url, chunk=1, interval=0.05)  # 20 bytes/s
    started = time.monotonic()
    report = flow.download_all("empirical:9", tmp_path, raise_on_error=False)
    assert time.monotonic() - started < 4
    (failed,) = report.failed
    assert isinstance(failed.error, RequestTimeoutError)
    message = str(failed.error)
    assert message.startswith("empirical: 'slow.bin': request to http://")
    assert "slower than 200 bytes/s over 0.5s" in message
    assert files_under(tmp_path) == {"fast.bin": b"y" * 1000}


@pytest.mark.parametrize("scenario", PAGED_SCENARIOS)
def test_endless_empty_pages_end_the_listing_with_an_error(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    fake = fakes.apis[provider_of(scenario)]
    fake.pagination_fault = "endless"
    with pytest.raises(UnexpectedResponseError, match="was empty yet announced a next page"):
        flow.list(seeded.ref)
    listings = [r for r in fake.requests if r.path == seeded.listing_path]
    assert len(listings) == 2  # the real page, then one empty page: no more


@pytest.mark.parametrize("scenario", PAGED_SCENARIOS)
def test_pagination_that_loops_back_ends_with_an_error(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    fake = fakes.apis[provider_of(scenario)]
    fake.pagination_fault = "loop"
    with pytest.raises(UnexpectedResponseError) as caught:
        flow.list(seeded.ref)
    assert "already listed" in str(caught.value) or "was asked for" in str(caught.value)
    assert len(fake.requests) <= 3


def test_the_page_cap_ends_a_listing_with_an_error(
    fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    for index in range(250):
        fakes.buildkite.add_artifact("acme", "web", 7, f"logs/{index:03}.log", b"x")
    with pytest.raises(UnexpectedResponseError, match="stopped after 2 pages"):
        make_flow(max_pages=2).list("buildkite:acme/web/7")
    assert len(make_flow(max_pages=3).list("buildkite:acme/web/7")) == 250


def test_a_listing_that_ends_short_of_its_total_is_an_error(
    fakes: FakeProviders, flow: Flow
) -> None:
    fakes.empirical.add_resource("a.txt", b"a")
    page = (
        '{"data": {"resources": [{"id": 1, "name": "a.txt", "url": "http://127.0.0.1:1/a"}]},'
        ' "pagination": {"page": 1, "per_page": 100, "total": 5, "total_pages": 1}}'
    )
    fakes.empirical.fail_next(200, page, content_type="application/json")
    with pytest.raises(
        UnexpectedResponseError, match="after 1 artifacts, but the server reported 5"
    ):
        flow.list("empirical:resources")


# --- rate limits -------------------------------------------------------------------------
def test_a_retry_after_beyond_the_deadline_fails_at_once(
    fakes: FakeProviders, make_flow: Callable[..., Flow], tmp_path: Path
) -> None:
    fakes.empirical.add_artifact(3, "a.txt", b"a")
    flow = make_flow(retry_deadline=5)
    (artifact,) = flow.list("empirical:3")
    fakes.storage.rate_limit_for(60, retry_after=3600, status=429)
    started = time.monotonic()
    with pytest.raises(RateLimitedError) as caught:
        flow.download(artifact, tmp_path)
    assert time.monotonic() - started < 1
    assert caught.value.retry_after == pytest.approx(3600, abs=2)
    assert fakes.storage.throttled_count == 1


def test_an_api_reset_beyond_the_deadline_fails_at_once(
    fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 5, "a.txt", b"a")
    fakes.buildkite.fail_next(
        429, '{"message": "slow down"}', content_type="application/json",
        headers={"RateLimit-Reset": "600", "RateLimit-Remaining": "0"},
    )  # fmt: skip
    started = time.monotonic()
    with pytest.raises(RateLimitedError, match="slow down"):
        make_flow(retry_deadline=5).list("buildkite:acme/web/5")
    assert time.monotonic() - started < 1


def test_a_spent_budget_fails_what_cannot_wait_without_a_single_429(
    fakes: FakeProviders, make_flow: Callable[..., Flow], tmp_path: Path
) -> None:
    fakes.buildkite.rate_limit, fakes.buildkite.rate_window = 4, 60.0
    for index in range(5):
        fakes.buildkite.add_artifact("acme", "web", 6, f"f{index}.txt", b"x")
    started = time.monotonic()
    report = make_flow(retry_deadline=5).download_all(
        "buildkite:acme/web/6", tmp_path, concurrency=1, raise_on_error=False
    )
    assert time.monotonic() - started < 2
    # The build (for retried jobs) and the listing took the first two of four requests.
    assert len(report.downloaded) == 2
    assert all(isinstance(r.error, RateLimitedError) for r in report.failed)
    assert "must pause" in str(report.failed[0].error)
    assert fakes.buildkite.rate_limited_count == 0  # paced: the server never had to refuse


def test_a_refusal_pauses_the_origin_for_every_worker(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    for index in range(12):
        fakes.empirical.add_artifact(4, f"f{index:02}.txt", b"x" * 10)
    fakes.storage.latency = 0.2
    fakes.storage.fail_next(503, "SlowDown", headers={"Retry-After": "1"})
    report = flow.download_all("empirical:4", tmp_path, concurrency=4)
    assert report.ok
    storage = fakes.storage.requests
    (refused,) = [r for r in storage if r.status == 503]
    refused_at = refused.received + 0.2  # when the client got the refusal
    # Requests already on their way finish; no worker starts another during the pause.
    during = [r for r in storage if refused_at + 0.1 < r.received < refused_at + 0.9]
    assert during == []
    assert len(files_under(tmp_path)) == 12


# --- values servers send -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "extra", "message"),
    [
        ("buildkite", {"path": None}, "entry 1: path is null, expected a string"),
        ("buildkite", {"file_size": "12"}, "entry 1: file_size is a string, expected a whole"),
        ("buildkite", {"sha1sum": "not-hex"}, "entry 1: sha1sum is not a sha1 hex digest"),
        ("circleci", {"path": 5}, "entry 1: path is a number, expected a string"),
        ("sourcecraft", {"local_path": None}, "entry 1: local_path is null"),
        ("empirical", {"size": -3}, "entry 1: size is negative"),
        ("empirical-resources", {"name": ["x"]}, "entry 1: name is an array"),
    ],
)
def test_a_listing_field_of_the_wrong_type_is_an_error_naming_it(
    scenario: str, extra: dict[str, object], message: str, fakes: FakeProviders, flow: Flow
) -> None:
    add = {
        "buildkite": lambda: fakes.buildkite.add_artifact("o", "p", 1, "a", b"a", extra=extra),
        "circleci": lambda: fakes.circleci.add_artifact("gh", "o", "p", 1, "a", b"a", extra=extra),
        "sourcecraft": lambda: fakes.sourcecraft.add_artifact(
            "o", "r", "1", "w", "t", "c", "a", b"a", extra=extra
        ),
        "empirical": lambda: fakes.empirical.add_artifact(1, "a", b"a", extra=extra),
        "empirical-resources": lambda: fakes.empirical.add_resource("a", b"a", extra=extra),
    }
    refs = {
        "buildkite": "buildkite:o/p/1",
        "circleci": "circleci:gh/o/p/1",
        "sourcecraft": "sourcecraft:o/r/1/w/t/c",
        "empirical": "empirical:1",
        "empirical-resources": "empirical:resources",
    }
    add[scenario]()
    with pytest.raises(UnexpectedResponseError) as caught:
        flow.list(refs[scenario])
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (None, "download_url is null, expected a string"),
        ("http://127.0.0.1:99999/x", "port 99999 is not between 1 and 65535"),
        ("http://[::1/x", "download_url is not a usable URL"),
        ("ftp://example.com/x", "scheme is not http or https"),
        ("http://exa mple.com/x", "download_url is not a usable URL"),
    ],
)
def test_an_unusable_download_url_fails_that_artifact_only(
    url: object, message: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "bad.bin", b"b", extra={"download_url": url})
    fakes.buildkite.add_artifact("acme", "web", 8, "good.bin", b"g")
    report = flow.download_all("buildkite:acme/web/8", tmp_path, raise_on_error=False)
    (failed,) = report.failed
    assert isinstance(failed.error, UnexpectedResponseError)
    assert str(failed.error).startswith("buildkite: 'bad.bin': ")
    assert message in str(failed.error)
    assert files_under(tmp_path) == {"good.bin": b"g"}


def test_json_nested_too_deep_is_an_error(fakes: FakeProviders, flow: Flow) -> None:
    # The build exists: its call and the first page go out together, and whichever of them
    # gets the deep answer, the other must not fail first for another reason.
    fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a")
    fakes.buildkite.fail_next(200, "[" * 100_000 + "]" * 100_000, content_type="application/json")
    with pytest.raises(UnexpectedResponseError, match="RecursionError"):
        flow.list("buildkite:acme/web/1")


@pytest.mark.parametrize("status", [204, 206, 201, 203])
def test_a_storage_success_that_is_not_the_whole_file_writes_nothing(
    status: int, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "empirical")
    victim = next(a for a in flow.list(seeded.ref) if a.path == "reports/junit.xml")
    fakes.storage.answer_status(victim.raw.url, status)
    report = flow.download_all(seeded.ref, tmp_path, raise_on_error=False)
    (failed,) = report.failed
    assert failed.artifact.path == "reports/junit.xml"
    assert f"storage answered HTTP {status} where the whole file" in str(failed.error)
    expected = {p: c for p, c in seeded.written.items() if p != "reports/junit.xml"}
    assert files_under(tmp_path) == expected


@pytest.mark.parametrize(
    "url", ["http://api.example:99999", "ftp://api.example", "http://[::1", "api.example"]
)
def test_a_bad_base_url_in_the_environment_names_the_variable(
    url: str, fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    flow = make_flow(environ={**fakes.env(), "BUILDKITE_API_URL": url})
    with pytest.raises(ConfigurationError, match="BUILDKITE_API_URL"):
        flow.list("buildkite:acme/web/1")


# --- secrets -----------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_token_the_server_echoes_back_is_redacted(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    fake = fakes.apis[provider_of(scenario)]
    fake.echo_credentials_next(401)
    with pytest.raises(AuthenticationError) as caught:
        flow.list(seeded.ref)
    shown = str(caught.value) + repr(caught.value) + repr(caught.value.args)
    assert fake.token not in shown
    assert "bad credentials" in shown
    assert "[REDACTED]" in shown


def test_a_storage_error_names_provider_and_artifact_without_the_signature(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "dist/a.txt", b"x")
    (artifact,) = flow.list("buildkite:acme/web/8")
    fakes.storage.issue_expired(2)  # the first URL and the fresh one both fail
    with pytest.raises(PermissionDeniedError) as caught:
        flow.download(artifact, tmp_path)
    message = str(caught.value)
    assert message.startswith("buildkite: 'dist/a.txt': HTTP 403: storage answered: ")
    assert "Signature" not in message


# --- connections and pipelining --------------------------------------------------------------
def test_connections_are_kept_alive_across_redirects(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    for index in range(60):
        fakes.buildkite.add_artifact("acme", "web", 9, f"f{index:02}.bin", b"x" * 5000)
    fakes.buildkite.reset_connection_counters()
    fakes.storage.reset_connection_counters()
    report = flow.download_all("buildkite:acme/web/9", tmp_path, concurrency=4)
    assert report.ok
    assert len([r for r in fakes.buildkite.requests if r.status == 302]) == 60
    # At most one per worker, plus the lister's, plus a spare: never one per artifact.
    assert fakes.buildkite.connections_opened <= 4 + 2
    assert fakes.storage.connections_opened <= 4 + 2


def test_downloads_start_while_later_pages_are_still_listed(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    # 150 artifacts: two pages, and within Buildkite's 200 requests a minute (paced above).
    for index in range(150):
        fakes.buildkite.add_artifact("acme", "web", 10, f"f{index:03}.bin", b"x")
    fakes.buildkite.latency = 0.1
    report = flow.download_all("buildkite:acme/web/10", tmp_path, concurrency=16)
    assert len(report.downloaded) == 150
    listings = [r.received for r in fakes.buildkite.requests if r.path.endswith("/artifacts")]
    assert len(listings) == 2
    first_storage = min(r.received for r in fakes.storage.requests)
    assert first_storage < max(listings)
