"""The conformance suite: what every provider must do, end to end against its fake.

Every test here is parametrized over the registry (each provider, or each kind of run each
provider's fake makes: :data:`tests.e2e.conftest.SCENARIOS`), and runs once with the
synchronous and once with the asynchronous client (the ``flow`` fixture). A provider gets all
of it by registering: its fake's sample runs (:mod:`ciartifacts.testing.samples`) and the
class attributes that say what it supports decide which tests apply. Behaviour particular to
one provider is in ``test_providers.py``.

The ``fakes`` fixture also checks, after every test, that no credential reached storage.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ciartifacts import (
    AuthenticationError,
    ChecksumMismatchError,
    DownloadError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    State,
    UnexpectedResponseError,
    UnsafePathError,
    UnsupportedOperationError,
)
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.testing import FakeProviders, fake_class
from tests.e2e.conftest import (
    PAGED_SCENARIOS,
    SAMPLE_FILES,
    SCENARIO_KINDS,
    SCENARIOS,
    Flow,
    files_under,
    provider_of,
    sample_run,
)

pytestmark = pytest.mark.e2e

CHECKSUM_SCENARIOS = [s for s in SCENARIOS if fake_class(provider_of(s)).lists_checksums]
STATE_SCENARIOS = [s for s in SCENARIOS if fake_class(provider_of(s)).undownloadable_states]
RATE_LIMITED = [p for p in PROVIDERS if fake_class(p).documents_rate_limits()]
DEFAULT_SCENARIOS = [s for s in SCENARIOS if s in PROVIDERS]
"""One scenario per provider: its default kind of run."""


# --- listing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_lists_every_artifact_with_its_metadata(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    artifacts = flow.list(seeded.ref)
    assert sorted(a.path for a in artifacts) == sorted(seeded.files)
    for artifact in artifacts:
        assert artifact.provider == provider_of(scenario)
        assert artifact.state is State.READY
        assert str(artifact.ref) == seeded.ref
        if artifact.size is not None:
            assert artifact.size == len(seeded.files[artifact.path])
        assert artifact.raw is not None


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_empty_run_lists_nothing(scenario: str, fakes: FakeProviders, flow: Flow) -> None:
    provider, kind = SCENARIO_KINDS[scenario]
    assert flow.list(fakes.apis[provider].sample_run(kind).ref) == []


@pytest.mark.parametrize("scenario", PAGED_SCENARIOS)
def test_pages_are_followed_with_the_largest_page_size(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    assert seeded.page_size is not None
    for index in range(2 * seeded.page_size + 7):
        seeded.add(f"many/{index:04}.log", b"x")
    paths = [a.path for a in flow.list(seeded.ref)]
    assert sorted(paths) == sorted(seeded.files)
    assert len(paths) == len(set(paths))
    requests = fakes.apis[provider_of(scenario)].requests
    assert [r.path for r in requests if r.path == seeded.listing_path] == [
        seeded.listing_path
    ] * math.ceil(len(seeded.files) / seeded.page_size)


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["dist/**"], {"dist/app.tar.gz", "dist/checksums.txt"}),
        (["**/*.xml", "README"], {"reports/junit.xml", "README"}),
        (["logs/*"], {"logs/build.log"}),
        (["**/*.{gz,log}"], {"dist/app.tar.gz", "logs/build.log"}),
        (["nothing/**"], set()),
    ],
)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_patterns_select_the_same_artifacts_everywhere(
    scenario: str, patterns: list[str], expected: set[str], fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    assert expected <= set(SAMPLE_FILES)
    assert {a.path for a in flow.list(seeded.ref, patterns)} == expected


# --- downloading -----------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_download_all_writes_exact_bytes(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    report = flow.download_all(seeded.ref, tmp_path, concurrency=8)
    assert report.ok
    assert sorted(r.artifact.path for r in report.downloaded) == sorted(seeded.files)
    assert files_under(tmp_path) == seeded.written


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_stream_yields_the_bytes(scenario: str, fakes: FakeProviders, flow: Flow) -> None:
    seeded = sample_run(fakes, scenario)
    for artifact in flow.list(seeded.ref, ["dist/*.gz", "logs/*"]):
        assert flow.read(artifact) == seeded.files[artifact.path]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_download_writes_one_artifact(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    (artifact,) = flow.list(seeded.ref, ["reports/junit.xml"])
    written = flow.download(artifact, tmp_path)
    assert written.read_bytes() == SAMPLE_FILES["reports/junit.xml"]
    assert files_under(tmp_path) == {
        path: content for path, content in seeded.written.items() if "junit" in path
    }


@pytest.mark.parametrize("scenario", CHECKSUM_SCENARIOS)
def test_a_wrong_checksum_fails_that_artifact_and_leaves_no_file(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    bad = seeded.add("bad.txt", b"real bytes", corrupt_checksum=True)
    with pytest.raises(DownloadError) as caught:
        flow.download_all(seeded.ref, tmp_path)
    failed = caught.value.report.failed
    assert [r.artifact.path for r in failed] == [bad]
    assert isinstance(failed[0].error, ChecksumMismatchError)
    assert files_under(tmp_path) == seeded.written  # no bad.txt, no temporary file


@pytest.mark.parametrize(
    "bad_path",
    ["../../escape.txt", "dir\\..\\..\\escape.txt", "data/../../escape.txt", "C:/Windows/x.dll"],
)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_traversal_is_refused_and_the_others_still_download(
    scenario: str, bad_path: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    expected = dict(seeded.written)
    listed = seeded.add(bad_path, b"evil")
    destination = tmp_path / "dest"
    report = flow.download_all(seeded.ref, destination, raise_on_error=False)
    assert [r.artifact.path for r in report.failed] == [listed]
    assert isinstance(report.failed[0].error, UnsafePathError)
    assert "refusing unsafe artifact path" in str(report.failed[0].error)
    assert files_under(tmp_path) == {f"dest/{p}": c for p, c in expected.items()}


@pytest.mark.parametrize("scenario", STATE_SCENARIOS)
def test_artifacts_that_cannot_download_are_listed_then_skipped(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    states = fake_class(provider_of(scenario)).undownloadable_states
    for state in states:
        seeded.add(f"{state}.bin", b"-", state=state)
    listed = {a.path: a for a in flow.list(seeded.ref)}
    assert {listed[path].raw_state for path in seeded.states} == set(states)
    assert all(listed[path].state is not State.READY for path in seeded.states)
    report = flow.download_all(seeded.ref, tmp_path)
    assert sorted(r.artifact.path for r in report.skipped) == sorted(seeded.states)
    assert all("not downloadable" in (r.skipped or "") for r in report.skipped)
    assert files_under(tmp_path) == seeded.written


# --- deleting --------------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_delete_removes_the_artifact_or_is_unsupported(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    target = next(a for a in flow.list(seeded.ref) if a.path == "README")
    if provider_class(provider_of(scenario)).capabilities.delete:
        flow.delete(target)
        assert sorted(a.path for a in flow.list(seeded.ref)) == sorted(
            set(seeded.files) - {"README"}
        )
    else:
        with pytest.raises(
            UnsupportedOperationError, match=f"{target.provider} does not support delete"
        ):
            flow.delete(target)
        assert len(flow.list(seeded.ref)) == len(seeded.files)


# --- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize("provider", RATE_LIMITED)
def test_rate_limit_is_waited_out(provider: str, fakes: FakeProviders, flow: Flow) -> None:
    seeded = sample_run(fakes, provider)
    fake = fakes.apis[provider]
    fake.rate_limit_next(1)
    assert len(flow.list(seeded.ref)) == len(seeded.files)
    refused, served = fake.requests[:2]
    assert refused.status in (403, 429)  # GitHub refuses with 403 and says why in headers
    assert served.status == 200


@pytest.mark.parametrize("provider", RATE_LIMITED)
def test_rate_limit_without_retries_is_a_rate_limited_error(
    provider: str, fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    seeded = sample_run(fakes, provider)
    fakes.apis[provider].rate_limit_next(1)
    with pytest.raises(RateLimitedError) as caught:
        make_flow(max_retries=0).list(seeded.ref)
    assert caught.value.provider == provider


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_token_is_an_authentication_error_without_the_token(
    provider: str, fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    seeded = sample_run(fakes, provider)
    token_var = provider_class(provider).environment.token_vars[0]
    env = {**fakes.env(), token_var: "wrong-token-value"}
    with pytest.raises(AuthenticationError) as caught:
        make_flow(environ=env).list(seeded.ref)
    assert caught.value.provider == provider
    assert caught.value.status == 401
    assert "wrong-token-value" not in str(caught.value) + repr(caught.value)


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthenticationError), (403, PermissionDeniedError), (404, NotFoundError)],
)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_provider_errors_become_our_errors(
    provider: str,
    status: int,
    error: type[Exception],
    fakes: FakeProviders,
    flow: Flow,
) -> None:
    seeded = sample_run(fakes, provider)
    # Twice: a listing may first ask about the run (Buildkite's retried jobs).
    fakes.apis[provider].error_next(status, "the message the provider gave", count=2)
    with pytest.raises(error) as caught:
        flow.list(seeded.ref)
    assert str(caught.value).startswith(f"{provider}: ")
    assert "the message the provider gave" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html><head><title>502 Bad Gateway</title></head></html>", "502 Bad Gateway"),
        ("", "Bad Gateway"),
    ],
)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_proxy_errors_map_to_server_errors(
    provider: str,
    body: str,
    message: str,
    fakes: FakeProviders,
    make_flow: Callable[..., Flow],
) -> None:
    seeded = sample_run(fakes, provider)
    fakes.apis[provider].fail_next(502, body, content_type="text/html")
    with pytest.raises(ServerError) as caught:
        make_flow(max_retries=0).list(seeded.ref)
    assert str(caught.value).startswith(f"{provider}: HTTP 502: {message}")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_transient_server_errors_are_retried(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    fake = fakes.apis[provider_of(scenario)]
    fake.fail_next(503, "")
    fake.error_next(502)
    assert len(flow.list(seeded.ref)) == len(seeded.files)
    # (Buildkite asks for the build beside the first page: the two failures may be recorded
    # in either order.)
    statuses = [r.status for r in fake.requests]
    assert sorted(statuses[:2]) == [502, 503]
    assert len(statuses) > 2
    assert set(statuses[2:]) == {200}


@pytest.mark.parametrize("body", ["not json at all", '"a string"', '[{"id": "only-an-id"}]'])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_malformed_listing_is_our_error_not_a_raw_exception(
    scenario: str, body: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = sample_run(fakes, scenario)
    provider = provider_of(scenario)
    fakes.apis[provider].fail_next(200, body, content_type="application/json")
    with pytest.raises(UnexpectedResponseError, match="unexpected response") as caught:
        flow.list(seeded.ref)
    assert caught.value.provider == provider
    assert caught.value.status == 200
    assert str(caught.value).startswith(f"{provider}: unexpected response to ")


def test_every_api_request_asks_for_the_providers_json(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    for scenario in SCENARIOS:
        flow.download_all(sample_run(fakes, scenario).ref, tmp_path / scenario)
    for name, fake in fakes.apis.items():
        assert fake.requests, name
        accept = provider_class(name).accept
        assert accept.endswith("json")
        assert {r.headers.get("accept") for r in fake.requests} == {accept}


def test_importing_ciartifacts_imports_no_generated_package() -> None:
    code = (
        "import sys, ciartifacts; "
        "print(sorted(m for m in sys.modules if m.startswith('ciartifacts_') or m == 'asyncio'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
