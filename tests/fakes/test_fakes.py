"""The provider fakes of ``ciartifacts.testing``: their behaviour, and that they match the specs.

The first part drives each fake with plain httpx. The second part
(``test_operation_matches_spec``) walks every operation of every spec, sends
generic probes derived from the spec's own parameters (success, no credentials,
unknown path values, out-of-range or malformed values, rate limited, missing
permission) and validates each answer against the spec with the strict
pydantic models: a spec operation the fake does not serve, or an answer the
spec does not describe, fails.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pydantic
import pytest

from ciartifacts.testing import (
    FakeAPI,
    FakeBuildkite,
    FakeProviders,
    FakeStorage,
    SyntheticBlob,
    synthetic_bytes,
    synthetic_sha1,
)
from tests.specs import PROVIDERS, ROOT, load_spec, operations, ref_name, resolve, strict_module

JSON = {"Accept": "application/json"}


def bearer(fake: FakeAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.token}", **JSON}


def circle(fakes: FakeProviders) -> dict[str, str]:
    return {"Circle-Token": fakes.circleci.token, **JSON}


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------


def test_storage_is_another_loopback_origin(fakes: FakeProviders) -> None:
    others = [server for server in fakes.servers if server is not fakes.storage]
    api_origins = {server.origin for server in others}
    assert fakes.storage.origin not in api_origins
    assert len(api_origins) == len(others) > len(fakes.apis)  # CircleCI's artifact host too
    for server in fakes.servers:
        assert server.host.startswith("127."), server.host


def test_storage_serves_signed_and_plain_objects(fakes: FakeProviders, http: httpx.Client) -> None:
    signed = fakes.storage.put(b"signed bytes")
    plain = fakes.storage.put(b"plain bytes", signed=False)
    assert urlsplit(signed).path.startswith("/objects/")
    assert set(parse_qs(urlsplit(signed).query)) == {"X-Amz-Signature", "X-Amz-Expires"}
    assert urlsplit(plain).query == ""

    response = http.get(signed)
    assert response.status_code == 200
    assert response.content == b"signed bytes"
    assert response.headers["Content-Length"] == "12"
    assert http.get(plain).content == b"plain bytes"


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        ({"Authorization": "Bearer some-token"}, ""),
        ({"Authorization": "Basic dXNlcjo="}, ""),
        ({"Circle-Token": "some-token"}, ""),
        ({}, "circle-token=some-token"),
        ({}, "access_token=some-token"),
    ],
    ids=["bearer", "basic", "circle-token-header", "circle-token-query", "access-token-query"],
)
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "plain"])
def test_storage_refuses_credentials_and_counts_them(
    fakes: FakeProviders,
    http: httpx.Client,
    headers: dict[str, str],
    query: str,
    signed: bool,
) -> None:
    url = fakes.storage.put(b"secret", signed=signed)
    if query:
        url += ("&" if "?" in url else "?") + query
    assert fakes.storage.credential_attempts == 0

    response = http.get(url, headers=headers)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/xml"
    assert "<Code>InvalidArgument</Code>" in response.text
    assert "Only one auth mechanism allowed" in response.text
    assert fakes.storage.credential_attempts == 1
    http.get(url, headers=headers)
    assert fakes.storage.credential_attempts == 2


def test_storage_refuses_a_fake_token_in_any_header(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    url = fakes.storage.put(b"secret")
    for api in fakes.apis.values():
        response = http.get(url, headers={"X-Made-Up-Header": f"Token {api.token}"})
        assert response.status_code == 400, api.name
    assert fakes.storage.credential_attempts == len(fakes.apis)
    assert http.get(url, headers={"X-Made-Up-Header": "not a token"}).status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_header_a_spec_authenticates_with_is_a_credential_at_storage(
    provider: str,
) -> None:
    from ciartifacts.providers import provider_class
    from ciartifacts.testing.auth import credential_headers

    declared = set(provider_class(provider).credential_headers)
    for scheme in load_spec(provider)["components"]["securitySchemes"].values():
        header = "authorization" if scheme["type"] == "http" else scheme["name"].lower()
        if scheme["type"] == "apiKey" and scheme["in"] == "query":
            assert scheme["name"].lower() in provider_class(provider).credential_query_parameters
            continue
        assert header in declared, f"{provider} authenticates with {header}, undeclared"
        assert header in credential_headers()


def test_storage_signature_checks(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(b"data")
    unsigned = url.split("?")[0]
    forged = url.replace("X-Amz-Signature=", "X-Amz-Signature=forged")

    missing = http.get(unsigned)
    assert missing.status_code == 403
    assert "<Code>AccessDenied</Code>" in missing.text
    wrong = http.get(forged)
    assert wrong.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in wrong.text
    # A pre-signed GET URL does not allow HEAD.
    assert http.head(url).status_code == 403
    assert http.get(url).status_code == 200
    assert fakes.storage.credential_attempts == 0


def test_storage_expiry(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(b"data")
    fresh = fakes.storage.presign(url)
    assert fresh != url

    fakes.storage.expire(url)

    expired = http.get(url)
    assert expired.status_code == 403
    assert "Request has expired" in expired.text
    assert http.get(fresh).content == b"data"
    with pytest.raises(ValueError, match="signed"):
        fakes.storage.expire(fakes.storage.put(b"x", signed=False))


def test_storage_issue_expired_and_ttl(http: httpx.Client) -> None:
    with FakeStorage(signed_url_ttl=0.2) as storage:
        storage.issue_expired(1)
        born_expired = storage.put(b"data")
        valid = storage.presign(born_expired)
        assert http.get(born_expired).status_code == 403
        assert http.get(valid).status_code == 200
        time.sleep(0.3)
        assert http.get(valid).status_code == 403
        assert http.get(storage.presign(valid)).status_code == 200


def test_storage_corrupt_keeps_size_changes_bytes(fakes: FakeProviders, http: httpx.Client) -> None:
    content = bytes(range(256)) * 1000
    url = fakes.storage.put(content)
    fakes.storage.corrupt(url)

    served = http.get(url).content

    assert len(served) == len(content)
    assert served != content
    assert sum(a != b for a, b in zip(served, content, strict=True)) == 1


def test_storage_truncate_drops_the_connection(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(b"x" * 300_000)
    fakes.storage.truncate(url)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(url)


def test_storage_delete_gives_no_such_key(fakes: FakeProviders, http: httpx.Client) -> None:
    url = fakes.storage.put(b"data")
    fakes.storage.delete(url)
    response = http.get(url)
    assert response.status_code == 404
    assert "<Code>NoSuchKey</Code>" in response.text


def test_synthetic_blobs_stream_deterministic_bytes(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    size = 3 * 65536 + 17
    data = b"".join(synthetic_bytes(size, 7))
    assert len(data) == size
    assert data == b"".join(synthetic_bytes(size, 7))
    assert data != b"".join(synthetic_bytes(size, 8))
    assert sha1(data) == synthetic_sha1(size, 7)
    assert max(len(chunk) for chunk in synthetic_bytes(size, 7)) <= 65536
    assert b"".join(synthetic_bytes(100, 7)) == data[:100]
    assert list(synthetic_bytes(0, 7)) == []

    url = fakes.storage.put_synthetic(size, 7)
    with http.stream("GET", url) as response:
        assert response.headers["Content-Length"] == str(size)
        digest = hashlib.sha1()
        for chunk in response.iter_bytes():
            digest.update(chunk)
    assert digest.hexdigest() == synthetic_sha1(size, 7)


# ---------------------------------------------------------------------------------------------
# Buildkite
# ---------------------------------------------------------------------------------------------


def bk_build_url(fakes: FakeProviders, org: str = "acme", build: int = 1) -> str:
    return f"{fakes.buildkite.base_url}/organizations/{org}/pipelines/web/builds/{build}/artifacts"


def test_buildkite_base_url_keeps_v2_prefix(fakes: FakeProviders, http: httpx.Client) -> None:
    assert fakes.buildkite.base_url.endswith("/v2")
    fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a")
    unprefixed = bk_build_url(fakes).replace("/v2/", "/")
    assert http.get(unprefixed, headers=bearer(fakes.buildkite)).status_code == 404
    assert http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dXNlcjo="},
        {"Authorization": "token"},
    ],
    ids=["none", "wrong-token", "basic", "no-scheme"],
)
def test_buildkite_requires_bearer_token(
    fakes: FakeProviders, http: httpx.Client, headers: dict[str, str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a")
    response = http.get(bk_build_url(fakes), headers=headers)
    assert response.status_code == 401
    assert response.json() == {"message": FakeBuildkite.unauthorized_message}
    assert "RateLimit-Remaining" in response.headers


def test_buildkite_refuses_legacy_access_token_query(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a")
    response = http.delete(f"{artifact['url']}?access_token={fakes.buildkite.token}")
    assert response.status_code == 401


def test_buildkite_artifact_fields(fakes: FakeProviders, http: httpx.Client) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 3, "dist/app.tar.gz", b"payload")
    listed = http.get(bk_build_url(fakes, build=3), headers=bearer(fakes.buildkite)).json()
    assert listed == [artifact]
    assert artifact["dirname"] == "dist"
    assert artifact["filename"] == "app.tar.gz"
    assert artifact["file_size"] == 7
    assert artifact["sha1sum"] == sha1(b"payload")
    assert artifact["state"] == "finished"
    assert artifact["glob_path"] is None
    assert artifact["original_path"] is None
    assert str(artifact["url"]).startswith(fakes.buildkite.base_url + "/organizations/acme/")
    assert artifact["download_url"] == f"{artifact['url']}/download"


def test_buildkite_seeding_overrides(fakes: FakeProviders, http: httpx.Client) -> None:
    artifact = fakes.buildkite.add_artifact(
        "acme",
        "web",
        1,
        "a.bin",
        b"abc",
        state="quarantined",
        sha1sum="0" * 40,
        file_size=99,
        mime_type="application/x-thing",
        extra={"new_field": 1},
    )
    got = http.get(str(artifact["url"]), headers=bearer(fakes.buildkite)).json()
    assert got["state"] == "quarantined"
    assert got["sha1sum"] == "0" * 40
    assert got["file_size"] == 99
    assert got["mime_type"] == "application/x-thing"
    assert got["new_field"] == 1


def test_buildkite_pagination_and_link_header(fakes: FakeProviders, http: httpx.Client) -> None:
    paths = [f"file-{index}.txt" for index in range(5)]
    for path in paths:
        fakes.buildkite.add_artifact("acme", "web", 1, path, path.encode())
    headers = bearer(fakes.buildkite)

    first = http.get(bk_build_url(fakes), params={"per_page": 2}, headers=headers)
    assert [a["path"] for a in first.json()] == paths[:2]
    assert set(first.links) == {"next", "last"}
    assert parse_qs(urlsplit(first.links["last"]["url"]).query)["page"] == ["3"]

    middle = http.get(first.links["next"]["url"], headers=headers)
    assert set(middle.links) == {"next", "prev", "first", "last"}

    seen: list[str] = []
    url: str | None = bk_build_url(fakes) + "?per_page=2"
    last = first
    while url is not None:
        last = http.get(url, headers=headers)
        assert last.status_code == 200
        seen += [a["path"] for a in last.json()]
        url = last.links.get("next", {}).get("url")
    assert seen == paths
    assert set(last.links) == {"prev", "first"}

    for link in first.links.values():
        target = urlsplit(link["url"])
        # Built from the request's own base URL, the /v2 prefix kept.
        assert f"http://{target.netloc}{target.path}" == bk_build_url(fakes)
        query = parse_qs(target.query)
        # Like the docs' example, every link carries a credential.
        assert query["api_key"] == [fakes.buildkite.link_credential]
        assert query["per_page"] == ["2"]


def test_buildkite_page_sizes(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(105):
        fakes.buildkite.add_artifact("acme", "web", 1, f"f{index}", b"")
    headers = bearer(fakes.buildkite)
    assert len(http.get(bk_build_url(fakes), headers=headers).json()) == 30
    everything = http.get(bk_build_url(fakes), params={"per_page": 100}, headers=headers)
    assert len(everything.json()) == 100
    past_end = http.get(bk_build_url(fakes), params={"page": 9}, headers=headers)
    assert past_end.json() == []


def test_buildkite_single_page_has_no_link(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    response = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
    assert "Link" not in response.headers


@pytest.mark.parametrize(
    "params",
    [{"per_page": "0"}, {"per_page": "101"}, {"per_page": "ten"}, {"page": "0"}, {"page": "1.0"}],
)
def test_buildkite_rejects_bad_page_parameters(
    fakes: FakeProviders, http: httpx.Client, params: dict[str, str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    response = http.get(bk_build_url(fakes), params=params, headers=bearer(fakes.buildkite))
    assert response.status_code == 422
    body = response.json()
    assert body["message"]
    assert body["errors"]
    assert body["errors"][0]["field"] == next(iter(params))


def test_buildkite_rate_limit_headers_on_every_response(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    responses = [
        http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite)),
        http.get(bk_build_url(fakes)),
        http.get(bk_build_url(fakes, build=2), headers=bearer(fakes.buildkite)),
    ]
    assert [r.status_code for r in responses] == [200, 401, 404]
    remaining = [int(r.headers["RateLimit-Remaining"]) for r in responses]
    assert remaining == sorted(remaining, reverse=True)
    assert remaining[0] > remaining[-1]
    for response in responses:
        assert response.headers["RateLimit-Limit"] == "200"
        assert int(response.headers["RateLimit-Reset"]) >= 1


def test_buildkite_rate_limited(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    fakes.buildkite.rate_limit_next(2)
    for _ in range(2):
        response = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
        assert response.status_code == 429
        assert response.headers["RateLimit-Reset"] == "1"
        assert response.headers["RateLimit-Remaining"] == "0"
        assert "Retry-After" not in response.headers
        body = response.json()
        assert body["scope"] == "rest_user"
        assert body["reset"] == 1
        assert "rate limit" in body["message"]
    assert http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite)).status_code == 200


def test_buildkite_job_and_organization_routes(fakes: FakeProviders, http: httpx.Client) -> None:
    job_a = fakes.buildkite.add_job("acme", "web", 1)
    job_b = fakes.buildkite.add_job("acme", "web", 1, "b0b0b0b0-0000-4000-8000-000000000000")
    one = fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a", job_id=job_a)
    two = fakes.buildkite.add_artifact("acme", "web", 1, "b.txt", b"b", job_id=job_b)
    headers = bearer(fakes.buildkite)
    base = fakes.buildkite.base_url
    job_url = f"{base}/organizations/acme/pipelines/web/builds/1/jobs/{job_b}/artifacts"
    org_url = f"{base}/organizations/acme/jobs/{job_b}/artifacts"

    assert http.get(bk_build_url(fakes), headers=headers).json() == [one, two]
    assert http.get(job_url, headers=headers).json() == [two]
    assert http.get(org_url, headers=headers).json() == [two]
    assert http.get(f"{org_url}/{two['id']}", headers=headers).json() == two
    # The job exists, but not in this organization / build, or the artifact not in this job.
    assert http.get(org_url.replace("/acme/", "/other/"), headers=headers).status_code == 404
    assert http.get(job_url.replace("/builds/1/", "/builds/2/"), headers=headers).status_code == 404
    assert http.get(f"{org_url}/{one['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/organizations/acme/pipelines/web/builds/9/artifacts",
        "/organizations/acme/pipelines/web/builds/abc/artifacts",
        "/organizations/acme/pipelines/other/builds/1/artifacts",
        "/organizations/acme/jobs/no-such-job/artifacts",
        "/organizations/acme/pipelines/web/builds/1/jobs/JOB/artifacts/no-such-artifact",
        "/organizations/acme/jobs/JOB/artifacts/no-such-artifact/download",
    ],
)
def test_buildkite_not_found(fakes: FakeProviders, http: httpx.Client, path: str) -> None:
    job = fakes.buildkite.add_job("acme", "web", 1)
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"", job_id=job)
    url = fakes.buildkite.base_url + path.replace("JOB", job)
    response = http.get(url, headers=bearer(fakes.buildkite))
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}


def test_buildkite_download_redirects_to_fresh_signed_urls(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"content")
    headers = bearer(fakes.buildkite)

    first = http.get(str(artifact["download_url"]), headers=headers)
    second = http.get(str(artifact["download_url"]), headers=headers)

    assert first.status_code == 302
    assert first.json() == {"url": first.headers["Location"]}
    location = first.headers["Location"]
    assert location != second.headers["Location"]
    assert location.startswith(fakes.storage.origin + "/objects/")
    assert "X-Amz-Signature=" in location
    assert http.get(location).content == b"content"
    # Following with the token (what httpx does with a custom auth header) fails.
    assert http.get(location, headers=headers).status_code == 400
    assert fakes.storage.credential_attempts == 1


def test_buildkite_only_finished_artifacts_download(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"x", state="new")
    response = http.get(str(artifact["download_url"]), headers=bearer(fakes.buildkite))
    assert response.status_code == 404


def test_buildkite_delete(fakes: FakeProviders, http: httpx.Client) -> None:
    kept = fakes.buildkite.add_artifact("acme", "web", 1, "keep", b"k")
    gone = fakes.buildkite.add_artifact("acme", "web", 1, "gone", b"g")
    headers = bearer(fakes.buildkite)
    signed = http.get(str(gone["download_url"]), headers=headers).headers["Location"]

    response = http.delete(str(gone["url"]), headers=headers)

    assert response.status_code == 204
    assert response.content == b""
    assert "RateLimit-Remaining" in response.headers
    assert http.get(bk_build_url(fakes), headers=headers).json() == [kept]
    assert http.get(str(gone["url"]), headers=headers).status_code == 404
    assert http.get(str(gone["download_url"]), headers=headers).status_code == 404
    assert http.delete(str(gone["url"]), headers=headers).status_code == 404
    assert http.get(signed).status_code == 404


def test_buildkite_scopes(fakes: FakeProviders, http: httpx.Client) -> None:
    artifact = fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    fakes.buildkite.scopes = {"read_artifacts"}
    response = http.delete(str(artifact["url"]), headers=bearer(fakes.buildkite))
    assert response.status_code == 403
    assert "write_artifacts" in response.json()["message"]
    assert http.get(str(artifact["url"]), headers=bearer(fakes.buildkite)).status_code == 200


# ---------------------------------------------------------------------------------------------
# CircleCI
# ---------------------------------------------------------------------------------------------


def cc_url(fakes: FakeProviders, build: str = "7", project: str = "web") -> str:
    return f"{fakes.circleci.base_url}/project/github/acme/{project}/{build}/artifacts"


def test_circleci_base_path(fakes: FakeProviders) -> None:
    assert fakes.circleci.base_url.endswith("/api/v1.1")


@pytest.mark.parametrize(
    ("headers", "query", "ok"),
    [
        ({}, "", False),
        ({"Circle-Token": "wrong"}, "", False),
        ({"Authorization": "Bearer TOKEN"}, "", False),
        ({}, "circle-token=TOKEN", False),
        ({"Circle-Token": "TOKEN"}, "", True),
        ("basic", "", True),
    ],
    ids=["none", "wrong", "bearer", "query-token", "header", "basic"],
)
def test_circleci_auth(
    fakes: FakeProviders,
    http: httpx.Client,
    headers: dict[str, str] | str,
    query: str,
    ok: bool,
) -> None:
    fakes.circleci.add_artifact("github", "acme", "web", 7, "a.txt", b"a")
    token = fakes.circleci.token
    url = cc_url(fakes) + ("?" + query.replace("TOKEN", token) if query else "")
    auth = (token, "") if headers == "basic" else None
    sent = (
        {}
        if isinstance(headers, str)
        else {k: v.replace("TOKEN", token) for k, v in headers.items()}
    )
    response = http.get(url, headers={**sent, **JSON}, auth=auth)
    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 401
        assert response.json() == {"message": "You must log in first."}


def test_circleci_answers_edn_without_accept_json(fakes: FakeProviders, http: httpx.Client) -> None:
    artifact = fakes.circleci.add_artifact("github", "acme", "web", 7, "a.txt", b"a")
    token = {"Circle-Token": fakes.circleci.token}

    for accept in (None, "*/*", "application/edn"):
        headers = token if accept is None else {**token, "Accept": accept}
        response = http.get(cc_url(fakes), headers=headers)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/edn"
        assert response.text == (
            f'[{{:path "a.txt", :pretty_path "a.txt", :node_index 0, :url "{artifact["url"]}"}}]'
        )
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.text)

    unauthenticated = http.get(cc_url(fakes))
    assert unauthenticated.status_code == 401
    assert unauthenticated.text == '{:message "You must log in first."}'

    as_json = http.get(cc_url(fakes), headers={**token, "Accept": "text/html, application/json"})
    assert as_json.json() == [artifact]
    assert fakes.circleci.requests[-1].headers["accept"] == "text/html, application/json"


def test_circleci_artifact_paths_and_urls(fakes: FakeProviders, http: httpx.Client) -> None:
    add = fakes.circleci.add_artifact
    node0 = add("github", "acme", "web", 7, "/tmp/out/report.xml", b"0")
    node1 = add("github", "acme", "web", 7, "/tmp/out/report.xml", b"1", node_index=1)
    spaced = add("github", "acme", "web", 7, "out/my file.txt", b"s")

    listed = http.get(cc_url(fakes), headers=circle(fakes)).json()

    assert listed == [node0, node1, spaced]
    assert node0["path"] == node0["pretty_path"] == "/tmp/out/report.xml"
    host = fakes.circleci.artifact_host.origin
    assert str(node0["url"]).startswith(host + "/7-")
    assert str(node0["url"]).endswith("/0//tmp/out/report.xml")
    assert str(node1["url"]).endswith("/1//tmp/out/report.xml")
    assert str(spaced["url"]).endswith("/0/out/my+file.txt")
    # gh is github's alias.
    alias = cc_url(fakes).replace("/github/", "/gh/")
    assert http.get(alias, headers=circle(fakes)).json() == listed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 5),
        ({"branch": "main"}, 4),
        ({"branch": "dev"}, 5),
        ({"filter": "completed"}, 5),
        ({"filter": "successful"}, 5),
        ({"filter": "failed"}, 3),
        ({"filter": "running"}, 4),
        ({"branch": "main", "filter": "successful"}, 1),
        ({"branch": "dev", "filter": "failed"}, None),
        ({"branch": "nope"}, None),
    ],
)
def test_circleci_latest(
    fakes: FakeProviders, http: httpx.Client, query: dict[str, str], expected: int | None
) -> None:
    builds = [(1, "main", "success"), (3, "main", "failed"), (4, "main", "running")]
    builds.append((5, "dev", "success"))
    builds.append((2, "main", "canceled"))
    for number, branch, status in builds:
        fakes.circleci.add_artifact(
            "github", "acme", "web", number, f"b{number}.txt", b"", branch=branch, status=status
        )
    url = f"{fakes.circleci.base_url}/project/github/acme/web/latest/artifacts"

    response = http.get(url, params=query, headers=circle(fakes))

    if expected is None:
        assert response.status_code == 404
        assert response.json() == {"message": "Build not found"}
    else:
        assert response.status_code == 200
        assert [a["path"] for a in response.json()] == [f"b{expected}.txt"]


def test_circleci_latest_rejects_unknown_filter(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.circleci.add_build("github", "acme", "web", 1)
    url = f"{fakes.circleci.base_url}/project/github/acme/web/latest/artifacts"
    response = http.get(url, params={"filter": "succeeded"}, headers=circle(fakes))
    assert response.status_code == 400
    assert "succeeded" in response.json()["message"]


def test_circleci_not_found_messages(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.circleci.add_build("github", "acme", "web", 1)
    assert http.get(cc_url(fakes, build="1"), headers=circle(fakes)).json() == []
    missing_build = http.get(cc_url(fakes, build="2"), headers=circle(fakes))
    assert missing_build.status_code == 404
    assert missing_build.json() == {"message": "Build not found"}
    missing_project = http.get(cc_url(fakes, project="nope"), headers=circle(fakes))
    assert missing_project.status_code == 404
    assert missing_project.json() == {"message": "Project not found"}
    with pytest.raises(ValueError, match="another branch"):
        fakes.circleci.add_build("github", "acme", "web", 1, branch="dev")


def test_circleci_artifact_host_needs_token_then_redirects(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    artifact = fakes.circleci.add_artifact("github", "acme", "web", 7, "/tmp/a.bin", b"bin")
    url = str(artifact["url"])
    token = {"Circle-Token": fakes.circleci.token}

    assert http.get(url).status_code == 401
    assert http.get(url + f"?circle-token={fakes.circleci.token}").status_code == 401
    first = http.get(url, headers=token)
    second = http.get(url, auth=(fakes.circleci.token, ""))

    assert first.status_code == second.status_code == 302
    location = first.headers["Location"]
    assert location != second.headers["Location"]
    assert location.startswith(fakes.storage.origin)
    assert fakes.circleci.artifact_host.requests[-1].path.endswith("/0//tmp/a.bin")
    assert http.get(location).content == b"bin"
    # httpx forwards Circle-Token across origins when it follows the redirect: storage says no.
    followed = http.get(url, headers=token, follow_redirects=True)
    assert followed.status_code == 400
    assert fakes.storage.credential_attempts == 1
    assert http.get(url.replace("a.bin", "b.bin"), headers=token).status_code == 404


def test_circleci_artifact_host_serves_html_itself(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    page = fakes.circleci.add_artifact("github", "acme", "web", 7, "report/index.html", b"<p>")
    response = http.get(str(page["url"]), headers={"Circle-Token": fakes.circleci.token})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.content == b"<p>"


def test_circleci_rate_limited(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.circleci.add_build("github", "acme", "web", 7)
    fakes.circleci.rate_limit_next()
    response = http.get(cc_url(fakes), headers=circle(fakes))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json() == {"message": "Rate limit exceeded"}
    assert http.get(cc_url(fakes), headers=circle(fakes)).status_code == 200


# ---------------------------------------------------------------------------------------------
# SourceCraft
# ---------------------------------------------------------------------------------------------


def sc_url(fakes: FakeProviders, run: str = "run-1", cube: str = "unit") -> str:
    base = fakes.sourcecraft.base_url
    return f"{base}/repos/org/repo/cicd/artifacts/{run}/build/test/{cube}"


def assert_sourcecraft_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error_code", "message", "request_id", "details"}
    assert body["error_code"] == code
    assert body["message"]
    assert body["details"] == {}
    assert body["request_id"] == response.headers["X-Request-Id"]


def test_sourcecraft_lists_with_download_urls(fakes: FakeProviders, http: httpx.Client) -> None:
    add = fakes.sourcecraft.add_artifact
    add("org", "repo", "run-1", "build", "test", "unit", "out/report.xml", b"xml")
    for status in ("registered", "failed", "missing"):
        add("org", "repo", "run-1", "build", "test", "unit", f"out/{status}", b"", status=status)
    add("org", "repo", "run-1", "build", "test", "other", "elsewhere", b"")

    first = http.get(sc_url(fakes), headers=bearer(fakes.sourcecraft))
    second = http.get(sc_url(fakes), headers=bearer(fakes.sourcecraft))

    assert first.status_code == 200
    artifacts = first.json()["artifacts"]
    assert [a["local_path"] for a in artifacts] == [
        "out/report.xml",
        "out/registered",
        "out/failed",
        "out/missing",
    ]
    assert [("download_url" in a) for a in artifacts] == [True, False, False, False]
    assert artifacts[0]["dates"]["obtained_at"]
    url = artifacts[0]["download_url"]
    assert url != second.json()["artifacts"][0]["download_url"]
    assert http.get(url).content == b"xml"
    assert first.headers["X-Request-Id"]


def test_sourcecraft_errors_carry_request_id(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.sourcecraft.add_artifact("org", "repo", "run-1", "build", "test", "unit", "a", b"")
    headers = bearer(fakes.sourcecraft)

    assert_sourcecraft_error(http.get(sc_url(fakes)), 401, "UNAUTHENTICATED")
    assert_sourcecraft_error(
        http.get(sc_url(fakes, run="run-2"), headers=headers), 404, "NOT_FOUND"
    )
    assert_sourcecraft_error(
        http.get(sc_url(fakes, cube="nope"), headers=headers), 404, "NOT_FOUND"
    )
    deprecated = sc_url(fakes).replace("/repos/", "/")
    assert_sourcecraft_error(http.get(deprecated, headers=headers), 404, "NOT_FOUND")

    fakes.sourcecraft.forbid("org", "repo")
    assert_sourcecraft_error(http.get(sc_url(fakes), headers=headers), 403, "PERMISSION_DENIED")
    fakes.sourcecraft.allow("org", "repo")

    fakes.sourcecraft.error_next(500, count=2)
    ids = set()
    for _ in range(2):
        response = http.get(sc_url(fakes), headers=headers)
        assert_sourcecraft_error(response, 500, "INTERNAL")
        ids.add(response.json()["request_id"])
    assert len(ids) == 2
    assert http.get(sc_url(fakes), headers=headers).status_code == 200


# ---------------------------------------------------------------------------------------------
# Empirical
# ---------------------------------------------------------------------------------------------


def em_url(fakes: FakeProviders, run: str = "456") -> str:
    return f"{fakes.empirical.base_url}/api/test-runs/{run}/artifacts"


def test_empirical_requires_bearer(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.empirical.add_test_run(456)
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = http.get(em_url(fakes), headers=headers)
        assert response.status_code == 401
        assert response.json() == {"error": "Unauthorized"}
    resources = http.get(f"{fakes.empirical.base_url}/api/resources")
    assert resources.status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {},
            [
                "data/login/trace.zip",
                "data/login/video.webm",
                "data/logout/video.webm",
                "summary.json",
            ],
        ),
        ({"key": "summary.json"}, ["summary.json"]),
        ({"key": "data/login"}, []),
        ({"prefix": "data/login/"}, ["data/login/trace.zip", "data/login/video.webm"]),
        ({"suffix": ".webm"}, ["data/login/video.webm", "data/logout/video.webm"]),
        ({"prefix": "data/login/", "suffix": ".webm"}, ["data/login/video.webm"]),
        ({"prefix": "nothing/"}, []),
    ],
)
def test_empirical_artifact_filters(
    fakes: FakeProviders, http: httpx.Client, query: dict[str, str], expected: list[str]
) -> None:
    for key in ("summary.json", "data/logout/video.webm", "data/login/video.webm"):
        fakes.empirical.add_artifact(456, key, key.encode())
    fakes.empirical.add_artifact(456, "data/login/trace.zip", b"zip")
    fakes.empirical.add_artifact(789, "summary.json", b"other run")

    response = http.get(em_url(fakes), params=query, headers=bearer(fakes.empirical))

    assert response.status_code == 200
    assert [a["key"] for a in response.json()["data"]["artifacts"]] == expected


def test_empirical_artifacts_have_plain_urls(fakes: FakeProviders, http: httpx.Client) -> None:
    added = fakes.empirical.add_artifact(456, "summary.json", b"{}")
    listed = http.get(em_url(fakes), headers=bearer(fakes.empirical)).json()
    artifact = listed["data"]["artifacts"][0]
    assert artifact == added
    assert artifact["size"] == 2
    assert str(artifact["last_modified"]).endswith("Z")
    assert urlsplit(str(artifact["url"])).query == ""
    assert http.get(str(artifact["url"])).content == b"{}"
    assert http.get(str(artifact["url"]), headers=bearer(fakes.empirical)).status_code == 400
    assert fakes.storage.credential_attempts == 1


@pytest.mark.parametrize(
    ("run", "status"),
    [("999", 404), ("abc", 400), ("4.5", 400), (str(2**53), 400), ("-1", 404)],
)
def test_empirical_unknown_or_invalid_runs(
    fakes: FakeProviders, http: httpx.Client, run: str, status: int
) -> None:
    fakes.empirical.add_test_run(456)
    response = http.get(em_url(fakes, run), headers=bearer(fakes.empirical))
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"error": "Test run not found"}
    else:
        assert response.json()["error"]
    empty = http.get(em_url(fakes), headers=bearer(fakes.empirical))
    assert empty.json() == {"data": {"artifacts": []}}


def test_empirical_resources_pagination(fakes: FakeProviders, http: httpx.Client) -> None:
    for index in range(45):
        fakes.empirical.add_resource(f"doc-{index}.pdf", b"%PDF")
    fakes.empirical.add_resource("pending.pdf", b"", status="pending")
    url = f"{fakes.empirical.base_url}/api/resources"
    headers = bearer(fakes.empirical)

    default = http.get(url, headers=headers).json()
    assert default["pagination"] == {"page": 1, "per_page": 20, "total": 45, "total_pages": 3}
    assert len(default["data"]["resources"]) == 20

    names: list[str] = []
    for page in (1, 2, 3, 4):
        body = http.get(url, params={"page": page, "per_page": 15}, headers=headers).json()
        assert body["pagination"]["page"] == page
        assert body["pagination"]["total_pages"] == 3
        names += [r["name"] for r in body["data"]["resources"]]
    assert names == [f"doc-{index}.pdf" for index in range(45)]

    resource = default["data"]["resources"][0]
    assert resource["status"] == "uploaded"
    assert resource["description"] is None
    assert resource["size_bytes"] == 4
    assert resource["mime_type"] == "application/pdf"
    assert "X-Amz-Signature=" in resource["url"]
    again = http.get(url, headers=headers).json()["data"]["resources"][0]["url"]
    assert again != resource["url"]
    assert http.get(resource["url"]).content == b"%PDF"


@pytest.mark.parametrize(
    "params",
    [{"per_page": "0"}, {"per_page": "101"}, {"page": "0"}, {"page": "1.0"}, {"per_page": "x"}],
)
def test_empirical_resources_bad_parameters(
    fakes: FakeProviders, http: httpx.Client, params: dict[str, str]
) -> None:
    url = f"{fakes.empirical.base_url}/api/resources"
    response = http.get(url, params=params, headers=bearer(fakes.empirical))
    assert response.status_code == 400
    assert next(iter(params)) in response.json()["error"]


def test_empirical_no_resources(fakes: FakeProviders, http: httpx.Client) -> None:
    url = f"{fakes.empirical.base_url}/api/resources"
    body = http.get(url, headers=bearer(fakes.empirical)).json()
    assert body == {
        "data": {"resources": []},
        "pagination": {"page": 1, "per_page": 20, "total": 0, "total_pages": 0},
    }


# ---------------------------------------------------------------------------------------------
# Shared machinery: failure injection, request log, lifecycle, concurrency, packaging
# ---------------------------------------------------------------------------------------------


def test_fail_next_answers_exactly_what_was_asked(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a", b"")
    headers = bearer(fakes.buildkite)
    fakes.buildkite.fail_next(502, "<html><body>502 Bad Gateway</body></html>", count=2)
    fakes.buildkite.fail_next(500)
    fakes.buildkite.fail_next(
        503, b'{"x": 1}', content_type="application/json", headers={"X-A": "b"}
    )

    for _ in range(2):
        proxy = http.get(bk_build_url(fakes), headers=headers)
        assert proxy.status_code == 502
        assert proxy.headers["Content-Type"] == "text/html; charset=utf-8"
        assert proxy.text == "<html><body>502 Bad Gateway</body></html>"
        assert "RateLimit-Remaining" not in proxy.headers
    empty = http.get(bk_build_url(fakes))  # injected failures come before authentication
    assert empty.status_code == 500
    assert empty.content == b""
    assert "Content-Type" not in empty.headers
    custom = http.get(bk_build_url(fakes), headers=headers)
    assert (custom.status_code, custom.json(), custom.headers["X-A"]) == (503, {"x": 1}, "b")
    assert http.get(bk_build_url(fakes), headers=headers).status_code == 200


def test_fail_next_on_every_server(fakes: FakeProviders, http: httpx.Client) -> None:
    for server in fakes.servers:
        server.fail_next(418, "teapot")
        assert http.get(server.base_url + "/anything").status_code == 418
        assert http.get(server.base_url + "/anything").status_code != 418


def test_error_next_is_provider_shaped(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.empirical.error_next(503, "maintenance")
    response = http.get(em_url(fakes), headers=bearer(fakes.empirical))
    assert (response.status_code, response.json()) == (503, {"error": "maintenance"})
    fakes.buildkite.error_next(500)
    response = http.get(bk_build_url(fakes), headers=bearer(fakes.buildkite))
    assert response.json() == {"message": "Internal Server Error"}
    assert "RateLimit-Remaining" in response.headers
    with pytest.raises(NotImplementedError):
        fakes.empirical.rate_limit_next()


def test_request_log_never_keeps_credentials(fakes: FakeProviders, http: httpx.Client) -> None:
    artifact = fakes.circleci.add_artifact("github", "acme", "web", 7, "a.txt", b"a")
    secret_url = fakes.storage.put(b"s")
    http.get(cc_url(fakes), headers=circle(fakes))
    http.get(cc_url(fakes) + f"?circle-token={fakes.circleci.token}")
    http.get(str(artifact["url"]), auth=(fakes.circleci.token, ""))
    http.get(secret_url)

    logs = fakes.circleci.requests + fakes.circleci.artifact_host.requests + fakes.storage.requests
    assert len(logs) == 4
    text = repr(logs)
    assert fakes.circleci.token not in text
    assert parse_qs(urlsplit(secret_url).query)["X-Amz-Signature"][0] not in text
    api_call = fakes.circleci.requests[0]
    assert api_call.method == "GET"
    assert api_call.path == "/api/v1.1/project/github/acme/web/7/artifacts"
    assert api_call.has_header("Circle-Token")
    assert "circle-token" not in api_call.headers
    assert api_call.headers["accept"] == "application/json"
    assert api_call.status == 200
    assert fakes.circleci.requests[1].query_names == frozenset({"circle-token"})
    assert fakes.circleci.artifact_host.requests[0].has_header("authorization")
    fakes.storage.clear_requests()
    assert fakes.storage.requests == []


def test_lifecycle(http: httpx.Client) -> None:
    storage = FakeStorage()
    with pytest.raises(RuntimeError, match="not running"):
        _ = storage.base_url
    buildkite = FakeBuildkite(storage)
    with pytest.raises(RuntimeError, match="storage"):
        buildkite.start()
    before = set(threading.enumerate())
    with storage, buildkite:
        with pytest.raises(RuntimeError, match="already running"):
            storage.start()
        buildkite.add_artifact("acme", "web", 1, "a", b"a")
        url = f"{buildkite.base_url}/organizations/acme/pipelines/web/builds/1/artifacts"
        # A kept-alive connection must not keep the server (or its thread) alive.
        assert http.get(url, headers=bearer(buildkite)).status_code == 200
        assert len(threading.enumerate()) > len(before)
        stopping = time.monotonic()
    assert time.monotonic() - stopping < 2
    assert set(threading.enumerate()) <= before
    assert not buildkite.running
    storage.stop()  # idempotent
    buildkite.stop()
    with pytest.raises(httpx.TransportError):
        http.get(url, headers=bearer(buildkite))
    # A stopped server can be started again, on a new port.
    with storage:
        assert http.get(storage.put(b"again")).content == b"again"


def test_concurrent_downloads(fakes: FakeProviders) -> None:
    sizes = {f"file-{index}.bin": 100_000 + index * 9_973 for index in range(32)}
    for index, (path, size) in enumerate(sizes.items()):
        fakes.buildkite.add_artifact("acme", "web", 1, path, SyntheticBlob(size, index))
    headers = bearer(fakes.buildkite)
    limits = httpx.Limits(max_connections=8)

    with httpx.Client(timeout=10.0, limits=limits, verify=False) as client:
        listed = client.get(bk_build_url(fakes), params={"per_page": 100}, headers=headers).json()

        def download(artifact: dict[str, Any]) -> tuple[str, str]:
            redirect = client.get(artifact["download_url"], headers=headers)
            content = client.get(redirect.headers["Location"]).content
            return artifact["path"], sha1(content)

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = dict(pool.map(download, listed))

    assert results == {
        path: synthetic_sha1(size, index) for index, (path, size) in enumerate(sizes.items())
    }
    assert {a["sha1sum"] for a in listed} == set(results.values())
    assert fakes.storage.credential_attempts == 0


def test_env_points_at_the_fakes(fakes: FakeProviders) -> None:
    from ciartifacts.settings import resolve_settings

    env = fakes.env()
    assert len(env) == 2 * len(fakes.apis)
    for name, api in fakes.apis.items():
        settings = resolve_settings(name, environ=env)
        assert (settings.base_url, settings.token) == (api.base_url, api.token)
    assert len({api.token for api in fakes.apis.values()}) == len(fakes.apis)
    assert env["BUILDKITE_API_URL"].endswith("/v2")
    assert env["CIRCLECI_API_URL"].endswith("/api/v1.1")


def test_importing_the_fakes_needs_only_the_standard_library() -> None:
    script = (
        "import sys\n"
        "import ciartifacts\n"
        "before = set(sys.modules)\n"
        "import ciartifacts.testing\n"
        "new = sorted(set(sys.modules) - before)\n"
        "print('\\n'.join(new))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'wrapper'}{os.pathsep}{ROOT / 'generated'}"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    loaded = result.stdout.split()
    assert "ciartifacts.testing" in loaded
    foreign = [
        name
        for name in loaded
        if not name.startswith("ciartifacts.testing")
        and name.split(".")[0].lstrip("_") not in sys.stdlib_module_names
    ]
    assert foreign == []


# ---------------------------------------------------------------------------------------------
# The fakes cannot drift from the specs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One request derived from an operation's parameters."""

    name: str
    path_overrides: Mapping[str, str] = field(default_factory=dict)
    query_overrides: Mapping[str, str] = field(default_factory=dict)
    plain_query: bool = False
    credentials: bool = True
    condition: str | None = None
    must_succeed: bool = False


