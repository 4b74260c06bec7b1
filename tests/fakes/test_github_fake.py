"""``FakeGitHub`` over real HTTP, driven with httpx: a FakeStorage and a FakeGitHub, nothing else.

Every route, pagination and ``Link`` headers, filters and ordering, zip and unzipped
content, the 302 to storage, expiry, deletion, GitHub Enterprise Server's base path, rate
limits, ``extra=`` overrides and the generic fault tools; and every answer validated
against the strict models of ``specs/github.yaml``.
"""

from __future__ import annotations

import base64
import concurrent.futures
import datetime
import hashlib
import io
import re
import threading
import time
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ciartifacts.testing import FakeGitHub, FakeStorage, SyntheticBlob, synthetic_bytes
from ciartifacts.testing.github import build_zip
from tests.fakes.test_fakes import declared_response, json_schema_name, validate_body
from tests.specs import operations, resolve

JSON = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
RATE_HEADERS = (
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-used",
    "x-ratelimit-reset",
    "x-ratelimit-resource",
)


@pytest.fixture
def storage() -> Iterator[FakeStorage]:
    before = set(threading.enumerate())
    with FakeStorage() as running:
        yield running
        errors = running.internal_errors
    assert not errors, "\n".join(errors)
    leaked = [thread for thread in threading.enumerate() if thread not in before]
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture
def gh(storage: FakeStorage) -> Iterator[FakeGitHub]:
    with FakeGitHub(storage) as running:
        yield running
        errors = running.internal_errors
    assert not errors, "\n".join(errors)


def auth(gh: FakeGitHub) -> dict[str, str]:
    return {"Authorization": f"Bearer {gh.token}", **JSON}


def repo_url(gh: FakeGitHub, owner: str = "acme", repo: str = "web") -> str:
    return f"{gh.base_url}/repos/{owner}/{repo}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(http: httpx.Client, gh: FakeGitHub, artifact: dict[str, object]) -> httpx.Response:
    """The artifact's content: the 302 from the API, then storage without credentials."""
    redirect = http.get(str(artifact["archive_download_url"]), headers=auth(gh))
    assert redirect.status_code == 302, redirect.text
    return http.get(redirect.headers["Location"])


def _rfc3339_now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def names(response: httpx.Response) -> list[str]:
    return [a["name"] for a in response.json()["artifacts"]]


def strict_problem(method: str, template: str, response: httpx.Response) -> str | None:
    """Why ``response`` does not match what specs/github.yaml declares for the operation."""
    operation = next(
        op for m, path, op in operations("github").values() if (m, path) == (method, template)
    )
    key = declared_response(operation, response.status_code)
    if key is None:
        return f"{response.status_code} is not declared"
    declared = resolve("github", operation["responses"][key])
    for name, header in declared.get("headers", {}).items():
        if resolve("github", header).get("required") and name not in response.headers:
            return f"required header {name} missing"
    schema = json_schema_name("github", declared)
    if schema is None:
        return None if response.content == b"" else "a body where the spec declares none"
    return validate_body("github", schema, response.content)


# ---------------------------------------------------------------------------------------------
# Authentication and the shape of every answer
# ---------------------------------------------------------------------------------------------


def test_token_looks_like_a_classic_personal_access_token(storage: FakeStorage) -> None:
    assert re.fullmatch(r"ghp_[A-Za-z0-9]{36}", FakeGitHub(storage).token)
    assert FakeGitHub(storage).token != FakeGitHub(storage).token
    assert FakeGitHub(storage, token="ghs_given").token == "ghs_given"


@pytest.mark.parametrize(
    ("authorization", "status", "message"),
    [
        (None, 401, "Requires authentication"),
        ("Bearer wrong", 401, "Bad credentials"),
        ("Basic dXNlcjo=", 401, "Bad credentials"),
        ("Bearer", 401, "Bad credentials"),
        ("Bearer TOKEN", 200, None),
        ("bearer TOKEN", 200, None),
        ("token TOKEN", 200, None),
    ],
)
def test_authentication(
    gh: FakeGitHub,
    http: httpx.Client,
    authorization: str | None,
    status: int,
    message: str | None,
) -> None:
    gh.add_run("acme", "web")
    headers = dict(JSON)
    if authorization is not None:
        headers["Authorization"] = authorization.replace("TOKEN", gh.token)

    response = http.get(f"{repo_url(gh)}/actions/runs", headers=headers)

    assert response.status_code == status
    assert response.headers["x-github-request-id"]
    assert all(name in response.headers for name in RATE_HEADERS)
    if message is not None:
        assert response.json() == {
            "message": message,
            "documentation_url": "https://docs.github.com/rest",
            "status": "401",
        }
    assert gh.token not in repr(gh.requests)
    assert gh.requests[-1].has_header("authorization") is (authorization is not None)


def test_unsupported_api_version_answers_400(gh: FakeGitHub, http: httpx.Client) -> None:
    gh.add_run("acme", "web")
    url = f"{repo_url(gh)}/actions/runs"
    for version in ("2022-11-28", "2026-03-10"):
        headers = {**auth(gh), "X-GitHub-Api-Version": version}
        assert http.get(url, headers=headers).status_code == 200
    no_version = {"Authorization": f"Bearer {gh.token}"}
    assert http.get(url, headers=no_version).status_code == 200
    refused = http.get(url, headers={**auth(gh), "X-GitHub-Api-Version": "2021-01-01"})
    assert refused.status_code == 400
    assert "2021-01-01" in refused.json()["message"]
    assert strict_problem("get", "/repos/{owner}/{repo}/actions/runs", refused) is None


def test_answers_carry_request_ids_and_the_selected_version(
    gh: FakeGitHub, http: httpx.Client
) -> None:
    gh.add_run("acme", "web")
    first = http.get(f"{repo_url(gh)}/actions/runs", headers=auth(gh))
    second = http.get(f"{repo_url(gh)}/actions/runs", headers=auth(gh))
    ids = [r.headers["x-github-request-id"] for r in (first, second)]
    assert ids[0] != ids[1]
    assert all(
        re.fullmatch(r"[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{8}", i) for i in ids
    )
    assert first.headers["x-github-api-version-selected"] == "2022-11-28"
    assert first.headers["Content-Type"] == "application/json; charset=utf-8"


