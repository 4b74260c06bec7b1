"""The opt-in misbehaviours and instrumentation of ``ciartifacts.testing``, over real HTTP.

Latency, connection counters, storage faults (trickle, odd statuses, throttling
storms, ranges), pagination faults, wrong-typed fields, echoed credentials and
enforced rate limits. Each test is quick: waits are a few tenths of a second.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from ciartifacts.testing import FakeAPI, FakeProviders, FakeStorage

JSON = {"Accept": "application/json"}


def bearer(fake: FakeAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.token}", **JSON}


def bk_build_url(fakes: FakeProviders, build: int = 1) -> str:
    return f"{fakes.buildkite.base_url}/organizations/acme/pipelines/web/builds/{build}/artifacts"


def eventually(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll ``condition`` until it holds (server threads notice closed sockets a bit later)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# ---------------------------------------------------------------------------------------------
# Latency
# ---------------------------------------------------------------------------------------------


def test_latency_delays_each_answer_and_concurrent_requests_overlap(
    fakes: FakeProviders,
) -> None:
    latency = 0.2
    fakes.set_latency(latency)
    assert all(server.latency == latency for server in fakes.servers)
    urls = [fakes.storage.put(f"object {index}".encode()) for index in range(8)]

    with httpx.Client(timeout=5.0, limits=httpx.Limits(max_connections=8)) as client:
        started = time.monotonic()
        assert client.get(urls[0]).status_code == 200
        single = time.monotonic() - started

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(client.get, urls))
        together = time.monotonic() - started

    assert [answer.content for answer in answers] == [f"object {i}".encode() for i in range(8)]
    assert single >= latency
    assert latency <= together < 4 * latency  # not 8 x latency: the waits overlap


def test_latency_applies_to_injected_answers_and_every_server(http: httpx.Client) -> None:
    with FakeProviders(latency=0.1) as fakes:
        assert fakes.circleci.artifact_host.latency == 0.1
        for server in fakes.servers:
            server.fail_next(418)
            started = time.monotonic()
            assert http.get(server.base_url + "/x").status_code == 418
            assert time.monotonic() - started >= 0.1, server.name
        fakes.set_latency(0)
        started = time.monotonic()
        http.get(fakes.storage.origin + "/x")
        assert time.monotonic() - started < 0.1
    with pytest.raises(ValueError, match="negative"):
        FakeStorage(latency=-1)


def test_stopping_does_not_wait_for_a_long_latency() -> None:
    storage = FakeStorage(latency=30.0).start()
    url = storage.put(b"slow")
    outcome: list[object] = []

    def fetch() -> None:
        try:
            outcome.append(httpx.get(url, timeout=10.0).status_code)
        except httpx.TransportError as error:
            outcome.append(error)

    client = threading.Thread(target=fetch)
    client.start()
    assert eventually(lambda: storage.open_connections == 1)
    started = time.monotonic()
    storage.stop()
    assert time.monotonic() - started < 1.0
    client.join(5.0)
    assert outcome  # the client got an answer or an error, promptly


# ---------------------------------------------------------------------------------------------
# Connection counters
# ---------------------------------------------------------------------------------------------


def test_connection_counters(fakes: FakeProviders, http: httpx.Client) -> None:
    storage = fakes.storage
    url = storage.put(b"data")
    assert (storage.connections_opened, storage.peak_connections) == (0, 0)

    for _ in range(3):
        assert http.get(url).status_code == 200  # one kept-alive connection
    assert (storage.connections_opened, storage.peak_connections) == (1, 1)

    clients = [httpx.Client(timeout=5.0) for _ in range(4)]
    try:
        for client in clients:
            client.get(url)  # each keeps its own connection open
        assert storage.connections_opened == 5
        assert storage.peak_connections == storage.open_connections == 5
    finally:
        for client in clients:
            client.close()
    assert eventually(lambda: storage.open_connections == 1)
    assert storage.peak_connections == 5

    storage.reset_connection_counters()
    assert (storage.connections_opened, storage.peak_connections) == (0, 1)
    http.get(url)
    assert (storage.connections_opened, storage.peak_connections) == (0, 1)
    fakes.reset_connection_counters()
    assert all(server.connections_opened == 0 for server in fakes.servers)


# ---------------------------------------------------------------------------------------------
# Echoed credentials
# ---------------------------------------------------------------------------------------------


def test_echo_credentials_quotes_the_headers_back(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    token = fakes.buildkite.token
    fakes.buildkite.echo_credentials_next(count=2)

    first = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
    both = http.get(bk_build_url(fakes), headers={"Authorization": "Bearer x", "Circle-Token": "y"})

    assert first.status_code == 401
    assert first.json() == {"message": f"bad credentials: Authorization: Bearer {token}"}
    assert "RateLimit-Remaining" in first.headers  # provider-shaped
    assert both.json() == {"message": "bad credentials: Authorization: Bearer x; Circle-Token: y"}
    assert http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite)).status_code == 200
    assert token not in repr(fakes.buildkite.requests)


def test_echo_credentials_in_each_providers_shape(fakes: FakeProviders, http: httpx.Client) -> None:
    circle_token = fakes.circleci.token
    fakes.circleci.add_build("github", "acme", "web", 7)
    fakes.circleci.echo_credentials_next(403)
    url = f"{fakes.circleci.base_url}/project/github/acme/web/7/artifacts"
    edn = http.get(url, headers={"Circle-Token": circle_token})
    assert edn.status_code == 403
    assert edn.text == f'{{:message "bad credentials: Circle-Token: {circle_token}"}}'

    sc_token = fakes.sourcecraft.token
    fakes.sourcecraft.echo_credentials_next()
    answer = http.get(fakes.sourcecraft.base_url + "/x", headers=bearer(fakes.sourcecraft))
    assert answer.json()["message"] == f"bad credentials: Authorization: Bearer {sc_token}"
    assert answer.json()["request_id"] == answer.headers["X-Request-Id"]

    fakes.empirical.echo_credentials_next(400)
    answer = http.get(fakes.empirical.base_url + "/api/resources")
    assert (answer.status_code, answer.json()) == (400, {"error": "bad credentials: none sent"})

    fakes.storage.echo_credentials_next(403)
    answer = http.get(fakes.storage.put(b"x"), headers={"Authorization": "AWS4 secret"})
    assert answer.status_code == 403
    assert "<Code>AccessDenied</Code>" in answer.text
    assert "Authorization: AWS4 secret" in answer.text

    fakes.circleci.artifact_host.echo_credentials_next()
    answer = http.get(fakes.circleci.artifact_host.origin + "/x", auth=(circle_token, ""))
    assert answer.status_code == 401
    assert answer.json()["message"].startswith("bad credentials: Authorization: Basic ")