def parameters(provider: str, path: str, method: str) -> list[dict[str, Any]]:
    item = load_spec(provider)["paths"][path]
    declared = [*item.get("parameters", []), *item[method].get("parameters", [])]
    return [resolve(provider, parameter) for parameter in declared]


def probes_for(provider: str, path: str, method: str) -> list[Probe]:
    """Generic probes from the operation's parameters (nothing operation-specific here)."""
    params = parameters(provider, path, method)
    found = [Probe("success", must_succeed=True)]
    if any(p["in"] == "query" for p in params):
        found.append(Probe("success-without-query", plain_query=True, must_succeed=True))
    found.append(Probe("no-credentials", credentials=False))
    for param in params:
        name, where = param["name"], param["in"]
        schema = resolve(provider, param.get("schema", {}))
        overrides: dict[str, str] = {}
        if where == "path":
            unknown = "987654321" if schema.get("type") == "integer" else f"no-such-{name}"
            found.append(Probe(f"unknown-{name}", path_overrides={name: unknown}))
        if schema.get("type") == "integer":
            overrides["not-an-integer"] = "abc"
            if "minimum" in schema:
                overrides["below-minimum"] = str(schema["minimum"] - 1)
            if "maximum" in schema:
                overrides["above-maximum"] = str(schema["maximum"] + 1)
        if "enum" in schema:
            overrides["not-in-enum"] = "not-a-documented-value"
        for label, value in overrides.items():
            if where == "path":
                found.append(Probe(f"{name}-{label}", path_overrides={name: value}))
            else:
                found.append(Probe(f"{name}-{label}", query_overrides={name: value}))
    found.append(Probe("rate-limited", condition="rate-limited"))
    found.append(Probe("forbidden", condition="forbidden"))
    return found


