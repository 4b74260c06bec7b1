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
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ciartifacts.testing import FakeAPI, FakeProviders, FakeStorage, synthetic_bytes
from ciartifacts.testing.pagination import ENDLESS_TOTAL_PAGES

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


# ---------------------------------------------------------------------------------------------
# Storage: trickle
# ---------------------------------------------------------------------------------------------


def test_trickle_sends_full_length_then_bytes_slowly(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    url = fakes.storage.put(b"abcdefghij")
    fakes.storage.trickle(url, chunk=3, interval=0.05)
    started = time.monotonic()
    with http.stream("GET", url) as response:
        assert response.headers["Content-Length"] == "10"
        pieces = list(response.iter_raw())
    assert time.monotonic() - started >= 3 * 0.05
    assert b"".join(pieces) == b"abcdefghij"
    assert len(pieces) >= 3  # it came in several writes
    with pytest.raises(ValueError, match="chunk"):
        fakes.storage.trickle(url, chunk=0)


def test_trickle_ends_when_the_client_gives_up(fakes: FakeProviders) -> None:
    url = fakes.storage.put(b"x" * 1000)
    fakes.storage.trickle(url, chunk=1, interval=2.0)
    timeout = httpx.Timeout(5.0, read=0.1)
    with httpx.Client(timeout=timeout) as client, client.stream("GET", url) as response:
        assert response.headers["Content-Length"] == "1000"
        pieces = response.iter_raw()
        assert next(pieces) == b"x"
        with pytest.raises(httpx.ReadTimeout):
            next(pieces)
    # The client hung up: the server's thread notices at once, not at its next write (2 s).
    assert eventually(lambda: fakes.storage.open_connections == 0, timeout=0.5)


def test_stopping_the_fake_during_a_trickle_is_prompt() -> None:
    storage = FakeStorage().start()
    url = storage.put(b"y" * 100)
    storage.trickle(url, chunk=1, interval=10.0)
    first_byte = threading.Event()
    outcome: list[object] = []

    def fetch() -> None:
        try:
            with httpx.stream("GET", url, timeout=30.0) as response:
                for _ in response.iter_raw():
                    first_byte.set()
        except httpx.TransportError as error:
            outcome.append(error)

    client = threading.Thread(target=fetch)
    client.start()
    assert first_byte.wait(5.0)
    started = time.monotonic()
    storage.stop()
    assert time.monotonic() - started < 1.0
    client.join(5.0)
    assert not client.is_alive()
    assert outcome  # the client saw the body end early


# ---------------------------------------------------------------------------------------------
# Storage: odd success statuses
# ---------------------------------------------------------------------------------------------


def test_answer_status(fakes: FakeProviders, http: httpx.Client) -> None:
    content = b"0123456789"
    url = fakes.storage.put(content)

    fakes.storage.answer_status(url, 204)
    empty = http.get(url)
    assert (empty.status_code, empty.content) == (204, b"")

    fakes.storage.answer_status(url, 206)
    partial = http.get(url)  # no Range asked for
    assert partial.status_code == 206
    assert partial.headers["Content-Range"] == "bytes 0-4/10"
    assert partial.content == b"01234"

    for status in (201, 203):
        fakes.storage.answer_status(url, status)
        other = http.get(url, headers={"Range": "bytes=0-1"})
        assert (other.status_code, other.content) == (status, content)
        assert "Content-Range" not in other.headers

    fakes.storage.answer_status(url, 200)
    assert (http.get(url).status_code, http.get(url).content) == (200, content)
    with pytest.raises(ValueError, match="2xx"):
        fakes.storage.answer_status(url, 404)
    with pytest.raises(ValueError, match="2 bytes"):
        fakes.storage.answer_status(fakes.storage.put(b"1"), 206)


# ---------------------------------------------------------------------------------------------
# Storage: throttling storms
# ---------------------------------------------------------------------------------------------


def test_rate_limit_storm_answers_slow_down_with_retry_after(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    url = fakes.storage.put(b"data")
    fakes.storage.rate_limit_for(0.3, retry_after=2)
    for target in (url, url, fakes.storage.origin + "/objects/unknown"):
        response = http.get(target)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "2"
        assert "<Code>SlowDown</Code>" in response.text
    assert fakes.storage.throttled_count == 3
    time.sleep(0.3)
    assert http.get(url).status_code == 200
    assert fakes.storage.throttled_count == 3


def test_rate_limit_storm_with_429_and_early_end(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(b"data")
    fakes.storage.rate_limit_for(60, retry_after=None, status=429)
    response = http.get(url)
    assert response.status_code == 429
    assert "Retry-After" not in response.headers
    assert "<Code>TooManyRequests</Code>" in response.text
    fakes.storage.rate_limit_for(0)
    assert http.get(url).status_code == 200
    assert fakes.storage.throttled_count == 1
    with pytest.raises(ValueError, match="503"):
        fakes.storage.rate_limit_for(1, status=500)


# ---------------------------------------------------------------------------------------------
# Storage: ranges
# ---------------------------------------------------------------------------------------------

CONTENT = bytes(range(256)) * 4  # 1024 bytes


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [
        ("bytes=0-9", 0, 10),
        ("bytes=0-0", 0, 1),
        ("bytes=1000-", 1000, 1024),
        ("bytes=1000-5000", 1000, 1024),
        ("bytes=-24", 1000, 1024),
        ("bytes=-5000", 0, 1024),
        ("Bytes = 10-19", 10, 20),
    ],
)
def test_range_answers_206_with_exactly_those_bytes(
    fakes: FakeProviders, http: httpx.Client, header: str, start: int, stop: int
) -> None:
    url = fakes.storage.put(CONTENT)
    response = http.get(url, headers={"Range": header})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{stop - 1}/1024"
    assert response.headers["Content-Length"] == str(stop - start)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.content == CONTENT[start:stop]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range_answers_416(
    fakes: FakeProviders, http: httpx.Client, header: str
) -> None:
    response = http.get(fakes.storage.put(CONTENT), headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == "bytes */1024"
    assert "<Code>InvalidRange</Code>" in response.text
    empty = http.get(fakes.storage.put(b""), headers={"Range": "bytes=0-"})
    assert empty.status_code == 416


@pytest.mark.parametrize(
    "header", ["bytes=5-2", "bytes=0-1,5-6", "items=0-5", "bytes=abc", "bytes=-", "bytes=²-"]
)
def test_malformed_ranges_are_ignored(
    fakes: FakeProviders, http: httpx.Client, header: str
) -> None:
    # Latin-1, as the server decodes header bytes: "²" is a digit to str.isdigit.
    response = http.get(fakes.storage.put(CONTENT), headers={"Range": header.encode("latin-1")})
    assert (response.status_code, response.content) == (200, CONTENT)


def test_ranges_of_synthetic_blobs(fakes: FakeProviders, http: httpx.Client) -> None:
    size = 3 * 65536 + 17
    whole = b"".join(synthetic_bytes(size, 5))
    url = fakes.storage.put_synthetic(size, 5)
    for start, stop in [(0, 65536), (65530, 131090), (size - 17, size), (100, 101)]:
        response = http.get(url, headers={"Range": f"bytes={start}-{stop - 1}"})
        assert response.status_code == 206
        assert response.content == whole[start:stop], (start, stop)

    huge = fakes.storage.put_synthetic(10 * 2**40, 5)  # 10 TiB: only a range can be served
    index = 10 * 2**40 // 65536 - 3
    started = time.monotonic()
    response = http.get(huge, headers={"Range": f"bytes={index * 65536}-{index * 65536 + 7}"})
    assert time.monotonic() - started < 0.5
    assert response.content == index.to_bytes(8, "big")  # every chunk starts with its index
    assert (
        response.headers["Content-Range"]
        == f"bytes {index * 65536}-{index * 65536 + 7}/{10 * 2**40}"
    )


def test_ranges_can_be_ignored(fakes: FakeProviders, http: httpx.Client) -> None:
    honoured, ignored = fakes.storage.put(CONTENT), fakes.storage.put(CONTENT)
    fakes.storage.ignore_range(ignored)
    wanted = {"Range": "bytes=0-9"}

    assert http.get(honoured, headers=wanted).status_code == 206
    response = http.get(ignored, headers=wanted)
    assert (response.status_code, response.content) == (200, CONTENT)
    assert "Accept-Ranges" not in response.headers

    fakes.storage.honour_range = False
    assert http.get(honoured, headers=wanted).status_code == 200
    fakes.storage.honour_range = True
    fakes.storage.ignore_range(ignored, False)
    assert http.get(ignored, headers=wanted).status_code == 206


def test_range_with_corruption_and_truncation(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(CONTENT)
    fakes.storage.corrupt(url)  # flips byte 512 of the object
    around = http.get(url, headers={"Range": "bytes=500-599"}).content
    assert sum(a != b for a, b in zip(around, CONTENT[500:600], strict=True)) == 1
    assert http.get(url, headers={"Range": "bytes=0-99"}).content == CONTENT[:100]

    cut = fakes.storage.put(b"z" * 300_000)
    fakes.storage.truncate(cut)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(cut, headers={"Range": "bytes=100000-"})


# ---------------------------------------------------------------------------------------------
# Pagination faults
# ---------------------------------------------------------------------------------------------


def page_of(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["page"][0])


def test_buildkite_endless_pages(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(3):
        fakes.buildkite.add_artifact("acme", "web", 1, f"f{index}", b"")
    fakes.buildkite.pagination_fault = "endless"
    headers = bearer(fakes.buildkite)

    url = bk_build_url(fakes) + "?per_page=2"
    seen: list[str] = []
    for expected_page in range(1, 8):
        response = http.get(url, headers=headers)
        assert response.status_code == 200
        seen += [artifact["path"] for artifact in response.json()]
        assert page_of(response.links["next"]["url"]) == expected_page + 1
        assert page_of(response.links["last"]["url"]) == expected_page + 1
        url = response.links["next"]["url"]
    assert seen == ["f0", "f1", "f2"]  # then empty pages, forever

    fakes.buildkite.pagination_fault = None
    assert "next" not in http.get(url, headers=headers).links


def test_buildkite_looping_pages(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(5):
        fakes.buildkite.add_artifact("acme", "web", 1, f"f{index}", b"")
    fakes.buildkite.add_artifact("acme", "web", 2, "only", b"")
    fakes.buildkite.pagination_fault = "loop"
    headers = bearer(fakes.buildkite)

    pages = []
    url = bk_build_url(fakes) + "?per_page=2"
    for _ in range(5):
        response = http.get(url, headers=headers)
        pages.append([artifact["path"] for artifact in response.json()])
        url = response.links["next"]["url"]
    assert pages == [["f0", "f1"], ["f2", "f3"], ["f4"], ["f0", "f1"], ["f2", "f3"]]
    last = http.get(bk_build_url(fakes) + "?per_page=2&page=3", headers=headers)
    assert set(last.links) == {"next", "prev", "first"}
    assert page_of(last.links["next"]["url"]) == 1

    single = http.get(bk_build_url(fakes, build=2), headers=headers)
    assert page_of(single.links["next"]["url"]) == 1  # a one-page listing points to itself


def em_resources(fakes: FakeProviders, http: httpx.Client, page: int) -> dict[str, Any]:
    url = f"{fakes.empirical.base_url}/api/resources"
    params = {"page": page, "per_page": 2}
    body: dict[str, Any] = http.get(url, params=params, headers=bearer(fakes.empirical)).json()
    return body


def test_empirical_endless_pages(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(3):
        fakes.empirical.add_resource(f"r{index}.pdf", b"")
    fakes.empirical.pagination_fault = "endless"

    bodies = [em_resources(fakes, http, page) for page in (1, 2, 3, 500)]

    assert [[r["name"] for r in b["data"]["resources"]] for b in bodies] == [
        ["r0.pdf", "r1.pdf"],
        ["r2.pdf"],
        [],
        [],
    ]
    for page, body in zip((1, 2, 3, 500), bodies, strict=True):
        assert body["pagination"] == {
            "page": page,
            "per_page": 2,
            "total": ENDLESS_TOTAL_PAGES * 2,
            "total_pages": ENDLESS_TOTAL_PAGES,
        }


def test_empirical_looping_pages(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(3):
        fakes.empirical.add_resource(f"r{index}.pdf", b"")
    fakes.empirical.pagination_fault = "loop"

    bodies = {page: em_resources(fakes, http, page) for page in (1, 2, 3, 4)}

    names = {page: [r["name"] for r in b["data"]["resources"]] for page, b in bodies.items()}
    assert names == {1: ["r0.pdf", "r1.pdf"], 2: ["r2.pdf"], 3: ["r0.pdf", "r1.pdf"], 4: ["r2.pdf"]}
    reported = {page: body["pagination"]["page"] for page, body in bodies.items()}
    assert reported == {1: 1, 2: 2, 3: 1, 4: 2}  # an earlier page than asked for
    assert {body["pagination"]["total_pages"] for body in bodies.values()} == {3}
    assert {body["pagination"]["total"] for body in bodies.values()} == {6}

    fakes.empirical.pagination_fault = None
    assert em_resources(fakes, http, 3)["pagination"] == {
        "page": 3,
        "per_page": 2,
        "total": 3,
        "total_pages": 2,
    }


# ---------------------------------------------------------------------------------------------
# Wrong-typed fields
# ---------------------------------------------------------------------------------------------

WRONG = {
    "path": None,
    "file_size": "12",
    "download_url": "http://127.0.0.1:99999/x",
    "url": "http://[::1/x",
}


def test_buildkite_extra_overrides_only_the_json(fakes: FakeProviders, http: httpx.Client) -> None:
    real = fakes.buildkite.add_artifact("acme", "web", 1, "dist/a.txt", b"a")
    fakes.buildkite.add_artifact("acme", "web", 1, "dist/b.txt", b"b", extra=WRONG)
    headers = bearer(fakes.buildkite)

    listed = http.get(bk_build_url(fakes), headers=headers).json()

    assert listed[0] == real
    assert {key: listed[1][key] for key in WRONG} == WRONG
    assert listed[1]["filename"] == "b.txt"
    # The fake still routes and downloads by the real values.
    real_url = str(real["url"]).replace(str(real["id"]), listed[1]["id"])
    assert http.get(real_url, headers=headers).json()["path"] is None
    redirect = http.get(real_url + "/download", headers=headers)
    assert http.get(redirect.headers["Location"]).content == b"b"


def test_circleci_extra(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.circleci.add_artifact(
        "github", "acme", "web", 7, "a.txt", b"a", extra={"path": None, "url": WRONG["url"]}
    )
    url = f"{fakes.circleci.base_url}/project/github/acme/web/7/artifacts"
    token = {"Circle-Token": fakes.circleci.token}

    listed = http.get(url, headers={**token, **JSON}).json()
    edn = http.get(url, headers=token).text

    assert listed[0]["path"] is None
    assert listed[0]["pretty_path"] == "a.txt"
    assert listed[0]["url"] == WRONG["url"]
    assert ":path nil" in edn
    latest = f"{fakes.circleci.base_url}/project/github/acme/web/latest/artifacts"
    assert http.get(latest, headers={**token, **JSON}).json() == listed


def test_sourcecraft_extra(fakes: FakeProviders, http: httpx.Client) -> None:
    add = fakes.sourcecraft.add_artifact
    add("org", "repo", "run-1", "build", "test", "unit", "a", b"a", extra={"download_url": None})
    add("org", "repo", "run-1", "build", "test", "unit", "b", b"b", extra={"local_path": 7})
    url = f"{fakes.sourcecraft.base_url}/repos/org/repo/cicd/artifacts/run-1/build/test/unit"

    first, second = http.get(url, headers=bearer(fakes.sourcecraft)).json()["artifacts"]

    assert first["download_url"] is None
    assert second["local_path"] == 7
    assert http.get(second["download_url"]).content == b"b"


def test_empirical_extra(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.empirical.add_artifact(456, "summary.json", b"{}", extra={"size": "2", "key": None})
    fakes.empirical.add_resource("r.pdf", b"%PDF", extra={"url": None, "status": 3})
    headers = bearer(fakes.empirical)

    run = f"{fakes.empirical.base_url}/api/test-runs/456/artifacts"
    artifacts = http.get(run, params={"key": "summary.json"}, headers=headers).json()
    resources = em_resources(fakes, http, 1)["data"]["resources"]

    assert artifacts["data"]["artifacts"][0]["size"] == "2"
    assert artifacts["data"]["artifacts"][0]["key"] is None  # found by its real key
    assert (resources[0]["url"], resources[0]["status"]) == (None, 3)  # listed: really uploaded


# ---------------------------------------------------------------------------------------------
# Buildkite: enforced rate limits
# ---------------------------------------------------------------------------------------------


def test_buildkite_enforced_rate_limit_windows(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    fakes.buildkite.rate_limit, fakes.buildkite.rate_window = 2, 0.25
    headers = bearer(fakes.buildkite)

    answers = [http.get(bk_build_url(fakes), headers=headers) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 429, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["1", "0", "0", "0"]
    assert {a.headers["RateLimit-Limit"] for a in answers} == {"2"}
    assert {a.headers["RateLimit-Reset"] for a in answers} == {"1"}  # 0.25 s, rounded up
    assert "Retry-After" not in answers[2].headers
    assert answers[3].json() == {
        "message": "You have exceeded your API rate limit. "
        "Please wait 1 seconds before making more requests.",
        "scope": "rest_user",
        "limit": 2,
        "current": 4,
        "reset": 1,
    }
    assert fakes.buildkite.rate_limited_count == 2

    time.sleep(0.25)  # the window ended: the next request starts a new one
    again = [http.get(bk_build_url(fakes), headers=headers) for _ in range(3)]
    assert [a.status_code for a in again] == [200, 200, 429]
    assert again[0].headers["RateLimit-Remaining"] == "1"
    assert fakes.buildkite.rate_limited_count == 3

    fakes.buildkite.error_next(500)  # injected answers are not counted
    assert http.get(bk_build_url(fakes), headers=headers).status_code == 500


def test_buildkite_rate_limit_reset_is_rounded_up(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    fakes.buildkite.rate_limit, fakes.buildkite.rate_window = 1, 2.5
    first = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
    refused = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
    assert (first.status_code, refused.status_code) == (200, 429)
    # round() would say 2: a client waiting that long would land in the old window.
    assert first.headers["RateLimit-Reset"] == refused.headers["RateLimit-Reset"] == "3"
    assert refused.json()["reset"] == 3


def test_buildkite_rate_limit_holds_under_concurrency() -> None:
    with FakeProviders(options={"buildkite": {"rate_limit": 5, "rate_window": 60.0}}) as fakes:
        fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
        url, headers = bk_build_url(fakes), bearer(fakes.buildkite)
        limits = httpx.Limits(max_connections=10)
        with (
            httpx.Client(timeout=5.0, limits=limits) as client,
            concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool,
        ):
            answers = list(pool.map(lambda _: client.get(url, headers=headers), range(20)))
        assert sorted(a.status_code for a in answers) == [200] * 5 + [429] * 15
        assert fakes.buildkite.rate_limited_count == 15
