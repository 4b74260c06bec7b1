"""Behaviour particular to one provider, end to end against its fake (both clients).

What every provider must do is in ``test_conformance.py``, parametrized over the registry;
here are the tests of one provider's quirks (CircleCI's absolute paths and nodes, Buildkite's
job routes and expiring storage URLs, Empirical's server-side filters, SourceCraft's request
ids), and tests that need a fault only one fake can stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ciartifacts import (
    ChecksumMismatchError,
    CorruptArchiveError,
    DownloadError,
    NotDownloadableError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
    UnsafePathError,
)
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import Flow, files_under, sample_run

pytestmark = pytest.mark.e2e


# --- Buildkite -------------------------------------------------------------------------------
def test_buildkite_pages_keep_their_order_and_ask_for_the_page_size(
    fakes: FakeProviders, flow: Flow
) -> None:
    for index in range(250):
        fakes.buildkite.add_artifact("acme", "web", 7, f"logs/{index:03}.log", b"x")
    paths = [a.path for a in flow.list("buildkite:acme/web/7")]
    assert paths == [f"logs/{index:03}.log" for index in range(250)]
    listings = [r for r in fakes.buildkite.requests if r.path.endswith("/artifacts")]
    assert len(listings) == 3
    assert all({"page", "per_page"} <= r.query_names for r in listings)


# --- Empirical -------------------------------------------------------------------------------
def test_empirical_filters_on_the_server_too(fakes: FakeProviders, flow: Flow) -> None:
    for key in ("data/login-test-chromium/video.webm", "summary.json", "other.txt"):
        fakes.empirical.add_artifact(456, key, b"x")
    assert [a.path for a in flow.list("empirical:456", ["data/**/*.webm"])] == [
        "data/login-test-chromium/video.webm"
    ]
    assert [a.path for a in flow.list("empirical:456", ["summary.json"])] == ["summary.json"]
    listings = [r.query_names for r in fakes.empirical.requests if r.path.endswith("/artifacts")]
    assert listings == [frozenset({"prefix", "suffix"}), frozenset({"key"})]


# --- CircleCI --------------------------------------------------------------------------------
def test_circleci_absolute_paths_match_patterns_without_the_slash(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    files = {"/tmp/out/coverage.html": b"<html/>", "/tmp/out/video.webm": bytes(range(256))}
    for path, content in files.items():
        fakes.circleci.add_artifact("github", "acme", "web", 24, path, content)
    fakes.circleci.add_artifact("github", "acme", "web", 24, "raw/report.xml", b"<xml/>")
    ref = "circleci:github/acme/web/24"
    matched = flow.list(ref, ["tmp/out/*.{html,webm}"])
    assert {a.path for a in matched} == set(files)
    video = next(a for a in matched if a.path.endswith(".webm"))
    assert flow.read(video) == files["/tmp/out/video.webm"]
    flow.download_all(ref, tmp_path, ["tmp/**"])
    assert files_under(tmp_path) == {path.lstrip("/"): c for path, c in files.items()}


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


def test_expired_signed_url_is_fetched_again(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.txt", b"fresh")
    fakes.storage.issue_expired(1)
    artifact = flow.list("buildkite:acme/web/8")[0]
    assert flow.download(artifact, tmp_path).read_bytes() == b"fresh"


def test_sourcecraft_error_keeps_the_request_id(fakes: FakeProviders, flow: Flow) -> None:
    with pytest.raises(NotFoundError) as caught:
        flow.list("sourcecraft:acme/web/nope/build/test/unit")
    error = caught.value
    assert error.provider == "sourcecraft"
    assert error.request_id
    assert f"request id {error.request_id}" in str(error)
    assert "404 may also mean the token has no access" in str(error)


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
    # Their listings hand out signed storage URLs that expire.
    seeded = sample_run(fakes, scenario)
    fakes.storage.issue_expired(len(seeded.files))  # every URL of the first listing is expired
    report = flow.download_all(seeded.ref, tmp_path)
    assert report.ok
    assert files_under(tmp_path) == seeded.written


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


def test_buildkite_a_retried_jobs_artifacts_give_way_to_its_retry(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    bk = fakes.buildkite
    first = bk.add_job("acme", "web", 12, "job-first", state="failed")
    other = bk.add_job("acme", "web", 12, "job-other")
    bk.add_artifact("acme", "web", 12, "report.xml", b"attempt 1", job_id=first)
    bk.add_artifact("acme", "web", 12, "other.txt", b"other", job_id=other)
    retry = bk.retry_job("acme", "web", 12, first)
    bk.add_artifact("acme", "web", 12, "report.xml", b"attempt 2", job_id=retry)
    listed = flow.list("buildkite:acme/web/12")
    assert sorted((a.path, a.raw.job_id) for a in listed) == [
        ("other.txt", other),
        ("report.xml", retry),
    ]
    flow.download_all("buildkite:acme/web/12", tmp_path / "build")
    assert files_under(tmp_path / "build") == {"other.txt": b"other", "report.xml": b"attempt 2"}
    # Asked for by its job, the first attempt is listed as it is.
    (mine,) = flow.list(f"buildkite:acme/web/12/{first}")
    assert flow.read(mine) == b"attempt 1"


def test_buildkite_without_the_read_builds_scope_every_attempt_is_listed(
    fakes: FakeProviders, flow: Flow
) -> None:
    bk = fakes.buildkite
    first = bk.add_job("acme", "web", 13, "job-first", state="failed")
    bk.add_artifact("acme", "web", 13, "report.xml", b"attempt 1", job_id=first)
    retry = bk.retry_job("acme", "web", 13, first)
    bk.add_artifact("acme", "web", 13, "report.xml", b"attempt 2", job_id=retry)
    bk.scopes.discard("read_builds")
    listed = flow.list("buildkite:acme/web/13")
    assert sorted(a.raw.job_id for a in listed) == sorted([first, retry])
    # The build (asked for beside the first page) refused, the listing not.
    answers = sorted((r.path.endswith("/artifacts"), r.status) for r in bk.requests)
    assert answers == [(False, 403), (True, 200)]


def test_buildkite_the_build_is_asked_for_beside_the_first_page(
    fakes: FakeProviders, flow: Flow
) -> None:
    bk = fakes.buildkite
    bk.add_artifact("acme", "web", 14, "report.xml", b"report")
    fakes.set_latency(0.4)
    assert [a.path for a in flow.list("buildkite:acme/web/14")] == ["report.xml"]
    page, build = sorted(bk.requests, key=lambda r: not r.path.endswith("/artifacts"))
    assert page.path.endswith("/builds/14/artifacts")
    assert build.path.endswith("/builds/14")
    # One after the other, they would arrive at least one latency apart.
    assert abs(page.received - build.received) < 0.2


# --- GitHub Actions --------------------------------------------------------------------------
def github_run(fakes: FakeProviders, **options: object) -> tuple[str, int]:
    run_id = fakes.github.add_run("acme", "web", **options)
    return f"github:acme/web/{run_id}", run_id


def test_github_a_zipped_artifact_is_unpacked_after_its_digest_is_checked(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    ref, run = github_run(fakes)
    members = {"junit.xml": b"<testsuite/>", "coverage/index.html": b"<html/>" * 500}
    fakes.github.add_artifact("acme", "web", run, "reports", members)
    fakes.github.add_artifact("acme", "web", run, "app.tar.gz", b"\x1f\x8b tar", zipped=False)
    (reports,) = flow.list(ref, ["reports"])
    assert reports.packed
    assert reports.checksum is not None
    assert reports.checksum.algorithm == "sha256"
    report = flow.download_all(ref, tmp_path / "unpacked")
    assert {r.artifact.path: r.file for r in report.results} == {
        "reports": tmp_path / "unpacked" / "reports",
        "app.tar.gz": tmp_path / "unpacked" / "app.tar.gz",
    }
    assert files_under(tmp_path / "unpacked") == {
        "reports/junit.xml": b"<testsuite/>",
        "reports/coverage/index.html": b"<html/>" * 500,
        "app.tar.gz": b"\x1f\x8b tar",
    }
    kept = flow.download_all(ref, tmp_path / "kept", extract=False)
    assert kept.ok
    archive = (tmp_path / "kept" / "reports.zip").read_bytes()
    assert archive.startswith(b"PK\x03\x04")
    assert set(files_under(tmp_path / "kept")) == {"reports.zip", "app.tar.gz"}
    assert flow.read(reports) == archive  # streaming gives the bytes as stored


def test_github_a_zip_with_a_wrong_digest_is_not_unpacked(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    ref, run = github_run(fakes)
    wrong = "sha256:" + "0" * 64
    fakes.github.add_artifact("acme", "web", run, "reports", {"a.txt": b"a"}, digest=wrong)
    with pytest.raises(DownloadError) as caught:
        flow.download_all(ref, tmp_path)
    (failed,) = caught.value.report.failed
    assert isinstance(failed.error, ChecksumMismatchError)
    assert files_under(tmp_path) == {}


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"ok.txt": b"ok", "../escape.txt": b"evil"}, "'..' segment"),
        ({"/etc/cron.d/evil": b"evil"}, "absolute path"),
        ({"a\\..\\..\\evil": b"evil"}, "backslash"),
    ],
)
def test_github_a_zip_whose_members_escape_is_refused_whole(
    members: dict[str, bytes], reason: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    ref, run = github_run(fakes)
    fakes.github.add_artifact("acme", "web", run, "evil", members)
    fakes.github.add_artifact("acme", "web", run, "fine", {"f.txt": b"f"})
    report = flow.download_all(ref, tmp_path / "out", raise_on_error=False)
    (failed,) = report.failed
    assert isinstance(failed.error, UnsafePathError)
    assert reason in str(failed.error)
    assert failed.error.path.startswith("evil/")
    assert files_under(tmp_path) == {"out/fine/f.txt": b"f"}


def test_github_a_member_whose_crc_fails_refuses_the_artifact(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("data.txt", b"the real bytes")
    damaged = buffer.getvalue().replace(b"the real bytes", b"the real BYTES")
    ref, run = github_run(fakes)
    # Uploaded without a digest (before upload-artifact v4): only the CRC can tell.
    fakes.github.add_artifact("acme", "web", run, "data", damaged, zipped=False, digest=False)
    report = flow.download_all(ref, tmp_path, raise_on_error=False)
    (failed,) = report.failed
    assert isinstance(failed.error, CorruptArchiveError)
    assert "CRC" in str(failed.error)
    assert files_under(tmp_path) == {}


def test_github_the_newest_artifact_of_a_name_wins(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    ref, run = github_run(fakes, run_attempt=2)
    fakes.github.add_artifact("acme", "web", run, "logs", b"attempt 1", zipped=False)
    fakes.github.add_artifact("acme", "web", run, "other", b"o", zipped=False)
    fakes.github.add_artifact("acme", "web", run, "logs", b"attempt 2", zipped=False)
    assert sorted(a.path for a in flow.list(ref)) == ["logs", "other"]
    flow.download_all(ref, tmp_path)
    assert files_under(tmp_path) == {"logs": b"attempt 2", "other": b"o"}


def test_github_latest_of_one_workflow(fakes: FakeProviders, flow: Flow) -> None:
    ci = fakes.github.add_run("acme", "web", workflow="ci.yml")
    release = fakes.github.add_run("acme", "web", workflow="release.yml")
    newer_ci = fakes.github.add_run("acme", "web", workflow="ci.yml", conclusion="failure")
    assert str(flow.resolve("github:acme/web/latest")) == f"github:acme/web/{newer_ci}"
    picked = flow.resolve("github:acme/web/latest?workflow=release.yml")
    assert str(picked) == f"github:acme/web/{release}"
    picked = flow.resolve("github:acme/web/latest?workflow=ci.yml&status=success")
    assert str(picked) == f"github:acme/web/{ci}"


def test_github_the_spent_primary_limit_is_waited_out_until_its_reset(
    fakes: FakeProviders, flow: Flow
) -> None:
    ref, run = github_run(fakes)
    fakes.github.add_artifact("acme", "web", run, "a", b"a", zipped=False)
    fakes.github.primary_rate_limit_next()
    assert [a.path for a in flow.list(ref)] == ["a"]
    refused, served = fakes.github.requests
    assert (refused.status, served.status) == (403, 200)
    assert served.received >= refused.received + 0.5  # the reset was one epoch second away


def test_github_rate_limit_refusals_are_rate_limit_errors_not_permission_errors(
    fakes: FakeProviders, make_flow: Callable[..., Flow]
) -> None:
    ref, run = github_run(fakes)
    fakes.github.add_artifact("acme", "web", run, "a", b"a", zipped=False)
    flow = make_flow(max_retries=0)
    fakes.github.secondary_rate_limit_next(status=403, retry_after=30)
    with pytest.raises(RateLimitedError) as caught:
        flow.list(ref)
    assert caught.value.status == 403
    assert caught.value.retry_after == 30
    fakes.github.actions_permission = "none"
    with pytest.raises(PermissionDeniedError):
        flow.list(ref)


def test_github_enterprise_server_under_api_v3(
    tmp_path: Path, make_flow: Callable[..., Flow]
) -> None:
    with FakeProviders(options={"github": {"base_path": "/api/v3"}}) as enterprise:
        env = enterprise.env()
        assert env["GITHUB_API_URL"].endswith("/api/v3")
        run = enterprise.github.add_run("acme", "web")
        enterprise.github.add_artifact("acme", "web", run, "r", {"x.txt": b"x"})
        flow = make_flow(environ=env)
        report = flow.download_all(f"github:acme/web/{run}", tmp_path)
        assert report.ok
        assert files_under(tmp_path) == {"r/x.txt": b"x"}
        assert enterprise.storage.credential_attempts == 0
        assert {r.path.split("/actions/")[0] for r in enterprise.github.requests} == {
            "/api/v3/repos/acme/web"
        }