def success_query(
    provider: str, path: str, method: str, values: Mapping[str, str]
) -> dict[str, str]:
    """Query values that should succeed: the smallest page sizes, seeded values, enum values."""
    query: dict[str, str] = {}
    for param in parameters(provider, path, method):
        if param["in"] != "query":
            continue
        schema = resolve(provider, param.get("schema", {}))
        if schema.get("type") == "integer" and "minimum" in schema:
            query[param["name"]] = str(schema["minimum"])
        elif "enum" in schema:
            query[param["name"]] = str(schema["enum"][0])
        elif param["name"] in values:
            query[param["name"]] = values[param["name"]]
    return query


def credentials(provider: str, operation: dict[str, Any], token: str) -> dict[str, Any]:
    """httpx request arguments authenticating the way the spec's first security scheme says."""
    spec = load_spec(provider)
    requirement = (operation.get("security") or spec["security"])[0]
    scheme = spec["components"]["securitySchemes"][next(iter(requirement))]
    if scheme["type"] == "http" and scheme["scheme"] == "bearer":
        return {"headers": {"Authorization": f"Bearer {token}"}}
    if scheme["type"] == "http" and scheme["scheme"] == "basic":
        return {"auth": (token, "")}
    if scheme["type"] == "apiKey" and scheme["in"] == "header":
        return {"headers": {scheme["name"]: token}}
    raise AssertionError(f"unsupported security scheme {scheme}")


