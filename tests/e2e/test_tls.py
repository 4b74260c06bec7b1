"""HTTPS end to end, both clients: every provider over TLS, certificates checked (the CA from
``SSL_CERT_FILE`` in the client's environment), no step from https down to http — a redirect
or a URL in an https listing — and https through a proxy's CONNECT tunnel."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ciartifacts import DownloadError, TransportError
from ciartifacts.testing import FakeProviders, FakeProxy
from tests.e2e.conftest import FLAVOURS, SCENARIOS, Flow, files_under, sample_run

pytestmark = pytest.mark.e2e


@pytest.fixture
def tls_fakes() -> Iterator[FakeProviders]:
    with FakeProviders(tls=True) as started:
        yield started
        assert started.storage.credential_attempts == 0
        assert not started.internal_errors


@pytest.fixture
def downgrading_fakes() -> Iterator[FakeProviders]:
    """APIs over https, storage over plain http."""
    with FakeProviders(tls=True, storage_tls=False) as started:
        yield started
        assert started.storage.credential_attempts == 0


@pytest.fixture(params=sorted(FLAVOURS))
def make(request: pytest.FixtureRequest) -> Iterator[Callable[..., Flow]]:
    made: list[Flow] = []

    def build(environ: dict[str, str], **options: object) -> Flow:
        flow = FLAVOURS[request.param](environ=environ, timeout=10, **options)
        made.append(flow)
        return flow

    yield build
    for flow in made:
        flow.close()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_provider_over_https(
    scenario: str, tls_fakes: FakeProviders, make: Callable[..., Flow], tmp_path: Path
) -> None:
    seeded = sample_run(tls_fakes, scenario)
    assert tls_fakes.storage.origin.startswith("https://")
    report = make(tls_fakes.env()).download_all(seeded.ref, tmp_path)
    assert report.ok
    assert files_under(tmp_path) == seeded.written


def test_an_untrusted_certificate_is_refused(
    tls_fakes: FakeProviders, make: Callable[..., Flow]
) -> None:
    seeded = sample_run(tls_fakes, "buildkite")
    environ = {k: v for k, v in tls_fakes.env().items() if k != "SSL_CERT_FILE"}
    with pytest.raises(TransportError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify"):
        make(environ, max_retries=0).list(seeded.ref)


@pytest.mark.parametrize("scenario", ["buildkite", "circleci"])
def test_a_redirect_from_https_to_http_is_refused(
    scenario: str, downgrading_fakes: FakeProviders, make: Callable[..., Flow], tmp_path: Path
) -> None:
    seeded = sample_run(downgrading_fakes, scenario)
    with pytest.raises(DownloadError) as caught:
        make(downgrading_fakes.env()).download_all(seeded.ref, tmp_path)
    failures = caught.value.report.failed
    # CircleCI's artifact host serves HTML itself, over https: that one is fine.
    served_directly = {p: c for p, c in seeded.files.items() if p.endswith(".html")}
    assert len(failures) == len(seeded.files) - len(served_directly)
    assert all("refusing to go from https to http" in str(r.error) for r in failures)
    assert files_under(tmp_path) == served_directly
    assert downgrading_fakes.storage.requests == []  # the signed URLs never travelled


def test_an_http_url_in_an_https_listing_is_refused(
    downgrading_fakes: FakeProviders, make: Callable[..., Flow], tmp_path: Path
) -> None:
    seeded = sample_run(downgrading_fakes, "empirical")
    report = make(downgrading_fakes.env()).download_all(seeded.ref, tmp_path, raise_on_error=False)
    assert [r.error is not None for r in report.results] == [True] * len(seeded.files)
    for result in report.results:
        assert str(result.error).startswith(f"empirical: {result.artifact.path!r}: ")
    assert downgrading_fakes.storage.requests == []


def test_https_through_a_proxy_tunnel(
    tls_fakes: FakeProviders, make: Callable[..., Flow], tmp_path: Path
) -> None:
    seeded = sample_run(tls_fakes, "sourcecraft")
    with FakeProxy() as proxy:
        environ = {**tls_fakes.env(), "HTTPS_PROXY": proxy.url}
        assert make(environ).download_all(seeded.ref, tmp_path).ok
        tunnels = {r.origin for r in proxy.requests if r.method == "CONNECT"}
    assert files_under(tmp_path) == seeded.written
    api = tls_fakes.sourcecraft.origin.removeprefix("https://")
    storage = tls_fakes.storage.origin.removeprefix("https://")
    assert tunnels == {api, storage}


def test_the_cli_over_https(tls_fakes: FakeProviders, tmp_path: Path) -> None:
    seeded = sample_run(tls_fakes, "circleci")
    result = subprocess.run(
        [sys.executable, "-m", "ciartifacts.cli", "download", seeded.ref, "-D", str(tmp_path)],
        env={**os.environ, **tls_fakes.env()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path) == seeded.written
