"""The conformance suite: every behaviour of the library, end to end against each provider's
fake (real HTTP on loopback), run once with the synchronous and once with the asynchronous
client (the ``flow`` fixture), so that a behaviour missing from either client fails."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ciartifacts import (
    AuthenticationError,
    ChecksumMismatchError,
    DownloadError,
    NotDownloadableError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    State,
    TransportError,
    UnexpectedResponseError,
    UnsafePathError,
    UnsupportedOperationError,
)
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SEEDS, Flow, files_under

pytestmark = pytest.mark.e2e
PROVIDER_SCENARIOS = sorted(SEEDS)


# --- listing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", PROVIDER_SCENARIOS)
def test_lists_every_artifact_with_its_metadata(
    scenario: str, fakes: FakeProviders, flow: Flow
) -> None:
    seeded = SEEDS[scenario](fakes)
    artifacts = flow.list(seeded.ref)
    assert sorted(a.path.lstrip("/") for a in artifacts) == sorted(seeded.files)
    for artifact in artifacts:
        assert artifact.state is State.READY
        assert str(artifact.ref) == seeded.ref
        if artifact.size is not None:
            assert artifact.size == len(seeded.files[artifact.path.lstrip("/")])
        assert artifact.raw is not None


def test_buildkite_pages_are_followed_with_the_largest_page_size(
    fakes: FakeProviders, flow: Flow
) -> None:
    for index in range(250):
        fakes.buildkite.add_artifact("acme", "web", 7, f"logs/{index:03}.log", b"x")
    paths = [a.path for a in flow.list("buildkite:acme/web/7")]
    assert paths == [f"logs/{index:03}.log" for index in range(250)]
    listings = [r for r in fakes.buildkite.requests if r.path.endswith("/artifacts")]
    assert len(listings) == 3
    assert all({"page", "per_page"} <= r.query_names for r in listings)


def test_empirical_resource_pages_are_followed(fakes: FakeProviders, flow: Flow) -> None:
    for index in range(230):
        fakes.empirical.add_resource(f"res-{index:03}.txt", b"r")
    names = [a.path for a in flow.list("empirical:resources")]
    assert names == [f"res-{index:03}.txt" for index in range(230)]
    assert len([r for r in fakes.empirical.requests if r.path == "/api/resources"]) == 3


@pytest.mark.parametrize(
    ("scenario", "patterns", "expected"),
    [
        ("buildkite", ["dist/**"], {"dist/app.tar.gz", "dist/checksums.txt"}),
        ("buildkite", ["**/*.xml", "README"], {"reports/junit.xml", "README"}),
        ("circleci", ["tmp/out/*.{html,webm}"], {"/tmp/out/coverage.html", "/tmp/out/video.webm"}),
        ("sourcecraft", ["logs/*"], {"logs/build.log"}),
        ("empirical", ["data/**/*.webm"], {"data/login-test-chromium/video.webm"}),
        ("empirical", ["summary.json"], {"summary.json"}),
        (
            "empirical",
            ["**/*.zip", "*.json"],
            {"data/login-test-chromium/trace.zip", "summary.json"},
        ),
        ("empirical-resources", ["specs/**"], {"specs/plan.pdf"}),
    ],
)
def test_patterns_select_the_same_artifacts_everywhere(
    scenario: str, patterns: list[str], expected: set[str], fakes: FakeProviders, flow: Flow
) -> None:
    seeded = SEEDS[scenario](fakes)
    assert {a.path for a in flow.list(seeded.ref, patterns)} == expected


def test_empirical_filters_on_the_server_too(fakes: FakeProviders, flow: Flow) -> None:
    seeded = SEEDS["empirical"](fakes)
    flow.list(seeded.ref, ["data/**/*.webm"])
    flow.list(seeded.ref, ["summary.json"])
    listings = [r.query_names for r in fakes.empirical.requests if r.path.endswith("/artifacts")]
    assert listings == [frozenset({"prefix", "suffix"}), frozenset({"key"})]


# --- downloading -----------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", PROVIDER_SCENARIOS)
def test_download_all_writes_exact_bytes(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = SEEDS[scenario](fakes)
    report = flow.download_all(seeded.ref, tmp_path, concurrency=8)
    assert report.ok
    assert len(report.downloaded) == len(seeded.files)
    assert files_under(tmp_path) == seeded.files


def test_stream_yields_the_bytes(fakes: FakeProviders, flow: Flow) -> None:
    seeded = SEEDS["circleci"](fakes)
    artifact = next(a for a in flow.list(seeded.ref) if a.path.endswith(".webm"))
    assert flow.read(artifact) == seeded.files["tmp/out/video.webm"]


def test_large_synthetic_file_streams_and_verifies(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    from ciartifacts.testing import SyntheticBlob, synthetic_sha1

    size = 24 * 1024 * 1024 + 123
    fakes.buildkite.add_artifact("acme", "web", 9, "big.bin", SyntheticBlob(size, seed=5))
    artifact = flow.list("buildkite:acme/web/9")[0]
    assert artifact.checksum is not None
    assert artifact.checksum.hex == synthetic_sha1(size, 5)
    written = flow.download(artifact, tmp_path)
    assert written.stat().st_size == size
    assert hashlib.sha1(written.read_bytes()).hexdigest() == synthetic_sha1(size, 5)


def test_buildkite_checksum_mismatch_leaves_no_file(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 3, "good.txt", b"good")
    fakes.buildkite.add_artifact("acme", "web", 3, "bad.txt", b"real bytes", sha1sum="0" * 40)
    with pytest.raises(DownloadError) as caught:
        flow.download_all("buildkite:acme/web/3", tmp_path)
    failed = caught.value.report.failed
    assert [r.artifact.path for r in failed] == ["bad.txt"]
    assert isinstance(failed[0].error, ChecksumMismatchError)
    assert files_under(tmp_path) == {"good.txt": b"good"}  # no bad.txt, no temporary file


def test_a_single_download_with_a_wrong_checksum_raises_and_leaves_no_file(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 3, "bad.txt", b"real bytes", sha1sum="1" * 40)
    (artifact,) = flow.list("buildkite:acme/web/3")
    with pytest.raises(ChecksumMismatchError) as caught:
        flow.download(artifact, tmp_path)
    assert caught.value.expected == "1" * 40
    assert caught.value.actual == hashlib.sha1(b"real bytes").hexdigest()
    assert files_under(tmp_path) == {}


def test_truncated_transfer_leaves_no_file(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.empirical.add_artifact(77, "trace.zip", b"z" * 100_000)
    artifact = flow.list("empirical:77")[0]
    fakes.storage.truncate(artifact.raw.url)
    with pytest.raises(TransportError):
        flow.download(artifact, tmp_path)
    assert files_under(tmp_path) == {}


@pytest.mark.parametrize(
    ("scenario", "bad_path"),
    [
        ("buildkite", "../../escape.txt"),
        ("buildkite", "dir\\..\\..\\escape.txt"),
        ("circleci", "/tmp/../../../escape.txt"),
        ("sourcecraft", "C:/Windows/escape.dll"),
        ("empirical", "data/../../escape.txt"),
    ],
)
def test_traversal_is_refused_and_the_others_still_download(
    scenario: str, bad_path: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = SEEDS[scenario](fakes)
    add = {
        "buildkite": lambda: fakes.buildkite.add_artifact("acme", "web", 42, bad_path, b"evil"),
        "circleci": lambda: fakes.circleci.add_artifact(
            "github", "acme", "web", 24, bad_path, b"evil"
        ),
        "sourcecraft": lambda: fakes.sourcecraft.add_artifact(
            "acme", "web", "run-1", "build", "test", "unit", bad_path, b"evil"
        ),
        "empirical": lambda: fakes.empirical.add_artifact(456, bad_path, b"evil"),
    }
    add[scenario]()
    destination = tmp_path / "dest"
    report = flow.download_all(seeded.ref, destination, raise_on_error=False)
    assert [r.artifact.path for r in report.failed] == [bad_path]
    assert isinstance(report.failed[0].error, UnsafePathError)
    assert "refusing unsafe artifact path" in str(report.failed[0].error)
    assert files_under(destination) == seeded.files
    assert files_under(tmp_path) == {f"dest/{p}": c for p, c in seeded.files.items()}


def test_circleci_same_path_on_two_nodes_never_overwrites(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.circleci.add_artifact("github", "acme", "web", 5, "out/result.xml", b"node zero")
    fakes.circleci.add_artifact(
        "github", "acme", "web", 5, "out/result.xml", b"node one", node_index=1
    )
    fakes.circleci.add_artifact("github", "acme", "web", 5, "out/other.xml", b"single")
    flow.download_all("circleci:github/acme/web/5", tmp_path)
    assert files_under(tmp_path) == {
        "node-0/out/result.xml": b"node zero",
        "node-1/out/result.xml": b"node one",
        "out/other.xml": b"single",
    }


@pytest.mark.parametrize(
    ("scenario", "states"),
    [
        ("buildkite", ["new", "error", "expired"]),
        ("sourcecraft", ["failed", "missing", "registered"]),
    ],
)
def test_artifacts_that_cannot_download_are_listed_then_skipped(
    scenario: str, states: list[str], fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = SEEDS[scenario](fakes)
    for state in states:
        if scenario == "buildkite":
            fakes.buildkite.add_artifact("acme", "web", 42, f"{state}.bin", b"-", state=state)
        else:
            fakes.sourcecraft.add_artifact(
                "acme", "web", "run-1", "build", "test", "unit", f"{state}.bin", b"-", status=state
            )
    listed = {a.path: a for a in flow.list(seeded.ref)}
    assert {listed[f"{s}.bin"].raw_state for s in states} == set(states)
    report = flow.download_all(seeded.ref, tmp_path)
    assert sorted(r.artifact.path for r in report.skipped) == sorted(f"{s}.bin" for s in states)
    assert all("not downloadable" in (r.skipped or "") for r in report.skipped)
    assert files_under(tmp_path) == seeded.files


def test_expired_signed_url_is_fetched_again(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.txt", b"fresh")
    fakes.storage.issue_expired(1)
    artifact = flow.list("buildkite:acme/web/8")[0]
    assert flow.download(artifact, tmp_path).read_bytes() == b"fresh"


def test_rate_limit_is_waited_out(fakes: FakeProviders, flow: Flow) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.txt", b"x")
    fakes.buildkite.rate_limit_next(1)
    assert [a.path for a in flow.list("buildkite:acme/web/8")] == ["a.txt"]
    assert [r.status for r in fakes.buildkite.requests][:2] == [429, 200]


# --- deleting --------------------------------------------------------------------------------
def test_buildkite_delete_removes_the_artifact(fakes: FakeProviders, flow: Flow) -> None:
    seeded = SEEDS["buildkite"](fakes)
    target = next(a for a in flow.list(seeded.ref) if a.path == "README")
    flow.delete(target)
    assert "README" not in {a.path for a in flow.list(seeded.ref)}


@pytest.mark.parametrize(
    "scenario", ["circleci", "sourcecraft", "empirical", "empirical-resources"]
)
def test_delete_elsewhere_is_unsupported(scenario: str, fakes: FakeProviders, flow: Flow) -> None:
    seeded = SEEDS[scenario](fakes)
    artifact = flow.list(seeded.ref)[0]
    with pytest.raises(
        UnsupportedOperationError, match=f"{artifact.provider} does not support delete"
    ):
        flow.delete(artifact)


# --- errors ----------------------------------------------------------------------------------
def test_sourcecraft_error_keeps_the_request_id(fakes: FakeProviders, flow: Flow) -> None:
    with pytest.raises(NotFoundError) as caught:
        flow.list("sourcecraft:acme/web/nope/build/test/unit")
    error = caught.value
    assert error.provider == "sourcecraft"
    assert error.request_id
    assert f"request id {error.request_id}" in str(error)
    assert "404 may also mean the token has no access" in str(error)


def test_wrong_token_is_an_authentication_error_without_the_token(
    fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    env = {**fakes.env(), "BUILDKITE_API_TOKEN": "wrong-token-value"}
    with pytest.raises(AuthenticationError) as caught:
        make_flow(environ=env).list("buildkite:acme/web/1")
    assert caught.value.status == 401
    assert "wrong-token-value" not in str(caught.value) + repr(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html><head><title>502 Bad Gateway</title></head></html>", "502 Bad Gateway"),
        ("", "Bad Gateway"),
    ],
)
def test_proxy_errors_map_to_server_errors(
    body: str, message: str, fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    fakes.circleci.fail_next(502, body, content_type="text/html")
    with pytest.raises(ServerError) as caught:
        make_flow(max_retries=0).list("circleci:github/acme/web/1")
    assert str(caught.value).startswith(f"circleci: HTTP 502: {message}")


def test_transient_server_errors_are_retried(fakes: FakeProviders, flow: Flow) -> None:
    seeded = SEEDS["empirical"](fakes)
    fakes.empirical.fail_next(503, "")
    assert len(flow.list(seeded.ref)) == len(seeded.files)


def test_secrets_never_appear_in_errors_or_reprs(fakes: FakeProviders, flow: Flow) -> None:
    for index in range(120):
        fakes.buildkite.add_artifact("acme", "web", 11, f"f{index}", b"x")
    fakes.buildkite.fail_next(500, '{"message": "boom"}', content_type="application/json")
    with pytest.raises(ServerError) as caught:
        flow.list("buildkite:acme/web/11")
    artifact = flow.list("buildkite:acme/web/11")[0]
    shown = " ".join([str(caught.value), repr(caught.value), repr(artifact), repr(flow.client)])
    for secret in (fakes.buildkite.token, "api_key", "X-Amz-Signature", "Signature="):
        assert secret not in shown


def test_every_api_request_asks_for_json(fakes: FakeProviders, flow: Flow, tmp_path: Path) -> None:
    for scenario in PROVIDER_SCENARIOS:
        flow.download_all(SEEDS[scenario](fakes).ref, tmp_path / scenario)
    for fake in (fakes.buildkite, fakes.circleci, fakes.sourcecraft, fakes.empirical):
        assert fake.requests
        assert {r.headers.get("accept") for r in fake.requests} == {"application/json"}


def test_importing_ciartifacts_imports_no_generated_package() -> None:
    code = (
        "import sys, ciartifacts; "
        "print(sorted(m for m in sys.modules if m.startswith('ciartifacts_') or m == 'asyncio'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- answers that do not match the spec ------------------------------------------------------
@pytest.mark.parametrize("body", ["not json at all", '{"artifacts": []}', '[{"id": "only-an-id"}]'])
def test_malformed_listing_is_our_error_not_a_raw_exception(
    body: str, fakes: FakeProviders, flow: Flow
) -> None:
    fakes.buildkite.fail_next(200, body, content_type="application/json")
    with pytest.raises(UnexpectedResponseError, match="unexpected response") as caught:
        flow.list("buildkite:acme/web/1")
    assert caught.value.provider == "buildkite"
    assert caught.value.status == 200
    assert str(caught.value).startswith(
        "buildkite: unexpected response to list_build_artifacts page 1: "
    )


def test_malformed_resource_page_is_our_error(fakes: FakeProviders, flow: Flow) -> None:
    fakes.empirical.add_resource("a.txt", b"a")
    fakes.empirical.fail_next(200, '{"data": {"resources": []}}', content_type="application/json")
    with pytest.raises(UnexpectedResponseError, match="list_resources page 1"):
        flow.list("empirical:resources")


def test_storage_errors_belong_to_the_provider(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.txt", b"x")
    artifact = flow.list("buildkite:acme/web/8")[0]
    fakes.storage.issue_expired(2)  # the first URL and the fresh one both fail
    with pytest.raises(PermissionDeniedError) as caught:
        flow.download(artifact, tmp_path)
    assert caught.value.provider == "buildkite"
    assert "storage answered" in str(caught.value)
    assert "Signature" not in str(caught.value)
    assert files_under(tmp_path) == {}


@pytest.mark.parametrize("scenario", ["sourcecraft", "empirical-resources"])
def test_expired_listing_urls_are_listed_again(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = SEEDS[scenario](fakes)
    fakes.storage.issue_expired(len(seeded.files))  # every URL of the first listing is expired
    report = flow.download_all(seeded.ref, tmp_path)
    assert report.ok
    assert files_under(tmp_path) == seeded.files


def test_a_redirect_loop_is_stopped(fakes: FakeProviders, flow: Flow, tmp_path: Path) -> None:
    fakes.empirical.add_artifact(5, "a.txt", b"a")
    artifact = flow.list("empirical:5")[0]
    loop = {"Location": artifact.raw.url}
    fakes.storage.fail_next(302, "", headers=loop, count=20)
    with pytest.raises(UnexpectedResponseError, match="more than 5 redirects"):
        flow.download(artifact, tmp_path)
    assert files_under(tmp_path) == {}


def test_stream_refuses_an_artifact_that_is_not_ready(fakes: FakeProviders, flow: Flow) -> None:
    fakes.buildkite.add_artifact("acme", "web", 2, "up.bin", b"x", state="new")
    artifact = flow.list("buildkite:acme/web/2")[0]
    with pytest.raises(NotDownloadableError, match="state 'new'"):
        flow.read(artifact)


def test_download_of_an_artifact_that_is_not_ready_says_so(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.sourcecraft.add_artifact("o", "r", "1", "w", "t", "c", "x.log", b"-", status="registered")
    artifact = flow.list("sourcecraft:o/r/1/w/t/c")[0]
    with pytest.raises(NotDownloadableError, match="state 'registered'"):
        flow.download(artifact, tmp_path)
    assert files_under(tmp_path) == {}
