"""The fakes' build listings, for run selection: Buildkite builds and CircleCI recent builds.

Driven with plain httpx like ``test_fakes.py``; every answer is also validated against the strict
models of the spec, so the renderings the generic spec probes do not reach (running builds,
retried jobs, ``exclude_jobs``, ``shallow``) cannot drift from the spec either.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from ciartifacts.testing import FakeAPI, FakeProviders
from ciartifacts.testing.buildkite import BUILDS_EPOCH
from ciartifacts.testing.circleci import FILTERS
from tests.specs import strict_module

JSON = {"Accept": "application/json"}


def bearer(fake: FakeAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.token}", **JSON}


# ---------------------------------------------------------------------------------------------
# Buildkite
# ---------------------------------------------------------------------------------------------


def bk_builds_url(fakes: FakeProviders, org: str = "acme", pipeline: str = "web") -> str:
    return f"{fakes.buildkite.base_url}/organizations/{org}/pipelines/{pipeline}/builds"


def bk_list(
    fakes: FakeProviders, http: httpx.Client, params: Any = None, **where: str
) -> httpx.Response:
    """GET the build listing; a 200 must validate against the spec's BuildList."""
    response = http.get(
        bk_builds_url(fakes, **where), params=params, headers=bearer(fakes.buildkite)
    )
    if response.status_code == 200:
        strict_module("buildkite").BuildList.model_validate_json(response.content)
    return response


def bk_get(
    fakes: FakeProviders, http: httpx.Client, number: int, params: Any = None
) -> httpx.Response:
    """GET one build of acme/web; a 200 must validate against the spec's Build."""
    url = f"{bk_builds_url(fakes)}/{number}"
    response = http.get(url, params=params, headers=bearer(fakes.buildkite))
    if response.status_code == 200:
        strict_module("buildkite").Build.model_validate_json(response.content)
    return response