# ---------------------------------------------------------------------------------------------
# Artifacts: fields, zips, unzipped files, digests
# ---------------------------------------------------------------------------------------------


def test_artifact_fields(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web", branch="release", head_sha="a" * 40)
    artifact = gh.add_artifact("acme", "web", run, "dist", {"app.bin": b"binary"})

    got = http.get(str(artifact["url"]), headers=auth(gh))

    assert got.status_code == 200
    assert got.json() == artifact
    artifact_id = artifact["id"]
    assert isinstance(artifact_id, int)
    assert artifact_id > 2**31  # as GitHub's: never squeeze ids into 32 bits
    assert base64.b64decode(str(artifact["node_id"])) == f"08:Artifact{artifact_id}".encode()
    assert artifact["url"] == f"{repo_url(gh)}/actions/artifacts/{artifact_id}"
    assert artifact["archive_download_url"] == f"{artifact['url']}/zip"
    assert artifact["expired"] is False
    created = datetime.datetime.fromisoformat(str(artifact["created_at"]))
    expires = datetime.datetime.fromisoformat(str(artifact["expires_at"]))
    assert expires - created == datetime.timedelta(days=90)
    assert artifact["updated_at"] == artifact["created_at"]
    assert str(artifact["created_at"]).endswith("Z")
    assert artifact["workflow_run"] == {
        "id": run,
        "repository_id": gh.repository_id("acme", "web"),
        "head_repository_id": gh.repository_id("acme", "web"),
        "head_branch": "release",
        "head_sha": "a" * 40,
    }
    content = download(http, gh, artifact).content
    assert artifact["size_in_bytes"] == len(content)
    assert artifact["digest"] == f"sha256:{sha256(content)}"


def test_zip_artifacts_are_real_deflated_zips(gh: FakeGitHub, http: httpx.Client) -> None:
    members = {"report.xml": b"<testsuite/>", "logs/run.log": b"line\n" * 1000, "empty": b""}
    run = gh.add_run("acme", "web")
    several = gh.add_artifact("acme", "web", run, "results", members)
    again = gh.add_artifact("acme", "web", run, "results-again", members)
    single = gh.add_artifact("acme", "web", run, "coverage.txt", b"87%")

    served = download(http, gh, several)

    assert served.headers["Content-Type"] == "application/zip"
    assert served.content[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(io.BytesIO(served.content)) as archive:
        assert archive.testzip() is None  # every member's CRC-32 checks out
        assert archive.namelist() == list(members)
        assert {name: archive.read(name) for name in members} == members
        infos = archive.infolist()
        assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
        assert {info.date_time for info in infos} == {(2026, 1, 1, 0, 0, 0)}
        assert infos[1].compress_size < infos[1].file_size
    assert served.content == build_zip(members)
    # Deterministic: the same members zip to the same bytes, hence the same digest.
    assert again["digest"] == several["digest"] == f"sha256:{sha256(served.content)}"
    with zipfile.ZipFile(io.BytesIO(download(http, gh, single).content)) as archive:
        assert archive.namelist() == ["coverage.txt"]
        assert archive.read("coverage.txt") == b"87%"


def test_hostile_member_names_are_kept(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    hostile = gh.add_artifact("acme", "web", run, "evil", {"../../etc/passwd": b"x", "/abs": b"y"})
    with zipfile.ZipFile(io.BytesIO(download(http, gh, hostile).content)) as archive:
        assert archive.namelist() == ["../../etc/passwd", "/abs"]


def test_unzipped_artifacts_are_served_as_the_file(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    report = gh.add_artifact("acme", "web", run, "report.html", b"<html/>", zipped=False)

    served = download(http, gh, report)

    assert served.headers["Content-Type"] == "application/octet-stream"
    assert served.content == b"<html/>"
    assert report["name"] == "report.html"
    assert report["size_in_bytes"] == 7
    assert report["digest"] == f"sha256:{sha256(b'<html/>')}"
    # The same endpoint, ".../zip", even though nothing is zipped.
    assert str(report["archive_download_url"]).endswith("/zip")


def test_large_unzipped_artifacts_stream_from_synthetic_blobs(
    gh: FakeGitHub, http: httpx.Client
) -> None:
    size = 3 * 65536 + 5
    run = gh.add_run("acme", "web")
    big = gh.add_artifact("acme", "web", run, "big.bin", SyntheticBlob(size, 3), zipped=False)
    expected = sha256(b"".join(synthetic_bytes(size, 3)))

    redirect = http.get(str(big["archive_download_url"]), headers=auth(gh))
    digest = hashlib.sha256()
    with http.stream("GET", redirect.headers["Location"]) as response:
        assert response.headers["Content-Length"] == str(size)
        for chunk in response.iter_bytes():
            digest.update(chunk)

    assert big["size_in_bytes"] == size
    assert big["digest"] == f"sha256:{expected}" == f"sha256:{digest.hexdigest()}"


def test_content_that_cannot_be_stored_as_asked(gh: FakeGitHub) -> None:
    run = gh.add_run("acme", "web")
    with pytest.raises(TypeError, match="unzipped"):
        gh.add_artifact("acme", "web", run, "big", SyntheticBlob(10, 1))
    with pytest.raises(TypeError, match="one file"):
        gh.add_artifact("acme", "web", run, "x", {"a": b"a"}, zipped=False)


def test_digest_absent_or_given(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    legacy = gh.add_artifact("acme", "web", run, "v3", b"old", digest=False)
    wrong = gh.add_artifact("acme", "web", run, "bad", b"new", digest="sha256:" + "0" * 64)

    assert legacy["digest"] is None
    assert wrong["digest"] == "sha256:" + "0" * 64
    listed = http.get(f"{repo_url(gh)}/actions/artifacts", headers=auth(gh)).json()
    assert {a["name"]: a["digest"] for a in listed["artifacts"]} == {
        "bad": "sha256:" + "0" * 64,
        "v3": None,
    }


# ---------------------------------------------------------------------------------------------
# Download, expiry, deletion
# ---------------------------------------------------------------------------------------------


def test_download_redirects_to_fresh_signed_storage_urls(
    gh: FakeGitHub, storage: FakeStorage, http: httpx.Client
) -> None:
    run = gh.add_run("acme", "web")
    artifact = gh.add_artifact("acme", "web", run, "out.txt", b"content", zipped=False)

    first = http.get(str(artifact["archive_download_url"]), headers=auth(gh))
    second = http.get(str(artifact["archive_download_url"]), headers=auth(gh))

    assert first.status_code == second.status_code == 302
    assert first.content == b""
    assert "Content-Type" not in first.headers
    assert first.headers["Content-Length"] == "0"
    location = first.headers["Location"]
    assert location != second.headers["Location"]
    assert location.startswith(storage.origin + "/objects/")
    assert "X-Amz-Signature=" in location
    assert all(name in first.headers for name in (*RATE_HEADERS, "x-github-request-id"))
    assert http.get(location).content == b"content"
    # Storage refuses the API token, as Azure/S3 refuse a second credential...
    assert http.get(location, headers=auth(gh)).status_code == 400
    assert storage.credential_attempts == 1
    # ...and httpx drops Authorization when a redirect changes origin.
    followed = http.get(
        str(artifact["archive_download_url"]), headers=auth(gh), follow_redirects=True
    )
    assert followed.content == b"content"
    assert storage.credential_attempts == 1
    assert (
        strict_problem(
            "get", "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", first
        )
        is None
    )


def test_only_the_zip_archive_format_exists(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    artifact = gh.add_artifact("acme", "web", run, "a", b"a")
    tarball = str(artifact["archive_download_url"]).removesuffix("/zip") + "/tar"
    response = http.get(tarball, headers=auth(gh))
    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


def test_expired_artifacts_are_listed_but_gone(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    old = gh.add_artifact("acme", "web", run, "old", b"o", expired=True)
    fresh = gh.add_artifact("acme", "web", run, "fresh", b"f")
    now = datetime.datetime.now(datetime.UTC)

    assert old["expired"] is True
    assert datetime.datetime.fromisoformat(str(old["expires_at"])) < now
    assert datetime.datetime.fromisoformat(str(old["created_at"])) < now - datetime.timedelta(
        days=90
    )
    listing = http.get(f"{repo_url(gh)}/actions/artifacts", headers=auth(gh))
    assert names(listing) == ["fresh", "old"]
    assert http.get(str(old["url"]), headers=auth(gh)).json()["expired"] is True
    gone = http.get(str(old["archive_download_url"]), headers=auth(gh))
    assert gone.status_code == 410
    assert gone.json()["message"] == "Artifact has expired"
    assert gone.json()["status"] == "410"
    assert (
        strict_problem(
            "get", "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", gone
        )
        is None
    )

    gh.expire_artifact(int(str(fresh["id"])))
    assert http.get(str(fresh["archive_download_url"]), headers=auth(gh)).status_code == 410
    refreshed = http.get(str(fresh["url"]), headers=auth(gh)).json()
    assert refreshed["expired"] is True
    # Expired now, or at its creation for one stamped ahead of the wall clock.
    assert refreshed["expires_at"] <= max(refreshed["created_at"], _rfc3339_now())


def test_delete(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    kept = gh.add_artifact("acme", "web", run, "keep", b"k")
    gone = gh.add_artifact("acme", "web", run, "gone", b"g")
    signed = http.get(str(gone["archive_download_url"]), headers=auth(gh)).headers["Location"]

    response = http.delete(str(gone["url"]), headers=auth(gh))

    assert response.status_code == 204
    assert response.content == b""
    assert "Content-Type" not in response.headers
    assert all(name in response.headers for name in (*RATE_HEADERS, "x-github-request-id"))
    assert (
        strict_problem("delete", "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}", response)
        is None
    )
    listing = http.get(f"{repo_url(gh)}/actions/runs/{run}/artifacts", headers=auth(gh)).json()
    assert listing == {"total_count": 1, "artifacts": [kept]}
    assert http.get(str(gone["url"]), headers=auth(gh)).status_code == 404
    assert http.get(str(gone["archive_download_url"]), headers=auth(gh)).status_code == 404
    assert http.delete(str(gone["url"]), headers=auth(gh)).status_code == 404
    assert http.get(signed).status_code == 404  # the blob went too


def test_actions_permission(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    artifact = gh.add_artifact("acme", "web", run, "a", b"a")
    gh.actions_permission = "read"

    refused = http.delete(str(artifact["url"]), headers=auth(gh))

    assert refused.status_code == 403
    assert refused.json()["message"] == "Resource not accessible by personal access token"
    assert "retry-after" not in refused.headers
    assert http.get(str(artifact["url"]), headers=auth(gh)).status_code == 200
    gh.actions_permission = "none"
    assert http.get(str(artifact["url"]), headers=auth(gh)).status_code == 403
    gh.actions_permission = "write"
    assert http.delete(str(artifact["url"]), headers=auth(gh)).status_code == 204


# ---------------------------------------------------------------------------------------------
# Listing artifacts: order, filters, pages
# ---------------------------------------------------------------------------------------------


def test_artifact_listings_newest_first_and_by_name(gh: FakeGitHub, http: httpx.Client) -> None:
    first = gh.add_run("acme", "web")
    second = gh.add_run("acme", "web")
    gh.add_artifact("acme", "web", first, "report", b"1")
    gh.add_artifact("acme", "web", second, "report", b"2")
    gh.add_artifact("acme", "web", second, "logs", b"3")
    gh.add_artifact("acme", "web", second, "early", b"4", created_at="2026-01-01T00:00:00Z")
    gh.add_artifact("acme", "other", gh.add_run("acme", "other"), "report", b"elsewhere")
    url = f"{repo_url(gh)}/actions/artifacts"

    everything = http.get(url, headers=auth(gh))
    reports = http.get(url, params={"name": "report"}, headers=auth(gh))
    run_url = f"{repo_url(gh)}/actions/runs/{second}/artifacts"
    of_run = http.get(run_url, headers=auth(gh))
    oldest_first = http.get(run_url, params={"direction": "asc"}, headers=auth(gh))

    assert names(everything) == ["logs", "report", "report", "early"]
    assert everything.json()["total_count"] == 4
    assert [a["workflow_run"]["id"] for a in reports.json()["artifacts"]] == [second, first]
    assert reports.json()["total_count"] == 2
    assert names(of_run) == ["logs", "report", "early"]
    assert names(oldest_first) == ["early", "report", "logs"]
    assert http.get(run_url, params={"name": "nothing"}, headers=auth(gh)).json() == {
        "total_count": 0,
        "artifacts": [],
    }


def test_pagination_and_link_headers(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    added = [gh.add_artifact("acme", "web", run, f"file-{i}", b"x")["name"] for i in range(5)]
    newest_first = added[::-1]
    url = f"{repo_url(gh)}/actions/artifacts"

    first = http.get(url, params={"per_page": 2}, headers=auth(gh))
    middle = http.get(first.links["next"]["url"], headers=auth(gh))

    assert names(first) == newest_first[:2]
    assert first.json()["total_count"] == 5
    rels = [part.split('rel="')[1].rstrip('"') for part in first.headers["Link"].split(", ")]
    assert rels == ["next", "last"]
    rels = [part.split('rel="')[1].rstrip('"') for part in middle.headers["Link"].split(", ")]
    assert rels == ["prev", "next", "last", "first"]  # GitHub's order
    repository_id = gh.repository_id("acme", "web")
    for link in first.links.values():
        target = urlsplit(link["url"])
        # GitHub's links use the repository-id form of the path.
        assert f"http://{target.netloc}{target.path}" == (
            f"{gh.base_url}/repositories/{repository_id}/actions/artifacts"
        )
        assert parse_qs(target.query)["per_page"] == ["2"]
    assert parse_qs(urlsplit(first.links["last"]["url"]).query)["page"] == ["3"]
    assert first.headers["Link"].index("per_page=2") < first.headers["Link"].index("page=2>")

    seen: list[str] = []
    next_url: str | None = f"{url}?per_page=2"
    last = first
    while next_url is not None:
        last = http.get(next_url, headers=auth(gh))
        assert last.status_code == 200
        seen += names(last)
        next_url = last.links.get("next", {}).get("url")
    assert seen == newest_first
    assert set(last.links) == {"prev", "first"}

    past_the_end = http.get(url, params={"per_page": 2, "page": 9}, headers=auth(gh))
    assert past_the_end.json() == {"total_count": 5, "artifacts": []}
    assert set(past_the_end.links) == {"prev", "first"}
    single = http.get(url, params={"per_page": 5}, headers=auth(gh))
    assert "Link" not in single.headers


def test_links_keep_filters_and_are_served(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    for _ in range(3):
        gh.add_artifact("acme", "web", run, "same", b"s")
    gh.add_artifact("acme", "web", run, "other", b"o")
    url = f"{repo_url(gh)}/actions/runs/{run}/artifacts"

    first = http.get(url, params={"name": "same", "per_page": 1}, headers=auth(gh))
    following = http.get(first.links["next"]["url"], headers=auth(gh))

    assert parse_qs(urlsplit(first.links["next"]["url"]).query)["name"] == ["same"]
    assert urlsplit(first.links["next"]["url"]).path == (
        f"/repositories/{gh.repository_id('acme', 'web')}/actions/runs/{run}/artifacts"
    )
    assert following.status_code == 200
    assert names(following) == ["same"]
    assert following.json()["total_count"] == 3


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, 30),
        ({"per_page": "100"}, 100),
        ({"per_page": "500"}, 100),
        ({"per_page": "0"}, 30),
        ({"per_page": "-5"}, 30),
        ({"per_page": "ten"}, 30),
        ({"per_page": "7", "page": "0"}, 7),
        ({"per_page": "7", "page": "-2"}, 7),
        ({"per_page": "7", "page": "x"}, 7),
    ],
)
def test_page_parameters_are_read_leniently_like_github(
    gh: FakeGitHub, http: httpx.Client, params: dict[str, str], count: int
) -> None:
    run = gh.add_run("acme", "web")
    for index in range(105):
        gh.add_artifact("acme", "web", run, f"f{index}", b"")
    response = http.get(f"{repo_url(gh)}/actions/artifacts", params=params, headers=auth(gh))
    assert response.status_code == 200
    assert len(response.json()["artifacts"]) == count
    assert names(response)[0] == "f104"  # the first page, whatever "page" said


def test_not_found(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    artifact = gh.add_artifact("acme", "web", run, "a", b"a")
    other_run = gh.add_run("acme", "other")
    base = gh.base_url
    paths = [
        "/repos/acme/nothing/actions/artifacts",
        "/repos/acme/nothing/actions/runs",
        f"/repos/acme/web/actions/runs/{run + 1000}/artifacts",
        f"/repos/acme/web/actions/runs/{other_run}/artifacts",
        "/repos/acme/web/actions/runs/abc/artifacts",
        f"/repos/acme/other/actions/artifacts/{artifact['id']}",
        f"/repos/acme/other/actions/artifacts/{artifact['id']}/zip",
        "/repos/acme/web/actions/artifacts/abc",
        "/repos/acme/web/actions/artifacts/0",
        "/repos/acme/web/actions/workflows/deploy.yml/runs",
        "/repositories/1/actions/artifacts",
        "/repositories/abc/actions/runs",
        "/repos/acme/web/actions/unknown",
    ]
    for path in paths:
        response = http.get(base + path, headers=auth(gh))
        assert response.status_code == 404, path
        assert response.json()["message"] == "Not Found", path
        assert response.json()["status"] == "404"
        assert response.json()["documentation_url"].startswith("https://docs.github.com/rest")


def test_names_are_case_insensitive_and_keep_their_spelling(
    gh: FakeGitHub, http: httpx.Client
) -> None:
    run = gh.add_run("Octo-Org", "Hello-World")
    artifact = gh.add_artifact("octo-org", "hello-world", run, "a", b"a")
    listed = http.get(
        f"{repo_url(gh, 'OCTO-ORG', 'hello-WORLD')}/actions/artifacts", headers=auth(gh)
    )
    assert listed.json()["artifacts"] == [artifact]
    assert f"/repos/Octo-Org/Hello-World/actions/artifacts/{artifact['id']}" in str(artifact["url"])
    with pytest.raises(ValueError, match="another repository"):
        gh.add_artifact("acme", "web", run, "b", b"b")


# ---------------------------------------------------------------------------------------------
# Workflow runs
# ---------------------------------------------------------------------------------------------


def seed_runs(gh: FakeGitHub) -> dict[str, int]:
    """Six runs of acme/web (and one elsewhere), created a day apart, oldest first."""
    days = iter(range(1, 31))

    def add(name: str, **kwargs: Any) -> tuple[str, int]:
        created = f"2026-01-{next(days):02d}T12:00:00Z"
        return name, gh.add_run("acme", "web", created_at=created, **kwargs)

    runs = dict(
        [
            add("main-ok"),
            add("main-failed", conclusion="failure", head_sha="b" * 40),
            add("dev-ok", branch="dev", event="pull_request", actor="Mona"),
            add("main-running", status="in_progress", workflow="deploy.yml"),
            add("main-queued", status="queued", head_sha="b" * 40),
            add("main-cancelled", conclusion="cancelled", workflow="deploy.yml", run_attempt=2),
        ]
    )
    gh.add_run("acme", "other", created_at="2026-02-01T00:00:00Z")
    return runs


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["main-cancelled", "main-queued", "main-running", "dev-ok", "main-failed", "main-ok"]),
        (
            {"branch": "main"},
            ["main-cancelled", "main-queued", "main-running", "main-failed", "main-ok"],
        ),
        ({"branch": "nope"}, []),
        ({"status": "completed"}, ["main-cancelled", "dev-ok", "main-failed", "main-ok"]),
        ({"status": "success"}, ["dev-ok", "main-ok"]),
        ({"status": "failure"}, ["main-failed"]),
        ({"status": "cancelled"}, ["main-cancelled"]),
        ({"status": "in_progress"}, ["main-running"]),
        ({"status": "queued"}, ["main-queued"]),
        ({"status": "waiting"}, []),
        ({"branch": "main", "status": "success"}, ["main-ok"]),
        ({"event": "pull_request"}, ["dev-ok"]),
        ({"actor": "mona"}, ["dev-ok"]),
        ({"head_sha": "b" * 40}, ["main-queued", "main-failed"]),
        ({"created": "2026-01-02"}, ["main-failed"]),
        ({"created": ">=2026-01-05"}, ["main-cancelled", "main-queued"]),
        ({"created": ">2026-01-05"}, ["main-cancelled"]),
        ({"created": "<2026-01-02"}, ["main-ok"]),
        ({"created": "<=2026-01-02"}, ["main-failed", "main-ok"]),
        ({"created": "2026-01-02..2026-01-03"}, ["dev-ok", "main-failed"]),
        ({"created": "2026-01-04..*"}, ["main-cancelled", "main-queued", "main-running"]),
        ({"created": "*..2026-01-01T12:00:00Z"}, ["main-ok"]),
        (
            {"created": ">2026-01-01T12:00:00+00:00"},
            ["main-cancelled", "main-queued", "main-running", "dev-ok", "main-failed"],
        ),
        ({"exclude_pull_requests": "true", "branch": "dev"}, ["dev-ok"]),
    ],
)
def test_run_filters_and_order(
    gh: FakeGitHub, http: httpx.Client, params: dict[str, str], expected: list[str]
) -> None:
    runs = seed_runs(gh)
    by_id = {run_id: name for name, run_id in runs.items()}

    response = http.get(f"{repo_url(gh)}/actions/runs", params=params, headers=auth(gh))

    assert response.status_code == 200, response.text
    body = response.json()
    assert [by_id[run["id"]] for run in body["workflow_runs"]] == expected
    assert body["total_count"] == len(expected)
    assert strict_problem("get", "/repos/{owner}/{repo}/actions/runs", response) is None


def test_run_filter_by_check_suite(gh: FakeGitHub, http: httpx.Client) -> None:
    seed_runs(gh)
    listing = http.get(f"{repo_url(gh)}/actions/runs", headers=auth(gh)).json()["workflow_runs"]
    wanted = listing[2]
    response = http.get(
        f"{repo_url(gh)}/actions/runs",
        params={"check_suite_id": wanted["check_suite_id"]},
        headers=auth(gh),
    )
    assert [run["id"] for run in response.json()["workflow_runs"]] == [wanted["id"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "succeeded"}, "status"),
        ({"status": "SUCCESS"}, "status"),
        ({"created": "yesterday"}, "created"),
        ({"created": ">=2026-13-01"}, "created"),
        ({"check_suite_id": "abc"}, "check_suite_id"),
    ],
)
def test_filters_github_cannot_apply_answer_422(
    gh: FakeGitHub, http: httpx.Client, params: dict[str, str], field: str
) -> None:
    gh.add_run("acme", "web")
    gh.add_run("acme", "web", workflow="deploy.yml")
    for url in (
        f"{repo_url(gh)}/actions/runs",
        f"{repo_url(gh)}/actions/workflows/deploy.yml/runs",
    ):
        response = http.get(url, params=params, headers=auth(gh))
        assert response.status_code == 422
        body = response.json()
        assert body["message"] == "Validation Failed"
        assert body["errors"] == [{"resource": "WorkflowRun", "field": field, "code": "invalid"}]
        assert strict_problem("get", "/repos/{owner}/{repo}/actions/runs", response) is None


def test_runs_of_one_workflow_by_file_name_or_id(gh: FakeGitHub, http: httpx.Client) -> None:
    runs = seed_runs(gh)
    deploy_id = gh.workflow_id("acme", "web", "deploy.yml")
    expected = [runs["main-cancelled"], runs["main-running"]]

    by_name = http.get(f"{repo_url(gh)}/actions/workflows/deploy.yml/runs", headers=auth(gh))
    by_id = http.get(f"{repo_url(gh)}/actions/workflows/{deploy_id}/runs", headers=auth(gh))
    filtered = http.get(
        f"{repo_url(gh)}/actions/workflows/deploy.yml/runs",
        params={"status": "in_progress"},
        headers=auth(gh),
    )
    repository_id = gh.repository_id("acme", "web")
    repository_form = http.get(
        f"{gh.base_url}/repositories/{repository_id}/actions/workflows/ci.yml/runs",
        headers=auth(gh),
    )

    assert [run["id"] for run in by_name.json()["workflow_runs"]] == expected
    assert by_id.json() == by_name.json()
    assert {run["workflow_id"] for run in by_name.json()["workflow_runs"]} == {deploy_id}
    assert [run["id"] for run in filtered.json()["workflow_runs"]] == [runs["main-running"]]
    assert repository_form.json()["total_count"] == 4
    assert (
        strict_problem("get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", by_id)
        is None
    )
    unknown = http.get(f"{repo_url(gh)}/actions/workflows/nope.yml/runs", headers=auth(gh))
    assert unknown.status_code == 404


def test_run_pages(gh: FakeGitHub, http: httpx.Client) -> None:
    ids = [gh.add_run("acme", "web") for _ in range(5)]
    url = f"{repo_url(gh)}/actions/runs"
    seen: list[int] = []
    next_url: str | None = f"{url}?per_page=2&branch=main"
    while next_url is not None:
        page = http.get(next_url, headers=auth(gh))
        assert page.json()["total_count"] == 5
        seen += [run["id"] for run in page.json()["workflow_runs"]]
        next_url = page.links.get("next", {}).get("url")
        if next_url is not None:
            assert "/repositories/" in next_url
            assert "branch=main" in next_url
    assert seen == ids[::-1]


def test_run_fields(gh: FakeGitHub, http: httpx.Client) -> None:
    first = gh.add_run("acme", "web", head_sha="c" * 40, display_title="Fix the build")
    rerun = gh.add_run("acme", "web", run_attempt=3, status="in_progress", conclusion="success")
    explicit = gh.add_run("acme", "web", 99_000_000_000, workflow="nightly.yml", branch=None)
    later = gh.add_run("acme", "web")

    runs = {
        run["id"]: run
        for run in http.get(f"{repo_url(gh)}/actions/runs", headers=auth(gh)).json()[
            "workflow_runs"
        ]
    }

    assert first < rerun < explicit < later  # ids keep increasing, past any given one
    run = runs[first]
    api = repo_url(gh)
    assert run["url"] == f"{api}/actions/runs/{first}"
    assert run["html_url"] == f"{gh.origin}/acme/web/actions/runs/{first}"
    assert run["artifacts_url"] == f"{api}/actions/runs/{first}/artifacts"
    assert run["workflow_url"] == f"{api}/actions/workflows/{run['workflow_id']}"
    assert run["path"] == ".github/workflows/ci.yml"
    assert run["name"] == "ci"
    assert run["head_sha"] == run["head_commit"]["id"] == "c" * 40
    assert run["display_title"] == "Fix the build"
    assert (run["status"], run["conclusion"], run["run_attempt"]) == ("completed", "success", 1)
    assert run["previous_attempt_url"] is None
    assert run["repository"]["full_name"] == "acme/web"
    assert run["repository"]["id"] == run["head_repository_id"] == gh.repository_id("acme", "web")
    assert run["actor"]["login"] == "octocat"
    assert base64.b64decode(run["node_id"]) == f"012:Workflow Run{first}".encode()
    assert [runs[i]["run_number"] for i in (first, rerun, later)] == [1, 2, 3]
    assert runs[explicit]["run_number"] == 1  # its own workflow's first run
    assert runs[explicit]["head_branch"] is None
    # Not completed: no conclusion, whatever was seeded.
    assert (runs[rerun]["status"], runs[rerun]["conclusion"]) == ("in_progress", None)
    assert runs[rerun]["previous_attempt_url"] == f"{api}/actions/runs/{rerun}/attempts/2"
    listed_artifacts = http.get(run["artifacts_url"], headers=auth(gh))
    assert listed_artifacts.json() == {"total_count": 0, "artifacts": []}
    with pytest.raises(ValueError, match="already exists"):
        gh.add_run("acme", "web", first)
    with pytest.raises(ValueError, match="file name"):
        gh.add_run("acme", "web", workflow=".github/workflows/ci.yml")


def test_artifacts_create_their_run(gh: FakeGitHub, http: httpx.Client) -> None:
    artifact = gh.add_artifact("acme", "web", 555, "a", b"a")
    runs = http.get(f"{repo_url(gh)}/actions/runs", headers=auth(gh)).json()["workflow_runs"]
    assert [run["id"] for run in runs] == [555]
    assert artifact["workflow_run"]["id"] == 555  # type: ignore[index]


# ---------------------------------------------------------------------------------------------
# GitHub Enterprise Server
# ---------------------------------------------------------------------------------------------


def test_enterprise_server_base_path(storage: FakeStorage, http: httpx.Client) -> None:
    with FakeGitHub(storage, base_path="/api/v3") as ghes:
        run = ghes.add_run("acme", "web")
        for index in range(3):
            ghes.add_artifact("acme", "web", run, f"a{index}", b"x")
        assert ghes.base_url == ghes.origin + "/api/v3"

        listed = http.get(
            f"{ghes.base_url}/repos/acme/web/actions/artifacts",
            params={"per_page": 1},
            headers=auth(ghes),
        )
        bare = http.get(f"{ghes.origin}/repos/acme/web/actions/artifacts", headers=auth(ghes))
        runs = http.get(f"{ghes.base_url}/repos/acme/web/actions/runs", headers=auth(ghes))

        assert listed.status_code == 200
        artifact = listed.json()["artifacts"][0]
        assert artifact["url"].startswith(f"{ghes.base_url}/repos/acme/web/actions/artifacts/")
        repository_id = ghes.repository_id("acme", "web")
        assert listed.links["next"]["url"].startswith(
            f"{ghes.base_url}/repositories/{repository_id}/actions/artifacts?"
        )
        assert http.get(listed.links["next"]["url"], headers=auth(ghes)).status_code == 200
        assert bare.status_code == 404
        assert bare.json()["message"] == "Not Found"
        # The web UI lives at the host's root, the API under /api/v3.
        assert runs.json()["workflow_runs"][0]["html_url"] == (
            f"{ghes.origin}/acme/web/actions/runs/{run}"
        )
        assert download(http, ghes, artifact).status_code == 200
        assert ghes.internal_errors == []


@pytest.mark.parametrize("base_path", ["api/v3", "/api/v3/", "/", "/api//v3"])
def test_base_path_must_be_a_path_prefix(storage: FakeStorage, base_path: str) -> None:
    with pytest.raises(ValueError, match="base_path"):
        FakeGitHub(storage, base_path=base_path)


# ---------------------------------------------------------------------------------------------
# Rate limits
# ---------------------------------------------------------------------------------------------


def test_decorative_rate_limit_headers_on_every_answer(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web")
    artifact = gh.add_artifact("acme", "web", run, "a", b"a")
    gone = gh.add_artifact("acme", "web", run, "b", b"b")
    before = time.time()
    answers = [
        http.get(f"{repo_url(gh)}/actions/artifacts", headers=auth(gh)),
        http.get(f"{repo_url(gh)}/actions/artifacts"),
        http.get(f"{repo_url(gh, 'acme', 'nothing')}/actions/runs", headers=auth(gh)),
        http.get(str(artifact["archive_download_url"]), headers=auth(gh)),
        http.delete(str(gone["url"]), headers=auth(gh)),
    ]
    assert [a.status_code for a in answers] == [200, 401, 404, 302, 204]
    assert [int(a.headers["x-ratelimit-used"]) for a in answers] == [1, 2, 3, 4, 5]
    assert [int(a.headers["x-ratelimit-remaining"]) for a in answers] == [
        4999,
        4998,
        4997,
        4996,
        4995,
    ]
    assert {a.headers["x-ratelimit-limit"] for a in answers} == {"5000"}
    assert {a.headers["x-ratelimit-resource"] for a in answers} == {"core"}
    resets = {int(a.headers["x-ratelimit-reset"]) for a in answers}
    assert len(resets) == 1  # one window
    assert before + 3599 <= resets.pop() <= time.time() + 3601  # an epoch second, not a duration


def test_enforced_rate_limit_windows(storage: FakeStorage, http: httpx.Client) -> None:
    with FakeGitHub(storage, rate_limit=2, rate_window=0.5) as gh:
        gh.add_run("acme", "web")
        url = f"{repo_url(gh)}/actions/runs"

        answers = [http.get(url, headers=auth(gh)) for _ in range(4)]

        assert [a.status_code for a in answers] == [200, 200, 403, 403]
        assert [a.headers["x-ratelimit-remaining"] for a in answers] == ["1", "0", "0", "0"]
        assert {a.headers["x-ratelimit-limit"] for a in answers} == {"2"}
        refused = answers[3]
        assert refused.headers["x-ratelimit-used"] == "2"
        assert "retry-after" not in refused.headers
        assert refused.json()["message"].startswith("API rate limit exceeded for user ID")
        assert refused.headers["x-github-request-id"] in refused.json()["message"]
        assert refused.json()["documentation_url"].endswith("rate-limits-for-the-rest-api")
        reset = int(refused.headers["x-ratelimit-reset"])
        # The window's end (0.5 s after its first request) rounded up to an epoch second.
        assert int(time.time()) <= reset <= time.time() + 1.5
        assert gh.rate_limited_count == 2
        assert strict_problem("get", "/repos/{owner}/{repo}/actions/runs", refused) is None

        time.sleep(0.5)  # the window ended: the next request starts a new one
        again = [http.get(url, headers=auth(gh)) for _ in range(3)]
        assert [a.status_code for a in again] == [200, 200, 403]
        assert gh.rate_limited_count == 3
        gh.error_next(500)  # injected answers are not counted
        assert http.get(url, headers=auth(gh)).status_code == 500
        gh.rate_limit = None
        assert http.get(url, headers=auth(gh)).headers["x-ratelimit-limit"] == "5000"
        assert gh.internal_errors == []


def test_enforced_rate_limit_holds_under_concurrency(storage: FakeStorage) -> None:
    with FakeGitHub(storage, rate_limit=5, rate_window=60.0) as gh:
        gh.add_run("acme", "web")
        url, headers = f"{repo_url(gh)}/actions/runs", auth(gh)
        with (
            httpx.Client(timeout=5.0, limits=httpx.Limits(max_connections=10)) as client,
            concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool,
        ):
            answers = list(pool.map(lambda _: client.get(url, headers=headers), range(20)))
        assert sorted(a.status_code for a in answers) == [200] * 5 + [403] * 15
        assert gh.rate_limited_count == 15


def test_secondary_and_primary_rate_limits_on_demand(gh: FakeGitHub, http: httpx.Client) -> None:
    gh.add_run("acme", "web")
    url = f"{repo_url(gh)}/actions/runs"

    gh.rate_limit_next()
    secondary = http.get(url, headers=auth(gh))
    gh.secondary_rate_limit_next(2, status=429, retry_after=7)
    throttled = [http.get(url, headers=auth(gh)) for _ in range(2)]
    gh.primary_rate_limit_next()
    primary = http.get(url, headers=auth(gh))
    served = http.get(url, headers=auth(gh))

    assert secondary.status_code == 403
    assert secondary.headers["retry-after"] == "1"
    assert secondary.json()["message"].startswith("You have exceeded a secondary rate limit")
    assert secondary.headers["x-github-request-id"] in secondary.json()["message"]
    assert secondary.headers["x-ratelimit-remaining"] != "0"
    assert [t.status_code for t in throttled] == [429, 429]
    assert {t.headers["retry-after"] for t in throttled} == {"7"}
    assert primary.status_code == 403
    assert primary.headers["x-ratelimit-remaining"] == "0"
    assert "retry-after" not in primary.headers
    assert int(primary.headers["x-ratelimit-reset"]) <= time.time() + 2
    assert served.status_code == 200
    for answer in (secondary, *throttled, primary):
        assert strict_problem("get", "/repos/{owner}/{repo}/actions/runs", answer) is None
    with pytest.raises(ValueError, match="403 or 429"):
        gh.secondary_rate_limit_next(status=503)


# ---------------------------------------------------------------------------------------------
# extra=, the generic fault tools, TLS, the sample hook
# ---------------------------------------------------------------------------------------------


def test_extra_overrides_only_the_json(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.add_run("acme", "web", extra={"status": "blocked", "new_field": {"x": 1}})
    artifact = gh.add_artifact(
        "acme",
        "web",
        run,
        "report",
        b"r",
        zipped=False,
        extra={"name": None, "size_in_bytes": "1", "archive_download_url": "http://[::1/x"},
    )
    assert artifact["name"] is None
    assert artifact["size_in_bytes"] == "1"

    by_name = http.get(
        f"{repo_url(gh)}/actions/artifacts", params={"name": "report"}, headers=auth(gh)
    )
    runs = http.get(f"{repo_url(gh)}/actions/runs", params={"status": "success"}, headers=auth(gh))

    assert by_name.json()["artifacts"] == [artifact]  # still found by its real name
    [listed_run] = runs.json()["workflow_runs"]  # still filtered by its real conclusion
    assert (listed_run["status"], listed_run["new_field"]) == ("blocked", {"x": 1})
    real_url = f"{repo_url(gh)}/actions/artifacts/{artifact['id']}/zip"
    redirect = http.get(real_url, headers=auth(gh))
    assert http.get(redirect.headers["Location"]).content == b"r"


def test_generic_fault_tools(gh: FakeGitHub, http: httpx.Client) -> None:
    gh.add_run("acme", "web")
    url = f"{repo_url(gh)}/actions/runs"

    gh.fail_next(502, "<html>Bad Gateway</html>")
    proxy = http.get(url, headers=auth(gh))
    gh.error_next(503, count=2)
    errors = [http.get(url, headers=auth(gh)) for _ in range(2)]
    gh.echo_credentials_next()
    echoed = http.get(url, headers=auth(gh))
    gh.echo_credentials_next(403)
    echoed_token_scheme = http.get(url, headers={"Authorization": "token abc"})

    assert (proxy.status_code, proxy.text) == (502, "<html>Bad Gateway</html>")
    assert "x-github-request-id" not in proxy.headers  # a proxy's answer, not GitHub's
    for error in errors:
        assert error.status_code == 503
        assert error.json() == {
            "message": "Service Unavailable",
            "documentation_url": "https://docs.github.com/rest",
            "status": "503",
        }
        assert all(name in error.headers for name in (*RATE_HEADERS, "x-github-request-id"))
    assert echoed.status_code == 401
    assert echoed.json()["message"] == f"bad credentials: Authorization: Bearer {gh.token}"
    assert echoed_token_scheme.status_code == 403
    assert echoed_token_scheme.json()["message"] == "bad credentials: Authorization: token abc"
    assert http.get(url, headers=auth(gh)).status_code == 200
    assert gh.token not in repr(gh.requests)


def test_latency(storage: FakeStorage, http: httpx.Client) -> None:
    with FakeGitHub(storage, latency=0.15) as slow:
        slow.add_run("acme", "web")
        started = time.monotonic()
        assert http.get(f"{repo_url(slow)}/actions/runs", headers=auth(slow)).status_code == 200
        assert time.monotonic() - started >= 0.15
        slow.latency = 0
        assert slow.internal_errors == []


def test_https(storage: FakeStorage) -> None:
    pytest.importorskip("trustme")
    with FakeGitHub(storage, tls=True) as secure:
        assert secure.ca is not None
        assert secure.base_url.startswith("https://")
        run = secure.add_run("acme", "web")
        artifact = secure.add_artifact("acme", "web", run, "a", b"a", zipped=False)
        assert str(artifact["url"]).startswith("https://")
        with httpx.Client(verify=secure.ca.client_context(), timeout=10.0) as client:
            listed = client.get(f"{repo_url(secure)}/actions/artifacts", headers=auth(secure))
            redirect = client.get(str(artifact["archive_download_url"]), headers=auth(secure))
        assert listed.json()["artifacts"] == [artifact]
        assert redirect.status_code == 302
        assert secure.internal_errors == []


def test_sample_runs_hold_single_files(gh: FakeGitHub, http: httpx.Client) -> None:
    run = gh.sample_run()
    assert run.add("reports/junit.xml", b"<testsuites/>") == "reports/junit.xml"
    run.add("old.bin", b"x", state="expired")
    owner_repo, _, run_id = run.ref.removeprefix("github:").rpartition("/")
    listing = http.get(f"{gh.base_url}{run.listing_path}", headers=auth(gh))
    artifacts = {a["name"]: a for a in listing.json()["artifacts"]}
    assert set(artifacts) == {"reports/junit.xml", "old.bin"}
    assert artifacts["old.bin"]["expired"] is True
    junit = download(http, gh, artifacts["reports/junit.xml"])
    assert junit.headers["Content-Type"] == "application/octet-stream"
    assert junit.content == b"<testsuites/>"
    assert run.listing_path == f"/repos/{owner_repo}/actions/runs/{run_id}/artifacts"
    assert run.files == {"reports/junit.xml": b"<testsuites/>"}


# ---------------------------------------------------------------------------------------------
# Every kind of answer against the spec's strict models
# ---------------------------------------------------------------------------------------------


def test_every_kind_of_answer_validates_against_the_spec(
    gh: FakeGitHub, http: httpx.Client
) -> None:
    runs = seed_runs(gh)
    run = runs["main-ok"]
    live = gh.add_artifact("acme", "web", run, "dist", {"a": b"a"})
    gh.add_artifact("acme", "web", run, "legacy", b"l", digest=False)
    expired = gh.add_artifact("acme", "web", run, "old", b"o", expired=True)
    artifact_path = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}"
    download_path = artifact_path + "/{archive_format}"
    checks: list[tuple[str, str, httpx.Response]] = [
        (
            "get",
            "/repos/{owner}/{repo}/actions/artifacts",
            http.get(f"{repo_url(gh)}/actions/artifacts?per_page=1", headers=auth(gh)),
        ),
        (
            "get",
            "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
            http.get(f"{repo_url(gh)}/actions/runs/{run}/artifacts", headers=auth(gh)),
        ),
        ("get", artifact_path, http.get(str(live["url"]), headers=auth(gh))),
        ("get", artifact_path, http.get(str(expired["url"]), headers=auth(gh))),
        ("get", artifact_path, http.get(str(live["url"]))),
        ("get", artifact_path, http.get(f"{repo_url(gh)}/actions/artifacts/1", headers=auth(gh))),
        ("get", download_path, http.get(str(live["archive_download_url"]), headers=auth(gh))),
        ("get", download_path, http.get(str(expired["archive_download_url"]), headers=auth(gh))),
        (
            "get",
            "/repos/{owner}/{repo}/actions/runs",
            http.get(f"{repo_url(gh)}/actions/runs?per_page=2", headers=auth(gh)),
        ),
        (
            "get",
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
            http.get(f"{repo_url(gh)}/actions/workflows/ci.yml/runs", headers=auth(gh)),
        ),
        (
            "get",
            "/repos/{owner}/{repo}/actions/runs",
            http.get(f"{repo_url(gh)}/actions/runs?status=nope", headers=auth(gh)),
        ),
        ("delete", artifact_path, http.delete(str(live["url"]), headers=auth(gh))),
    ]
    statuses = [response.status_code for _, _, response in checks]
    assert statuses == [200, 200, 200, 200, 401, 404, 302, 410, 200, 200, 422, 204]
    problems = [
        f"{method} {path} {response.status_code}: {problem}"
        for method, path, response in checks
        if (problem := strict_problem(method, path, response)) is not None
    ]
    assert problems == []