def declared_response(operation: dict[str, Any], status: int) -> str | None:
    responses = operation["responses"]
    if str(status) in responses:
        return str(status)
    if "default" in responses and status >= 400:
        return "default"
    return None


def json_schema_name(provider: str, response_spec: dict[str, Any]) -> str | None:
    content = response_spec.get("content", {}).get("application/json")
    if content is None:
        return None
    name = ref_name(content["schema"])
    assert name is not None, "inline response schema: move it to components/schemas"
    return name


def validate_body(provider: str, schema_name: str, body: bytes) -> str | None:
    model = getattr(strict_module(provider), schema_name, None)
    if model is None:
        return f"no strict model {schema_name}"
    try:
        model.model_validate_json(body)
    except pydantic.ValidationError as error:
        return f"body does not validate against {schema_name}: {error}"
    return None


def header_problem(provider: str, name: str, header_spec: dict[str, Any], value: str) -> str | None:
    schema = resolve(provider, header_spec.get("schema", {}))
    if schema.get("type") == "integer" and not value.lstrip("-").isdigit():
        return f"header {name}: {value!r} is not an integer"
    if schema.get("format") == "uri":
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            return f"header {name}: not an absolute URI"
    return None


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    headers_seen: dict[str, set[str]] = field(default_factory=dict)


