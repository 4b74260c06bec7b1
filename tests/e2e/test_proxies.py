"""HTTP_PROXY / ALL_PROXY / NO_PROXY apply to API and storage requests alike, through a real
forward proxy on loopback, with credential rules unchanged: the proxy carries the token only to
the API (as any forward proxy must), storage never sees one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ciartifacts.testing import FakeProviders, FakeProxy
from tests.e2e.conftest import Flow, files_under, sample_run

pytestmark = pytest.mark.e2e
CREDENTIALS = {"authorization", "circle-token"}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProxy]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with FakeProxy() as started:
        yield started


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_cli_downloads_through_the_proxy(
    proxy: FakeProxy, fakes: FakeProviders, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "circleci")
    env = {**os.environ, **fakes.env(), "HTTP_PROXY": proxy.url}
    result = subprocess.run(
        [sys.executable, "-m", "ciartifacts.cli", "download", seeded.ref, "-D", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path) == seeded.written
    api = origin_of(fakes.circleci.base_url)
    artifact_host = fakes.circleci.artifact_host.origin
    storage = fakes.storage.origin
    assert proxy.origins == {api, artifact_host, storage}
    # Every request went through the proxy: the servers saw nothing else.
    assert len(proxy.requests) == sum(
        len(server.requests)
        for server in (fakes.circleci, fakes.circleci.artifact_host, fakes.storage)
    )
    to_storage = [r for r in proxy.requests if r.origin == storage]
    assert to_storage
    assert all(not (r.header_names & CREDENTIALS) for r in to_storage)
    assert all("circle-token" in r.header_names for r in proxy.requests if r.origin == api)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_both_clients_use_the_proxy_for_api_and_storage(
    variable: str,
    proxy: FakeProxy,
    fakes: FakeProviders,
    make_flow: Callable[..., Flow],
    tmp_path: Path,
) -> None:
    # The client's environment (os.environ unless given) names the proxies, as it does tokens.
    seeded = sample_run(fakes, "buildkite")
    flow = make_flow(environ={**fakes.env(), variable: proxy.url})
    report = flow.download_all(seeded.ref, tmp_path)
    assert report.ok
    assert files_under(tmp_path) == seeded.written
    assert proxy.origins == {origin_of(fakes.buildkite.base_url), fakes.storage.origin}
    statuses = [r.status for r in proxy.requests if r.origin == fakes.storage.origin]
    assert statuses == [200] * len(seeded.files)


def test_no_proxy_sends_the_named_hosts_direct(
    proxy: FakeProxy, fakes: FakeProviders, make_flow: Callable[..., Flow], tmp_path: Path
) -> None:
    env = {**fakes.env(), "HTTP_PROXY": proxy.url, "NO_PROXY": fakes.storage.host}
    seeded = sample_run(fakes, "sourcecraft")
    assert make_flow(environ=env).download_all(seeded.ref, tmp_path).ok
    assert files_under(tmp_path) == seeded.written
    assert proxy.origins == {origin_of(fakes.sourcecraft.base_url)}
    assert len(fakes.storage.requests) == len(seeded.files)


def test_an_unreachable_proxy_is_a_clear_error(
    fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with FakeProxy() as dead:
        url = dead.url
    seeded = sample_run(fakes, "empirical")
    env = {**os.environ, **fakes.env(), "HTTP_PROXY": url}
    result = subprocess.run(
        [sys.executable, "-m", "ciartifacts.cli", "ls", seeded.ref, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ciartifacts: error: empirical: request to http://")
    assert "(through the proxy set in the environment)" in result.stderr
    assert "Traceback" not in result.stderr
    assert fakes.empirical.requests == []