def numbers(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [build["number"] for build in response.json()]


def test_buildkite_add_build_numbers_increase_and_list_newest_first(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    bk = fakes.buildkite
    assert bk.add_build("acme", "web") == 1
    assert bk.add_build("acme", "web", branch="dev", state="failed") == 2
    assert bk.add_build("acme", "web", 10) == 10
    assert bk.add_build("acme", "web") == 11
    assert bk.add_build("acme", "other") == 1  # numbers are per pipeline
    with pytest.raises(ValueError, match="already exists"):
        bk.add_build("acme", "web", 2)
    with pytest.raises(ValueError, match="start at 1"):
        bk.add_build("acme", "web", 0)

    response = bk_list(fakes, http)
    assert numbers(response) == [11, 10, 2, 1]
    builds = response.json()
    created = [datetime.datetime.fromisoformat(b["created_at"]) for b in builds]
    assert created == sorted(created, reverse=True)
    assert created[-1] == BUILDS_EPOCH + datetime.timedelta(minutes=1)
    two = builds[2]
    assert (two["branch"], two["state"], two["blocked"]) == ("dev", "failed", False)
    assert len(two["commit"]) == 40
    assert two["commit"] != builds[3]["commit"]
    assert two["url"] == f"{bk_builds_url(fakes)}/2"
    assert two["web_url"].endswith("/acme/web/builds/2")
    assert two["pipeline"]["slug"] == "web"
    assert two["jobs"] == []
    assert response.headers["RateLimit-Limit"] == "200"


def test_buildkite_builds_made_by_artifacts_are_listed_with_defaults(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 5, "a.txt", b"a")
    fakes.buildkite.add_job("acme", "web", 3)
    with pytest.raises(ValueError, match="already exists"):
        fakes.buildkite.add_build("acme", "web", 5)
    assert fakes.buildkite.add_build("acme", "web") == 6
    builds = bk_list(fakes, http).json()
    assert [b["number"] for b in builds] == [6, 5, 3]
    five = builds[1]
    assert (five["branch"], five["state"]) == ("main", "passed")
    assert [job["state"] for job in five["jobs"]] == ["passed"]


def test_buildkite_explicit_creation_times_order_the_listing(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    bk = fakes.buildkite
    bk.add_build("acme", "web", 1, created_at="2025-03-01T12:00:00Z")
    bk.add_build("acme", "web", 2, created_at=datetime.datetime(2025, 2, 1))  # naive: UTC
    bk.add_build("acme", "web", 3, created_at="2025-03-01T12:00:00+00:00")
    response = bk_list(fakes, http)
    assert numbers(response) == [3, 1, 2]  # same instant: the higher number first
    assert response.json()[2]["created_at"] == "2025-02-01T00:00:00.000Z"


def test_buildkite_build_filters(fakes: FakeProviders, http: httpx.Client) -> None:
    bk = fakes.buildkite
    sha = "1e1f4a3b2c5d6e7f8091a2b3c4d5e6f708192a3b"
    bk.add_build("acme", "web", 1, branch="main", state="passed", commit=sha)
    bk.add_build("acme", "web", 2, branch="feature/dev-x", state="failed")
    bk.add_build("acme", "web", 3, branch="main", state="running")
    bk.add_build("acme", "web", 4, branch="main", state="canceled")
    bk.add_build("acme", "web", 5, branch="develop", state="passed", commit=sha)
    bk.add_build("acme", "web", 6, branch="main", state="scheduled")

    def listed(params: Any) -> list[int]:
        return numbers(bk_list(fakes, http, params))

    assert listed({"branch": "main"}) == [6, 4, 3, 1]
    assert listed({"branch": "*dev*"}) == [5, 2]
    assert listed({"branch": "dev*"}) == [5]
    assert listed([("branch[]", "develop"), ("branch[]", "feature/dev-x")]) == [5, 2]
    assert listed({"branch": "nope"}) == []
    assert listed({"state": "passed"}) == [5, 1]
    assert listed([("state[]", "running"), ("state[]", "scheduled")]) == [6, 3]
    assert listed({"state": "finished"}) == [5, 4, 2, 1]
    assert listed({"commit": sha}) == [5, 1]
    assert listed({"commit": sha[:7]}) == []  # full SHAs only
    assert listed({"branch": "main", "state": "passed"}) == [1]  # filters combine with AND
    # Build n is created n minutes after the epoch; finished builds end 55 s later.
    assert listed(
        {"created_from": "2025-01-01T00:03:00Z", "created_to": "2025-01-01T00:05:00Z"}
    ) == [
        4,
        3,
    ]
    assert listed({"created_from": "2025-01-01T00:05:00+00:00"}) == [6, 5]
    assert listed({"finished_from": "2025-01-01T00:02:00Z"}) == [5, 4, 2]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "green"},
        {"state[]": "Passed"},
        {"created_from": "yesterday"},
        {"finished_from": ""},
        {"include_retried_jobs": "maybe"},
        {"exclude_jobs": "yes"},
    ],
)
def test_buildkite_build_filters_reject_bad_values(
    fakes: FakeProviders, http: httpx.Client, params: dict[str, str]
) -> None:
    fakes.buildkite.add_build("acme", "web")
    response = bk_list(fakes, http, params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == next(iter(params)).removesuffix("[]")
    assert "RateLimit-Remaining" in response.headers


def test_buildkite_build_pagination(fakes: FakeProviders, http: httpx.Client) -> None:
    for _ in range(5):
        fakes.buildkite.add_build("acme", "web", branch="main")
    fakes.buildkite.add_build("acme", "web", branch="dev")
    first = bk_list(fakes, http, {"branch": "main", "per_page": 2})
    assert numbers(first) == [5, 4]
    assert set(first.links) == {"next", "last"}
    query = parse_qs(urlsplit(first.links["next"]["url"]).query)
    assert query["api_key"] == [fakes.buildkite.link_credential]
    assert (query["branch"], query["page"]) == (["main"], ["2"])

    seen: list[int] = []
    url: str | None = first.links["next"]["url"]
    while url is not None:
        page = http.get(url, headers=bearer(fakes.buildkite))
        seen += numbers(page)
        url = page.links.get("next", {}).get("url")
    assert seen == [3, 2, 1]
    assert numbers(bk_list(fakes, http, {"page": 9})) == []
    assert bk_list(fakes, http, {"per_page": 101}).status_code == 422
    assert "Link" not in bk_list(fakes, http).headers

    fakes.buildkite.pagination_fault = "loop"
    looping = bk_list(fakes, http)
    assert parse_qs(urlsplit(looping.links["next"]["url"]).query)["page"] == ["1"]


def test_buildkite_get_build_and_retried_jobs(fakes: FakeProviders, http: httpx.Client) -> None:
    bk = fakes.buildkite
    bk.add_build("acme", "web", 7, state="passed")
    lint = bk.add_job("acme", "web", 7, "11111111-1111-4111-8111-111111111111", name="Lint")
    test = bk.add_job(
        "acme",
        "web",
        7,
        "33333333-3333-4333-8333-333333333333",
        name="Test",
        step_key="test",
        state="failed",
    )
    old = bk.add_artifact("acme", "web", 7, "junit.xml", b"old", job_id=test)
    retry = bk.retry_job("acme", "web", 7, test)
    new = bk.add_artifact("acme", "web", 7, "junit.xml", b"new", job_id=retry)
    again = bk.retry_job(
        "acme", "web", 7, retry, state="failed", retry_id="22222222-2222-4222-8222-222222222222"
    )
    assert again == "22222222-2222-4222-8222-222222222222"
    with pytest.raises(ValueError, match="already retried"):
        bk.retry_job("acme", "web", 7, test)
    with pytest.raises(ValueError, match="not a job of build"):
        bk.retry_job("acme", "web", 8, lint)

    latest = bk_get(fakes, http, 7).json()
    assert latest["number"] == 7
    assert [(j["id"], j["name"], j["state"]) for j in latest["jobs"]] == [
        (lint, "Lint", "passed"),
        (again, "Test", "failed"),
    ]
    assert all(job["retried"] is False for job in latest["jobs"])

    every = bk_get(fakes, http, 7, {"include_retried_jobs": "true"}).json()
    jobs = {job["id"]: job for job in every["jobs"]}
    assert list(jobs) == [lint, test, retry, again]
    assert (jobs[test]["retried"], jobs[test]["retried_in_job_id"]) == (True, retry)
    assert (jobs[retry]["retried"], jobs[retry]["retried_in_job_id"]) == (True, again)
    assert jobs[again]["retried"] is False
    assert jobs[again]["retried_in_job_id"] is None
    assert [jobs[j]["retries_count"] for j in (test, retry, again)] == [None, 1, 2]
    assert jobs[retry]["retry_source"] == {"job_id": test, "retry_type": "manual"}
    assert jobs[test]["retry_source"] is None
    assert jobs[again]["step_key"] == "test"
    assert jobs[retry]["created_at"] > jobs[test]["created_at"]
    assert jobs[test]["exit_status"] == 1
    assert jobs[test]["artifact_url"].endswith(f"/builds/7/jobs/{test}/artifacts")

    # The listing shows the same jobs; exclude_jobs leaves them out.
    listed = bk_list(fakes, http, {"include_retried_jobs": "1"}).json()
    assert [job["id"] for job in listed[0]["jobs"]] == [lint, test, retry, again]
    assert "jobs" not in bk_list(fakes, http, {"exclude_jobs": "true"}).json()[0]
    assert "jobs" not in bk_get(fakes, http, 7, {"exclude_jobs": "true"}).json()
    assert len(bk_get(fakes, http, 7, {"include_retried_jobs": "false"}).json()["jobs"]) == 2

    # The build's artifacts keep every attempt's: the caller picks by job_id.
    artifacts = http.get(f"{bk_builds_url(fakes)}/7/artifacts", headers=bearer(bk)).json()
    assert [(a["id"], a["job_id"]) for a in artifacts] == [(old["id"], test), (new["id"], retry)]


@pytest.mark.parametrize(
    "case",
    [
        ("scheduled", False, False, False),
        ("running", True, False, False),
        ("failing", True, False, True),
        ("failed", True, True, True),
        ("passed", True, True, False),
        ("canceled", True, True, False),
        ("skipped", False, True, False),
        ("quarantined", True, False, False),  # a state the spec does not know
    ],
    ids=lambda case: case[0],
)
def test_buildkite_build_times_follow_the_state(
    fakes: FakeProviders, http: httpx.Client, case: tuple[str, bool, bool, bool]
) -> None:
    state, started, finished, failing = case
    fakes.buildkite.add_build("acme", "web", 1, state=state)
    fakes.buildkite.add_job("acme", "web", 1)
    build = bk_get(fakes, http, 1).json()
    assert build["state"] == state
    assert (build["started_at"] is not None) == started
    assert (build["finished_at"] is not None) == finished
    assert (build["failing_at"] is not None) == failing
    assert build["blocked"] is False


def test_buildkite_blocked_build_and_extra_fields(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_build("acme", "web", 1, state="blocked", message="Deploy?")
    fakes.buildkite.add_build("acme", "web", 2, extra={"state": None, "surprise": {"x": 1}})
    fakes.buildkite.add_job("acme", "web", 2, extra={"type": "waiter", "name": None})
    url = f"{bk_builds_url(fakes)}/2"
    blocked = bk_get(fakes, http, 1).json()
    assert (blocked["state"], blocked["blocked"], blocked["message"]) == (
        "blocked",
        True,
        "Deploy?",
    )
    hostile = http.get(url, headers=bearer(fakes.buildkite)).json()
    assert hostile["state"] is None
    assert hostile["surprise"] == {"x": 1}
    assert (hostile["jobs"][0]["type"], hostile["jobs"][0]["name"]) == ("waiter", None)
    # The fake itself still filters by the real state.
    passed = http.get(
        bk_builds_url(fakes), params={"state": "passed"}, headers=bearer(fakes.buildkite)
    )
    assert [build["number"] for build in passed.json()] == [2]


def test_buildkite_build_errors(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.buildkite.add_build("acme", "web")
    headers = bearer(fakes.buildkite)
    assert bk_list(fakes, http, pipeline="nope").status_code == 404
    assert bk_list(fakes, http, org="other").status_code == 404
    assert bk_get(fakes, http, 2).status_code == 404
    assert http.get(f"{bk_builds_url(fakes)}/one", headers=headers).status_code == 404
    assert http.get(bk_builds_url(fakes)).status_code == 401

    fakes.buildkite.scopes = {"read_artifacts"}
    refused = bk_list(fakes, http)
    assert refused.status_code == 403
    assert "read_builds" in refused.json()["message"]
    assert bk_get(fakes, http, 1).status_code == 403


def test_buildkite_build_requests_count_against_the_rate_limit(http: httpx.Client) -> None:
    with FakeProviders(options={"buildkite": {"rate_limit": 3, "rate_window": 60.0}}) as fakes:
        fakes.buildkite.add_build("acme", "web")
        statuses = [bk_list(fakes, http).status_code for _ in range(2)]
        statuses.append(bk_get(fakes, http, 1).status_code)
        limited = bk_get(fakes, http, 1)
        assert statuses == [200, 200, 200]
        assert limited.status_code == 429
        assert limited.headers["RateLimit-Remaining"] == "0"
        assert fakes.buildkite.rate_limited_count == 1


def test_buildkite_builds_parse_with_the_generated_client(fakes: FakeProviders) -> None:
    from ciartifacts_buildkite import AuthenticatedClient
    from ciartifacts_buildkite.api.builds import get_build, list_builds
    from ciartifacts_buildkite.models import Build, BuildState, BuildStateFilter, JobState

    bk = fakes.buildkite
    bk.add_build("acme", "web", 1, branch="main", state="passed")
    bk.add_build("acme", "web", 2, branch="main", state="failed")
    job = bk.add_job("acme", "web", 1, state="failed")
    retry = bk.retry_job("acme", "web", 1, job)
    client = AuthenticatedClient(bk.base_url, token=bk.token)
    with client:
        listed = list_builds.sync_detailed(
            "acme",
            "web",
            client=client,
            branch="main",
            state=BuildStateFilter.PASSED,
            created_from=BUILDS_EPOCH,
            include_retried_jobs=True,
        )
        one = get_build.sync("acme", "web", 1, client=client)
    assert listed.status_code == 200, listed.content
    assert isinstance(listed.parsed, list)
    assert [build.number for build in listed.parsed] == [1]
    assert listed.parsed[0].state is BuildState.PASSED
    assert isinstance(one, Build)
    assert isinstance(one.jobs, list)
    assert [(j.id, j.state) for j in one.jobs] == [(retry, JobState.PASSED)]


# ---------------------------------------------------------------------------------------------
# CircleCI
# ---------------------------------------------------------------------------------------------


def cc_headers(fakes: FakeProviders) -> dict[str, str]:
    return {"Circle-Token": fakes.circleci.token, **JSON}


def cc_url(fakes: FakeProviders, branch: str | None = None, project: str = "web") -> str:
    url = f"{fakes.circleci.base_url}/project/github/acme/{project}"
    return url if branch is None else f"{url}/tree/{quote(branch, safe='')}"


def cc_recent(
    fakes: FakeProviders, http: httpx.Client, params: Any = None, branch: str | None = None
) -> httpx.Response:
    """GET recent builds; a 200 must validate against the spec's BuildSummaryList."""
    response = http.get(cc_url(fakes, branch), params=params, headers=cc_headers(fakes))
    if response.status_code == 200:
        strict_module("circleci").BuildSummaryList.model_validate_json(response.content)
    return response


def build_nums(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [build["build_num"] for build in response.json()]


def test_circleci_recent_builds_newest_first_with_limit_and_offset(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    for number in [3, *range(5, 40), 1, 2]:  # seeding order does not matter
        fakes.circleci.add_build("github", "acme", "web", number)
    assert build_nums(cc_recent(fakes, http)) == list(range(39, 9, -1))  # 30 by default
    assert build_nums(cc_recent(fakes, http, {"limit": 3})) == [39, 38, 37]
    assert build_nums(cc_recent(fakes, http, {"limit": 3, "offset": 35})) == [3, 2, 1]
    assert build_nums(cc_recent(fakes, http, {"offset": 40})) == []
    assert len(build_nums(cc_recent(fakes, http, {"limit": 100}))) == 38
    queued = [build["queued_at"] for build in cc_recent(fakes, http).json()]
    assert queued == sorted(queued, reverse=True)
    starts = [build["start_time"] for build in cc_recent(fakes, http).json()]
    assert starts == sorted(starts, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "ten"},
        {"offset": "-1"},
        {"offset": "1.0"},
        {"filter": "green"},
    ],
)
def test_circleci_recent_builds_reject_bad_parameters(
    fakes: FakeProviders, http: httpx.Client, params: dict[str, str]
) -> None:
    fakes.circleci.add_build("github", "acme", "web", 1)
    for branch in (None, "main"):
        response = cc_recent(fakes, http, params, branch)
        assert response.status_code == 400
        assert next(iter(params)) in response.json()["message"]


def test_circleci_recent_builds_filters_mean_what_latest_artifacts_means(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    statuses = ["success", "failed", "running", "canceled", "success", "fixed", "queued"]
    for number, status in enumerate(statuses, start=1):
        fakes.circleci.add_build("github", "acme", "web", number, status=status)
        fakes.circleci.add_artifact("github", "acme", "web", number, f"{number}.txt", b"x")
    for wanted in FILTERS:
        recent = build_nums(cc_recent(fakes, http, {"filter": wanted}))
        assert recent == [n for n in range(7, 0, -1) if statuses[n - 1] in FILTERS[wanted]]
        # The first of them is the build latest/artifacts answers for.
        latest = http.get(
            f"{cc_url(fakes)}/latest/artifacts",
            params={"filter": wanted},
            headers=cc_headers(fakes),
        )
        assert [a["path"] for a in latest.json()] == [f"{recent[0]}.txt"]
    assert build_nums(cc_recent(fakes, http)) == [7, 6, 5, 4, 3, 2, 1]


def test_circleci_branch_route(fakes: FakeProviders, http: httpx.Client) -> None:
    add = fakes.circleci.add_build
    add("github", "acme", "web", 1, branch="main")
    add("github", "acme", "web", 2, branch="feature/x", status="failed")
    add("github", "acme", "web", 3, branch="main", status="failed")
    add("github", "acme", "web", 4, branch="feature/x")
    add("github", "acme", "web", 5, branch="artifacts")
    fakes.circleci.add_artifact("github", "acme", "web", 1, "a.txt", b"a")

    assert build_nums(cc_recent(fakes, http, branch="main")) == [3, 1]
    assert build_nums(cc_recent(fakes, http, {"filter": "successful"}, branch="main")) == [1]
    assert build_nums(cc_recent(fakes, http, branch="feature/x")) == [4, 2]  # as feature%2Fx
    assert build_nums(cc_recent(fakes, http, branch="artifacts")) == [5]
    assert build_nums(cc_recent(fakes, http, {"limit": 1, "offset": 1}, branch="main")) == [1]
    assert build_nums(cc_recent(fakes, http, branch="nope")) == []
    # An unencoded slash is another path: not the branch's builds.
    unencoded = f"{cc_url(fakes)}/tree/feature/x"
    assert http.get(unencoded, headers=cc_headers(fakes)).status_code == 404
    # The artifact routes are where they were.
    artifacts = http.get(f"{cc_url(fakes)}/1/artifacts", headers=cc_headers(fakes))
    assert [a["path"] for a in artifacts.json()] == ["a.txt"]
    assert http.get(f"{cc_url(fakes)}/tree/artifacts", headers=cc_headers(fakes)).json()


def test_circleci_summary_fields(fakes: FakeProviders, http: httpx.Client) -> None:
    add = fakes.circleci.add_build
    add("github", "acme", "web", 1, status="success")
    add("github", "acme", "web", 2, status="running")
    add("github", "acme", "web", 3, status="queued", branch="dev")
    add("github", "acme", "web", 4, status="failed")
    by_number = {build["build_num"]: build for build in cc_recent(fakes, http).json()}

    one, running, queued, failed = (by_number[n] for n in (1, 2, 3, 4))
    assert (one["lifecycle"], one["outcome"], one["status"]) == ("finished", "success", "success")
    assert (failed["lifecycle"], failed["outcome"]) == ("finished", "failed")
    assert (running["lifecycle"], running["outcome"]) == ("running", None)
    assert running["start_time"] is not None
    assert running["stop_time"] is None
    assert (queued["lifecycle"], queued["start_time"], queued["stop_time"]) == (
        "queued",
        None,
        None,
    )
    assert one["queued_at"] == "2025-01-01T00:01:00.000Z"
    assert one["start_time"] == "2025-01-01T00:01:05.000Z"
    assert one["stop_time"] == "2025-01-01T00:01:35.000Z"
    assert one["build_time_millis"] == 30_000
    assert len(one["vcs_revision"]) == 40
    assert one["vcs_revision"] != failed["vcs_revision"]
    assert one["build_url"].endswith("/gh/acme/web/1")
    assert (one["username"], one["reponame"], one["branch"]) == ("acme", "web", "main")
    assert one["workflows"]["job_name"] == "build"
    assert one["workflows"]["workflow_id"] != failed["workflows"]["workflow_id"]
    # Not shallow: previous is the branch's previous job.
    assert failed["previous"] == {"build_num": 2, "status": "running"}
    assert queued["previous"] is None
    assert one["previous"] is None
    assert one["retry_of"] is None


def test_circleci_shallow_leaves_out_previous(fakes: FakeProviders, http: httpx.Client) -> None:
    fakes.circleci.add_build("github", "acme", "web", 1)
    fakes.circleci.add_build("github", "acme", "web", 2)
    full = cc_recent(fakes, http).json()[0]
    shallow = cc_recent(fakes, http, {"shallow": "true"}).json()[0]
    assert set(full) - set(shallow) == {"previous", "retry_of"}
    assert cc_recent(fakes, http, {"shallow": "false"}).json()[0] == full


def test_circleci_seeded_summary_values_and_conflicts(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    add = fakes.circleci.add_build
    workflow = "a063aeae-5b89-458b-8aa1-cca4c565b07d"
    add("github", "acme", "web", 5, queued_at="2026-03-01T10:00:00Z", workflow_id=workflow)
    add(
        "github",
        "acme",
        "web",
        6,
        status="retried",
        lifecycle="finished",
        outcome="failed",
        vcs_revision="8139060f4d1f6ff617ac49f8afb2273c4fee2343",
        queued_at=datetime.datetime(2026, 3, 1, 9, 0),  # naive: UTC; queued before job 5
        workflow_id=workflow,
        workflow_name="build-and-test",
        job_name="test",
        extra={"surprise": True},
    )
    add("github", "acme", "web", 5, workflow_id=workflow)  # the same again: fine
    with pytest.raises(ValueError, match="another status"):
        add("github", "acme", "web", 5, status="failed")
    with pytest.raises(ValueError, match="another queued_at"):
        add("github", "acme", "web", 5, queued_at="2026-03-01T10:00:01Z")

    # Not cc_recent: the extra field is not in the spec.
    six, five = http.get(cc_url(fakes), headers=cc_headers(fakes)).json()  # by number
    assert (six["status"], six["lifecycle"], six["outcome"]) == ("retried", "finished", "failed")
    assert six["vcs_revision"] == "8139060f4d1f6ff617ac49f8afb2273c4fee2343"
    assert six["queued_at"] == "2026-03-01T09:00:00.000Z"
    assert five["queued_at"] == "2026-03-01T10:00:00.000Z"
    assert six["workflows"]["workflow_id"] == five["workflows"]["workflow_id"] == workflow
    assert (six["workflows"]["workflow_name"], six["workflows"]["job_name"]) == (
        "build-and-test",
        "test",
    )
    assert six["surprise"] is True
    assert five["outcome"] == "success"


def test_circleci_recent_builds_edn_errors_and_auth(
    fakes: FakeProviders, http: httpx.Client
) -> None:
    fakes.circleci.add_build("gh", "acme", "web", 1, branch="main")
    edn = http.get(cc_url(fakes), headers={"Circle-Token": fakes.circleci.token})
    assert edn.status_code == 200
    assert edn.headers["Content-Type"].startswith("application/edn")
    assert edn.text.startswith("[{:build_num 1, ")
    assert ':outcome "success"' in edn.text
    assert ":vcs_tag nil" in edn.text

    missing = http.get(cc_url(fakes, project="nope"), headers=cc_headers(fakes))
    assert (missing.status_code, missing.json()) == (404, {"message": "Project not found"})
    edn_error = http.get(cc_url(fakes, "main", project="nope"), headers={"Circle-Token": "x"})
    assert edn_error.status_code == 401
    assert edn_error.text == '{:message "You must log in first."}'
    assert http.get(cc_url(fakes), auth=(fakes.circleci.token, "")).status_code == 200
    assert http.get(cc_url(fakes, "main"), headers=JSON).status_code == 401

    fakes.circleci.rate_limit_next()
    limited = cc_recent(fakes, http)
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")
    assert build_nums(cc_recent(fakes, http, branch="main")) == [1]


def test_circleci_recent_builds_parse_with_the_generated_client(fakes: FakeProviders) -> None:
    from ciartifacts_circleci import AuthenticatedClient
    from ciartifacts_circleci.api.builds import list_recent_branch_builds, list_recent_builds
    from ciartifacts_circleci.models import (
        BuildLifecycle,
        BuildStatus,
        BuildSummary,
        LatestArtifactsFilter,
    )

    cc = fakes.circleci
    cc.add_build("github", "acme", "web", 1, branch="feature/x", status="success")
    cc.add_build("github", "acme", "web", 2, branch="feature/x", status="failed")
    cc.add_build("github", "acme", "web", 3, branch="main", status="running")
    client = AuthenticatedClient(
        cc.base_url,
        token=cc.token,
        prefix="",
        auth_header_name="Circle-Token",
        headers={"Accept": "application/json"},
    )
    with client:
        on_branch = list_recent_branch_builds.sync(
            "github",
            "acme",
            "web",
            "feature/x",
            client=client,
            filter_=LatestArtifactsFilter.SUCCESSFUL,
            shallow=True,
        )
        everything = list_recent_builds.sync("github", "acme", "web", client=client, limit=2)
    assert isinstance(on_branch, list)
    assert [(b.build_num, b.status) for b in on_branch] == [(1, BuildStatus.SUCCESS)]
    assert isinstance(everything, list)
    assert all(isinstance(b, BuildSummary) for b in everything)
    assert [(b.build_num, b.lifecycle) for b in everything] == [
        (3, BuildLifecycle.RUNNING),
        (2, BuildLifecycle.FINISHED),
    ]