def check_answer(
    provider: str,
    operation: dict[str, Any],
    probe: Probe,
    response: httpx.Response,
    outcome: Outcome,
) -> None:
    where = f"{probe.name}: {response.status_code}"
    status = response.status_code
    if probe.must_succeed and not 200 <= status < 400:
        outcome.problems.append(f"{where}: expected success, got {response.text[:200]!r}")
        return
    key = declared_response(operation, status)
    if key is None:
        outcome.problems.append(f"{where}: status not declared by the spec")
        return
    response_spec = resolve(provider, operation["responses"][key])
    seen = outcome.headers_seen.setdefault(key, set())
    for name, header in response_spec.get("headers", {}).items():
        header_spec = resolve(provider, header)
        value = response.headers.get(name)
        if value is None:
            if header_spec.get("required"):
                outcome.problems.append(f"{where}: required header {name} missing")
            continue
        seen.add(name)
        problem = header_problem(provider, name, header_spec, value)
        if problem:
            outcome.problems.append(f"{where}: {problem}")
    schema_name = json_schema_name(provider, response_spec)
    if schema_name is None:
        sent = response.headers.get("Content-Length", "0") != "0" or response.content
        if sent or "Content-Type" in response.headers:
            outcome.problems.append(f"{where}: the spec declares no body, got one")
        return
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if media_type != "application/json":
        outcome.problems.append(f"{where}: Content-Type {media_type!r}, spec says JSON")
        return
    problem = validate_body(provider, schema_name, response.content)
    if problem:
        outcome.problems.append(f"{where}: {problem}")


