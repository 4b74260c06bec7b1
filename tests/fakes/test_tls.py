"""The fakes over HTTPS: a test CA, https:// URLs, mixed setups, handshakes that go wrong.

Every test drives real TLS over loopback with httpx (or raw sockets for the
handshakes that go wrong), trusting the fakes' CA through an ``ssl.SSLContext``,
the PEM bundle or ``SSL_CERT_FILE``.
"""

from __future__ import annotations

import os
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ciartifacts.testing import (
    FakeAPI,
    FakeCA,
    FakeCircleCI,
    FakeProviders,
    FakeProxy,
    FakeStorage,
    LoopbackServer,
    TLSUnavailableError,
)
from ciartifacts.testing.tls import LOOPBACK_NAMES
from tests.specs import ROOT

JSON = {"Accept": "application/json"}


def bearer(fake: FakeAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.token}", **JSON}


def eventually(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def seed(fakes: FakeProviders) -> None:
    """One artifact in each provider (and an Empirical resource)."""
    fakes.buildkite.add_artifact("acme", "web", 1, "dist/app.bin", b"buildkite")
    fakes.circleci.add_artifact("github", "acme", "web", 7, "/tmp/out/a.txt", b"circleci")
    fakes.circleci.add_artifact("github", "acme", "web", 7, "report.html", b"<html/>")
    fakes.sourcecraft.add_artifact("org", "repo", "run-1", "build", "test", "unit", "r", b"sc")
    fakes.empirical.add_artifact(456, "summary.json", b"empirical")
    fakes.empirical.add_resource("video.mp4", b"resource")


def handed_out(fakes: FakeProviders, client: httpx.Client) -> dict[str, Any]:
    """Every URL the fakes hand out for :func:`seed`'s artifacts, and what each leads to."""
    buildkite, circleci = fakes.buildkite, fakes.circleci
    bk_list = f"{buildkite.base_url}/organizations/acme/pipelines/web/builds/1/artifacts"
    listed = client.get(bk_list, params={"per_page": 1, "page": 1}, headers=bearer(buildkite))
    assert listed.status_code == 200
    bk_artifact = listed.json()[0]
    bk_redirect = client.get(bk_artifact["download_url"], headers=bearer(buildkite))
    assert bk_redirect.status_code == 302

    cc_list = client.get(
        f"{circleci.base_url}/project/github/acme/web/7/artifacts",
        headers={"Circle-Token": circleci.token, **JSON},
    )
    assert cc_list.status_code == 200
    cc_urls = [artifact["url"] for artifact in cc_list.json()]
    cc_redirect = client.get(cc_urls[0], headers={"Circle-Token": circleci.token})
    assert cc_redirect.status_code == 302
    cc_html = client.get(cc_urls[1], headers={"Circle-Token": circleci.token})

    sourcecraft = fakes.sourcecraft
    sc_list = client.get(
        f"{sourcecraft.base_url}/repos/org/repo/cicd/artifacts/run-1/build/test/unit",
        headers=bearer(sourcecraft),
    )
    assert sc_list.status_code == 200

    empirical = fakes.empirical
    em_list = client.get(
        f"{empirical.base_url}/api/test-runs/456/artifacts", headers=bearer(empirical)
    )
    em_resources = client.get(f"{empirical.base_url}/api/resources", headers=bearer(empirical))
    assert em_list.status_code == em_resources.status_code == 200
    return {
        "buildkite.url": bk_artifact["url"],
        "buildkite.download_url": bk_artifact["download_url"],
        "buildkite.Link": listed.headers.get("Link", ""),
        "buildkite.Location": bk_redirect.headers["Location"],
        "circleci.url": cc_urls[0],
        "circleci.Location": cc_redirect.headers["Location"],
        "circleci.html": cc_html.content,
        "sourcecraft.download_url": sc_list.json()["artifacts"][0]["download_url"],
        "empirical.url": em_list.json()["data"]["artifacts"][0]["url"],
        "empirical.resource": em_resources.json()["data"]["resources"][0]["url"],
    }


def storage_urls(urls: dict[str, Any]) -> dict[str, str]:
    names = ("buildkite.Location", "circleci.Location", "sourcecraft.download_url")
    return {name: urls[name] for name in (*names, "empirical.url", "empirical.resource")}


def start_handshake(server: LoopbackServer, ca: FakeCA) -> socket.socket:
    """A TCP connection that sends its ClientHello, reads the server's answer and goes silent.

    The server then waits in the middle of the handshake for the client's Finished.
    """
    sock = socket.create_connection((server.host, server.port), timeout=5)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ca.client_context().wrap_bio(incoming, outgoing, server_hostname=server.host)
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    sock.sendall(outgoing.read())
    assert sock.recv(65536)  # the server's first flight
    return sock


# ---------------------------------------------------------------------------------------------
# HTTPS answers, with the CA trusted and without
# ---------------------------------------------------------------------------------------------


def test_every_fake_answers_over_https(tls_fakes: FakeProviders, https: httpx.Client) -> None:
    fakes = tls_fakes
    seed(fakes)
    urls = handed_out(fakes, https)
    expected = {
        "buildkite.Location": b"buildkite",
        "circleci.Location": b"circleci",
        "sourcecraft.download_url": b"sc",
        "empirical.url": b"empirical",
        "empirical.resource": b"resource",
    }
    assert {name: https.get(url).content for name, url in storage_urls(urls).items()} == expected
    assert urls["circleci.html"] == b"<html/>"  # served by the artifact host itself
    for api in fakes.apis.values():
        assert https.get(api.base_url + "/").status_code >= 400  # over TLS, whatever it says
    for server in fakes.servers:
        assert server.scheme == "https"
        assert server.origin.startswith("https://")
        assert server.ca is fakes.ca  # one CA for all: one bundle trusts them all
        assert server.requests, f"{server.name} was not reached"
    assert fakes.storage.credential_attempts == 0


def test_without_the_ca_every_handshake_fails(tls_fakes: FakeProviders) -> None:
    # trust_env=False: certifi's bundle only, whatever SSL_CERT_FILE says.
    with httpx.Client(timeout=5.0, trust_env=False) as untrusting:
        for server in tls_fakes.servers:
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                untrusting.get(server.origin + "/")
    # Nor does another CA do.
    with (
        httpx.Client(timeout=5.0, verify=FakeCA().client_context()) as stranger,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        stranger.get(tls_fakes.storage.origin + "/")
    # Plain HTTP to an HTTPS port gets no answer.
    with (
        httpx.Client(timeout=5.0, trust_env=False) as plain,
        pytest.raises(httpx.TransportError),
    ):
        plain.get(tls_fakes.storage.origin.replace("https://", "http://") + "/")


def test_the_certificate_covers_the_loopback_names(
    tls_fakes: FakeProviders, https: httpx.Client
) -> None:
    assert set(LOOPBACK_NAMES) >= {"localhost", "127.0.0.1", "127.0.0.2"}
    assert tls_fakes.ca is not None
    assert tls_fakes.ca.names == LOOPBACK_NAMES
    assert tls_fakes.storage.host in LOOPBACK_NAMES
    # By name: the Buildkite fake builds its URLs from the Host the client used.
    buildkite = tls_fakes.buildkite
    buildkite.add_artifact("acme", "web", 1, "a", b"a")
    base = f"https://localhost:{buildkite.port}/v2"
    listed = https.get(
        f"{base}/organizations/acme/pipelines/web/builds/1/artifacts", headers=bearer(buildkite)
    )
    assert listed.status_code == 200
    assert listed.json()[0]["download_url"].startswith(base + "/")
    # Any other name fails the client's hostname check.
    context = tls_fakes.ca.client_context()
    with (
        socket.create_connection((buildkite.host, buildkite.port), timeout=5) as sock,
        pytest.raises(ssl.SSLCertVerificationError, match="mismatch"),
    ):
        context.wrap_socket(sock, server_hostname="api.buildkite.com")


# ---------------------------------------------------------------------------------------------
# URLs handed out
# ---------------------------------------------------------------------------------------------


def test_every_url_handed_out_is_https(tls_fakes: FakeProviders, https: httpx.Client) -> None:
    fakes = tls_fakes
    seed(fakes)
    fakes.buildkite.add_artifact("acme", "web", 1, "second", b"2")  # two pages of one
    urls = handed_out(fakes, https)
    link = urls.pop("buildkite.Link")
    urls.pop("circleci.html")
    assert link.count("<https://") == 2, link  # rel="next" and rel="last"
    assert "http://" not in link
    for name, url in urls.items():
        assert url.startswith("https://"), (name, url)
    assert urls["buildkite.url"].startswith(fakes.buildkite.base_url + "/")
    assert urls["circleci.url"].startswith(fakes.circleci.artifact_host.origin + "/")
    for name, url in storage_urls(urls).items():
        assert url.startswith(fakes.storage.origin + "/"), name
    assert fakes.storage.put(b"x").startswith("https://")
    env = fakes.env()
    api_urls = ["BUILDKITE_API_URL", "CIRCLECI_API_URL", "SOURCECRAFT_API_URL"]
    assert all(env[name].startswith("https://") for name in [*api_urls, "EMPIRICAL_API_URL"])


# ---------------------------------------------------------------------------------------------
# Mixed setups
# ---------------------------------------------------------------------------------------------


def test_https_apis_hand_out_plain_storage_urls(http: httpx.Client) -> None:
    """What a downgrade test needs: an https API whose redirects and URLs lead to http."""
    with FakeProviders(tls=True, storage_tls=False) as fakes:
        assert fakes.ca is not None
        assert fakes.storage.ca is None
        assert fakes.storage.scheme == "http"
        assert fakes.env()["SSL_CERT_FILE"] == fakes.ca_bundle
        seed(fakes)
        with httpx.Client(timeout=5.0, verify=fakes.ca.client_context()) as https:
            urls = handed_out(fakes, https)
        for name, url in storage_urls(urls).items():
            assert url.startswith("http://"), name
            assert http.get(url).status_code == 200
        for name in ("buildkite.url", "buildkite.download_url", "circleci.url"):
            assert urls[name].startswith("https://"), name
        assert all(s.scheme == "https" for s in fakes.servers if s is not fakes.storage)
        assert not fakes.internal_errors


def test_plain_apis_with_https_storage(http: httpx.Client) -> None:
    with FakeProviders(storage_tls=True) as fakes:
        assert fakes.ca is not None
        assert fakes.storage.ca is fakes.ca
        assert [s.scheme for s in fakes.servers] == ["https"] + ["http"] * (len(fakes.servers) - 1)
        fakes.empirical.add_artifact(456, "summary.json", b"{}")
        listed = http.get(
            f"{fakes.empirical.base_url}/api/test-runs/456/artifacts",
            headers=bearer(fakes.empirical),
        )
        url = listed.json()["data"]["artifacts"][0]["url"]
        assert url.startswith("https://")
        with httpx.Client(timeout=5.0, verify=fakes.ca.client_context()) as https:
            assert https.get(url).content == b"{}"


def test_circleci_artifact_host_apart(http: httpx.Client) -> None:
    ca = FakeCA()
    with (
        FakeStorage(tls=ca) as storage,
        FakeCircleCI(storage, tls=ca, artifact_host_tls=False) as circleci,
    ):
        assert circleci.origin.startswith("https://")
        assert circleci.artifact_host.origin.startswith("http://")
        added = circleci.add_artifact("github", "acme", "web", 7, "a.txt", b"a")
        assert str(added["url"]).startswith("http://")
        redirect = http.get(str(added["url"]), headers={"Circle-Token": circleci.token})
        assert redirect.headers["Location"].startswith("https://")  # back up to https storage
    plain = FakeStorage()
    assert FakeCircleCI(plain, artifact_host_tls=True).artifact_host.ca is not None
    assert FakeCircleCI(plain).artifact_host.ca is None
    secure = FakeCircleCI(plain, tls=ca)
    assert secure.artifact_host.ca is secure.ca is ca


def test_a_fake_with_a_ca_of_its_own_keeps_it_across_restarts() -> None:
    storage = FakeStorage(tls=True)
    assert storage.ca is not None
    with httpx.Client(timeout=5.0, verify=storage.ca.client_context()) as client:
        with storage:
            assert client.get(storage.put(b"one")).content == b"one"
        with storage:
            assert client.get(storage.put(b"two")).content == b"two"
    assert FakeStorage(tls=True).ca is not storage.ca  # tls=True: a new CA each time


# ---------------------------------------------------------------------------------------------
# Handshakes that go wrong
# ---------------------------------------------------------------------------------------------


def test_failed_handshakes_leave_the_server_serving_quietly(
    tls_fakes: FakeProviders, https: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    storage = tls_fakes.storage
    url = storage.put(b"still here")
    address = (storage.host, storage.port)
    assert tls_fakes.ca is not None

    with socket.create_connection(address, timeout=5):
        pass  # connects and leaves before saying anything
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")  # a ClientHello, cut short
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # plain HTTP to the TLS port
        assert not _read_all(sock).startswith(b"HTTP/")
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(bytes(range(256)) * 2)  # noise, not even a TLS record
        _read_all(sock)
    start_handshake(storage, tls_fakes.ca).close()  # leaves halfway through
    with (
        httpx.Client(timeout=5.0, trust_env=False) as untrusting,  # refuses the certificate
        pytest.raises(httpx.ConnectError),
    ):
        untrusting.get(url)

    assert https.get(url).content == b"still here"  # the next client is served
    assert eventually(lambda: storage.open_connections == 1)  # only the trusted one is left
    assert storage.connections_opened == 7
    assert [r.path for r in storage.requests] == [url.removeprefix(storage.origin).split("?")[0]]
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")  # not a traceback, not a word


def _read_all(sock: socket.socket) -> bytes:
    """What the server sends until it closes (a reset counts as the end; a timeout fails)."""
    received = b""
    try:
        while data := sock.recv(65536):
            received += data
    except ConnectionResetError:
        pass
    return received


def test_slow_handshakes_do_not_hold_up_other_clients(
    tls_fakes: FakeProviders, https: httpx.Client
) -> None:
    buildkite = tls_fakes.buildkite
    buildkite.add_artifact("acme", "web", 1, "a", b"a")
    assert tls_fakes.ca is not None
    silent = [socket.create_connection((buildkite.host, buildkite.port), timeout=5)]
    halfway = [start_handshake(buildkite, tls_fakes.ca) for _ in range(2)]
    try:
        assert eventually(lambda: buildkite.open_connections == 3)
        started = time.monotonic()
        response = https.get(
            f"{buildkite.base_url}/organizations/acme/pipelines/web/builds/1/artifacts",
            headers=bearer(buildkite),
        )
        assert response.status_code == 200
        assert time.monotonic() - started < 0.5
        assert buildkite.open_connections == 4
    finally:
        for sock in silent + halfway:
            sock.close()


def test_stopping_is_prompt_mid_handshake() -> None:
    before = set(threading.enumerate())
    storage = FakeStorage(tls=True).start()
    assert storage.ca is not None
    silent = socket.create_connection((storage.host, storage.port), timeout=5)
    halfway = start_handshake(storage, storage.ca)
    try:
        assert eventually(lambda: storage.open_connections == 2)
        time.sleep(0.05)  # both connection threads are inside their handshakes by now
        started = time.monotonic()
        storage.stop()
        assert time.monotonic() - started < 1.0
        # The server hung up on both (what is left of its first flight may come first).
        _read_all(halfway)
        assert _read_all(silent) == b""
    finally:
        silent.close()
        halfway.close()
    assert set(threading.enumerate()) <= before
    assert storage.open_connections == 0


# ---------------------------------------------------------------------------------------------
# Slow and broken bodies over TLS
# ---------------------------------------------------------------------------------------------


def test_trickle_over_tls_ends_when_the_client_gives_up(tls_fakes: FakeProviders) -> None:
    assert tls_fakes.ca is not None
    url = tls_fakes.storage.put(b"x" * 1000)
    tls_fakes.storage.trickle(url, chunk=1, interval=2.0)
    timeout = httpx.Timeout(5.0, read=0.1)
    verify = tls_fakes.ca.client_context()
    with (
        httpx.Client(timeout=timeout, verify=verify) as client,
        client.stream("GET", url) as response,
    ):
        pieces = response.iter_raw()
        assert next(pieces) == b"x"
        with pytest.raises(httpx.ReadTimeout):
            next(pieces)
    # The server peeks at the TCP socket under TLS: it notices at once, not at its next write.
    assert eventually(lambda: tls_fakes.storage.open_connections == 0, timeout=0.5)


def test_truncation_and_latency_over_tls(tls_fakes: FakeProviders, https: httpx.Client) -> None:
    storage = tls_fakes.storage
    url = storage.put(b"y" * 10_000)
    storage.truncate(url)
    with pytest.raises(httpx.RemoteProtocolError):
        https.get(url)
    storage.latency = 0.1
    started = time.monotonic()
    assert https.get(storage.put(b"late")).content == b"late"
    assert time.monotonic() - started >= 0.1


# ---------------------------------------------------------------------------------------------
# Through the proxy
# ---------------------------------------------------------------------------------------------


def test_connect_tunnel_carries_tls_to_an_https_fake(
    tls_fakes: FakeProviders, proxy: FakeProxy
) -> None:
    fakes = tls_fakes
    assert fakes.ca is not None
    assert proxy.url.startswith("http://")  # the proxy itself stays plain
    fakes.buildkite.add_artifact("acme", "web", 1, "a.bin", b"through the tunnel")
    headers = bearer(fakes.buildkite)
    verify = fakes.ca.client_context()
    with httpx.Client(proxy=proxy.url, verify=verify, timeout=5.0, trust_env=False) as client:
        listed = client.get(
            f"{fakes.buildkite.base_url}/organizations/acme/pipelines/web/builds/1/artifacts",
            headers=headers,
        ).json()
        redirect = client.get(listed[0]["download_url"], headers=headers)
        assert client.get(redirect.headers["Location"]).content == b"through the tunnel"
    assert {r.method for r in proxy.requests} == {"CONNECT"}
    assert proxy.origins == {
        f"{fakes.buildkite.host}:{fakes.buildkite.port}",
        f"{fakes.storage.host}:{fakes.storage.port}",
    }
    assert fakes.buildkite.token not in repr(proxy.requests)


def test_environment_alone_trusts_the_fakes_through_the_proxy(
    tls_fakes: FakeProviders, proxy: FakeProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an in-process end-to-end test does: fakes.env() and HTTPS_PROXY in os.environ."""
    for name in ("SSL_CERT_DIR", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name, value in tls_fakes.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    url = tls_fakes.storage.put(b"env")
    # What the ciartifacts clients do: httpx.create_ssl_context(trust_env=True).
    verify = httpx.create_ssl_context(trust_env=True)
    with httpx.Client(timeout=5.0, verify=verify) as client:
        assert client.get(url).content == b"env"
    with httpx.Client(timeout=5.0) as client:  # httpx's own defaults read it too
        assert client.get(url).content == b"env"
    assert proxy.origins == {f"{tls_fakes.storage.host}:{tls_fakes.storage.port}"}


# ---------------------------------------------------------------------------------------------
# The CA bundle and env()
# ---------------------------------------------------------------------------------------------


def test_ca_bundle_lives_from_start_to_stop() -> None:
    fakes = FakeProviders(tls=True)
    assert fakes.ca is not None
    with pytest.raises(RuntimeError, match="not running"):
        _ = fakes.ca_bundle
    paths: list[Path] = []
    for _ in range(2):  # a restart writes a new one
        with fakes:
            bundle = Path(fakes.ca_bundle)
            assert bundle.read_bytes() == fakes.ca.pem
            assert fakes.env()["SSL_CERT_FILE"] == str(bundle)
            assert b"BEGIN CERTIFICATE" in fakes.ca.pem
            verify = ssl.create_default_context(cafile=bundle)
            with httpx.Client(timeout=5.0, verify=verify) as client:
                assert client.get(fakes.storage.put(b"ok")).content == b"ok"
            paths.append(bundle)
        assert not bundle.exists()
        assert not bundle.parent.exists()
        with pytest.raises(RuntimeError, match="not running"):
            _ = fakes.ca_bundle
    assert paths[0] != paths[1]
    fakes.stop()  # idempotent


def test_plain_fakes_have_no_ca(fakes: FakeProviders) -> None:
    assert fakes.ca is None
    assert "SSL_CERT_FILE" not in fakes.env()
    with pytest.raises(RuntimeError, match="plain HTTP"):
        _ = fakes.ca_bundle
    for server in fakes.servers:
        assert (server.ca, server.scheme) == (None, "http")
        with pytest.raises(RuntimeError, match="plain HTTP"):
            _ = server.ca_bundle
    assert FakeProxy().ca is None


def test_a_server_bundle_is_written_on_demand_and_removed_on_stop() -> None:
    storage = FakeStorage(tls=True)
    with pytest.raises(RuntimeError, match="not running"):
        _ = storage.ca_bundle
    with storage:
        bundle = Path(storage.ca_bundle)
        assert bundle.is_file()
        assert storage.ca_bundle == str(bundle)  # one file per run
    assert not bundle.parent.exists()


def test_a_bundle_trusts_only_its_own_ca(tls_fakes: FakeProviders, tmp_path: Path) -> None:
    other = FakeCA().write_pem(tmp_path / "other.pem")
    verify = ssl.create_default_context(cafile=other)
    with (
        httpx.Client(timeout=5.0, verify=verify) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get(tls_fakes.storage.origin + "/")


# ---------------------------------------------------------------------------------------------
# trustme: only when asked for
# ---------------------------------------------------------------------------------------------


def test_importing_the_fakes_does_not_import_trustme() -> None:
    script = (
        "import sys\n"
        "import ciartifacts.testing as testing\n"
        "with testing.FakeProviders() as fakes:\n"
        "    fakes.storage.put(b'x')\n"
        "print(sorted(name for name in ('trustme', 'cryptography') if name in sys.modules))\n"
        "testing.FakeCA()\n"
        "print('trustme' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'wrapper'}{os.pathsep}{ROOT / 'generated'}"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


def test_tls_without_trustme_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trustme", None)  # as if it were not installed
    makers: list[Callable[[], object]] = [
        FakeCA,
        lambda: FakeStorage(tls=True),
        lambda: FakeProviders(tls=True),
        lambda: FakeProviders(storage_tls=True),
    ]
    for make in makers:
        with pytest.raises(TLSUnavailableError, match="'trustme' package"):
            make()
    assert issubclass(TLSUnavailableError, ImportError)
    with FakeProviders() as fakes:  # plain HTTP needs none of it
        assert fakes.ca is None
