"""The fsspec path grammar: PROTOCOL://REF/PATH for every registered provider."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ciartifacts.errors import InvalidRefError
from ciartifacts.fs_paths import fsspec_forms, fsspec_url, protocols, split_path
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.providers.buildkite import BuildkiteLatestRef, BuildkiteRef
from ciartifacts.providers.empirical import EmpiricalResourcesRef
from ciartifacts.providers.github import GitHubLatestRef, GitHubRef
from ciartifacts.refs import Ref, parse_ref
from tests.unit.test_refs import (
    buildkite_latest,
    circleci_latest,
    circleci_numbered,
    empirical_refs,
    github_latest,
    github_refs,
    numbers,
    segments,
    sourcecraft_refs,
)

# Every ref form an fsspec path can hold (Buildkite jobs are in their build's listing).
fsspec_refs = st.one_of(
    st.builds(BuildkiteRef, segments, segments, numbers),
    buildkite_latest,
    circleci_numbered,
    circleci_latest,
    sourcecraft_refs,
    empirical_refs,
    st.just(EmpiricalResourcesRef()),
    github_refs,
    github_latest,
)
inner_paths = st.lists(segments, max_size=3).map("/".join)


def test_every_registered_provider_has_a_protocol_and_only_github_differs() -> None:
    assert protocols() == {("gha" if name == "github" else name): name for name in PROVIDERS}
    for name in PROVIDERS:
        assert provider_class(name).fsspec_ref_segments >= 1
        assert fsspec_forms(name), name


@given(fsspec_refs, inner_paths)
def test_a_url_splits_back_into_its_ref_and_path(ref: Ref, inner: str) -> None:
    url = fsspec_url(ref, inner)
    protocol, rest = url.split("://", 1)
    assert protocols()[protocol] == ref.provider
    run = split_path(ref.provider, rest)
    assert run.ref == ref
    assert run.inner == inner
    assert run.name(inner) == rest


@pytest.mark.parametrize(
    ("provider", "path", "ref", "inner"),
    [
        (
            "buildkite",
            "acme/web/42/reports/junit.xml",
            "buildkite:acme/web/42",
            "reports/junit.xml",
        ),
        ("buildkite", "acme/web/42", "buildkite:acme/web/42", ""),
        ("buildkite", "/acme/web/42/", "buildkite:acme/web/42", ""),
        (
            "buildkite",
            "acme/web/latest;branch=feature%2Fx;state=passed/a.xml",
            "buildkite:acme/web/latest?branch=feature%2Fx&state=passed",
            "a.xml",
        ),
        ("circleci", "gh/acme/web/7/tmp/out/a.txt", "circleci:github/acme/web/7", "tmp/out/a.txt"),
        (
            "sourcecraft",
            "o/r/run-1/build/test/junit/reports/x.xml",
            "sourcecraft:o/r/run-1/build/test/junit",
            "reports/x.xml",
        ),
        ("sourcecraft", "o/r/1/w/t/cu;be/x", "sourcecraft:o/r/1/w/t/cu;be", "x"),
        ("empirical", "456/videos/a.webm", "empirical:456", "videos/a.webm"),
        ("empirical", "resources/logo.png", "empirical:resources", "logo.png"),
        ("github", "octo/app/123/coverage", "github:octo/app/123", "coverage"),
        (
            "github",
            "octo/app/latest;workflow=ci.yml/x",
            "github:octo/app/latest?workflow=ci.yml",
            "x",
        ),
    ],
)
def test_paths_of_each_form(provider: str, path: str, ref: str, inner: str) -> None:
    run = split_path(provider, path)
    assert run.ref == parse_ref(ref)
    assert run.inner == inner


def test_a_latest_url_carries_its_filters_as_parameters() -> None:
    ref = BuildkiteLatestRef("acme", "web", branch="feature/a;b", state="passed")
    assert fsspec_url(ref, "/reports/") == (
        "buildkite://acme/web/latest;branch=feature%2Fa%3Bb;state=passed/reports"
    )
    assert fsspec_url(GitHubLatestRef("o", "r")) == "gha://o/r/latest"
    assert fsspec_url(GitHubRef("o", "r", 5), "x") == "gha://o/r/5/x"


@pytest.mark.parametrize(
    ("provider", "path", "reason"),
    [
        ("buildkite", "acme/web", "the path must start with the run's ref (3 segments)"),
        ("buildkite", "acme//42/x", "the path must start with the run's ref (3 segments)"),
        ("buildkite", "acme/web/latest?branch=main/x", "'?' is a wildcard in fsspec paths"),
        ("buildkite", "acme/web/latest;state=bogus/x", "state must be one of"),
        ("buildkite", "acme/web/abc/x", "build number must be a positive integer, got 'abc'"),
        ("circleci", "github/acme/web/7;branch=main/x", "only allowed with 'latest'"),
        ("empirical", "nope/x", "expected a test run id or 'resources'"),
    ],
)
def test_bad_paths_are_refused_naming_the_problem_and_the_protocols_forms(
    provider: str, path: str, reason: str
) -> None:
    with pytest.raises(InvalidRefError) as caught:
        split_path(provider, path)
    message = str(caught.value)
    assert reason in message
    assert message.splitlines()[0].startswith(f"invalid run reference '{provider}://")
    assert all(form in message for form in fsspec_forms(provider))
    assert "https://" not in message  # web URL forms are no paths


def test_the_forms_come_from_the_providers_ref_forms() -> None:
    assert fsspec_forms("buildkite") == (
        "buildkite://ORG/PIPELINE/BUILD/PATH",
        "buildkite://ORG/PIPELINE/latest[;branch=BRANCH;state=STATE]/PATH"
        "  (each optional; STATE: passed, failed, running, finished, ...)",
    )
    assert fsspec_forms("empirical") == (
        "empirical://TEST_RUN_ID/PATH",
        "empirical://resources/PATH",
    )