def send_probe(
    fakes: FakeProviders,
    client: httpx.Client,
    *,
    provider: str,
    method: str,
    path: str,
    probe: Probe,
) -> httpx.Response | None:
    fake: FakeAPI = getattr(fakes, provider)
    operation = load_spec(provider)["paths"][path][method]
    scenario = fakes.apis[provider].spec_seed()
    path_values: dict[str, str] = {}
    for param in parameters(provider, path, method):
        if param["in"] == "path":
            assert param["name"] in scenario.values, (
                f"the {provider} scenario seeds no value for path parameter {param['name']}"
            )
            path_values[param["name"]] = scenario.values[param["name"]]
    path_values |= probe.path_overrides
    query = {} if probe.plain_query else success_query(provider, path, method, scenario.values)
    query |= probe.query_overrides
    url = fake.base_url + path.format_map({k: quote(v, safe="") for k, v in path_values.items()})
    arguments: dict[str, Any] = {"headers": dict(JSON)}
    if probe.credentials:
        auth = credentials(provider, operation, fake.token)
        arguments["headers"] |= auth.pop("headers", {})
        arguments |= auth

    condition: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if probe.condition == "rate-limited":
        try:
            fake.rate_limit_next()
        except NotImplementedError:
            return None
    elif probe.condition == "forbidden":
        if scenario.forbid is None:
            return None
        condition = scenario.forbid()
    with condition:
        return client.request(method.upper(), url, params=query, **arguments)


OPERATIONS = [
    pytest.param(provider, method, path, id=f"{provider}.{operation_id}")
    for provider in PROVIDERS
    for operation_id, (method, path, _) in operations(provider).items()
]


@pytest.mark.parametrize(("provider", "method", "path"), OPERATIONS)
def test_operation_matches_spec(
    fakes: FakeProviders, http: httpx.Client, provider: str, method: str, path: str
) -> None:
    operation = load_spec(provider)["paths"][path][method]
    outcome = Outcome()
    answered: list[str] = []
    for probe in probes_for(provider, path, method):
        response = send_probe(fakes, http, provider=provider, method=method, path=path, probe=probe)
        if response is None:
            continue
        answered.append(f"{probe.name}={response.status_code}")
        check_answer(provider, operation, probe, response, outcome)
    for key, seen in outcome.headers_seen.items():
        declared = resolve(provider, operation["responses"][key]).get("headers", {})
        never = sorted(set(declared) - seen)
        if never:
            outcome.problems.append(f"{key}: declared headers never sent: {never}")

    assert any(a.startswith("success=") for a in answered)
    assert not outcome.problems, "\n".join([*outcome.problems, "answers: " + ", ".join(answered)])


def test_validation_rejects_what_the_spec_does_not_allow() -> None:
    """The drift checks can fail: unknown fields and wrong types are caught."""
    good = b'{"message": "Not Found"}'
    assert validate_body("buildkite", "Error", good) is None
    assert validate_body("buildkite", "Error", b'{"message": "x", "extra": 1}') is not None
    assert validate_body("empirical", "Pagination", b'{"page": "1"}') is not None
    operation = operations("buildkite")["listBuildArtifacts"][2]
    assert declared_response(operation, 500) is None
    outcome = Outcome()
    response = httpx.Response(200, json=[{"id": "only-an-id"}])
    check_answer("buildkite", operation, Probe("success", must_succeed=True), response, outcome)
    assert outcome.problems
