"""Run references: parsing every accepted form, canonical round-trip, validation."""

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ciartifacts.errors import InvalidRefError
from ciartifacts.providers.buildkite import BUILD_STATES, BuildkiteLatestRef, BuildkiteRef
from ciartifacts.providers.circleci import FILTERS as CIRCLECI_FILTERS
from ciartifacts.providers.circleci import CircleCIRef
from ciartifacts.providers.empirical import EmpiricalRef, EmpiricalResourcesRef
from ciartifacts.providers.github import STATUSES, GitHubLatestRef, GitHubRef
from ciartifacts.providers.sourcecraft import SourceCraftRef
from ciartifacts.refs import MAX_NUMBER, Ref, accepted_forms, parse_ref

# --- strategies -------------------------------------------------------------

# Valid segments: printable, no whitespace, none of the reserved "/?#".
segments = st.text(
    alphabet=st.characters(exclude_categories=("C", "Z"), exclude_characters="/?#"),
    min_size=1,
    max_size=12,
)
numbers = st.integers(min_value=1, max_value=MAX_NUMBER)
# Branches are percent-encoded in the canonical form, so anything printable goes.
branches = st.text(
    alphabet=st.characters(exclude_categories=("C", "Z"), include_characters=" "),
    min_size=1,
    max_size=20,
)

buildkite_refs = st.builds(BuildkiteRef, segments, segments, numbers, st.none() | segments)
buildkite_latest = st.builds(
    BuildkiteLatestRef,
    segments,
    segments,
    st.none() | branches,
    st.none() | st.sampled_from(BUILD_STATES),
)
circleci_numbered = st.builds(
    CircleCIRef, st.sampled_from(["github", "gh", "bitbucket", "bb"]), segments, segments, numbers
)
circleci_latest = st.builds(
    CircleCIRef,
    st.sampled_from(["github", "bitbucket"]),
    segments,
    segments,
    st.none(),
    st.none() | branches,
    st.none() | st.sampled_from(CIRCLECI_FILTERS),
)
sourcecraft_refs = st.builds(
    SourceCraftRef, segments, segments, segments, segments, segments, segments
)
empirical_refs = st.builds(EmpiricalRef, numbers)
github_refs = st.builds(GitHubRef, segments, segments, numbers)
github_latest = st.builds(
    GitHubLatestRef,
    segments,
    segments,
    st.none() | branches,
    st.none() | segments,
    st.none() | st.sampled_from(STATUSES),
)
all_refs: st.SearchStrategy[Ref] = st.one_of(
    buildkite_refs,
    buildkite_latest,
    circleci_numbered,
    circleci_latest,
    sourcecraft_refs,
    empirical_refs,
    st.just(EmpiricalResourcesRef()),
    github_refs,
    github_latest,
)


def assert_lists_forms(exc: InvalidRefError) -> None:
    message = str(exc)
    assert "Accepted forms:" in message
    for form in accepted_forms():
        assert f"\n  {form}" in message


# --- parsing every accepted form --------------------------------------------

PARSED = [
    ("github:octo/hello-world/30433642", GitHubRef("octo", "hello-world", 30433642)),
    ("GitHub:octo/hello-world/7", GitHubRef("octo", "hello-world", 7)),
    ("github:octo/app/latest", GitHubLatestRef("octo", "app")),
    (
        "github:octo/app/latest?branch=main&workflow=ci.yml&status=success",
        GitHubLatestRef("octo", "app", "main", "ci.yml", "success"),
    ),
    ("https://github.com/octo/app/actions/runs/42", GitHubRef("octo", "app", 42)),
    ("https://github.com/octo/app/actions/runs/42/job/99", GitHubRef("octo", "app", 42)),
    ("https://github.com/octo/app/actions/runs/42/attempts/2", GitHubRef("octo", "app", 42)),
    ("https://www.github.com/octo/app/actions/runs/42?pr=3", GitHubRef("octo", "app", 42)),
    ("buildkite:acme/web/42", BuildkiteRef("acme", "web", 42)),
    ("buildkite:acme/web/latest", BuildkiteLatestRef("acme", "web")),
    (
        "buildkite:acme/web/latest?branch=release%2F1.x&state=passed",
        BuildkiteLatestRef("acme", "web", "release/1.x", "passed"),
    ),
    (
        "buildkite:acme/web/latest?state=finished",
        BuildkiteLatestRef("acme", "web", None, "finished"),
    ),
    ("buildkite:acme/web/42/0190abcd-1234", BuildkiteRef("acme", "web", 42, "0190abcd-1234")),
    ("https://buildkite.com/acme/web/builds/42", BuildkiteRef("acme", "web", 42)),
    ("https://buildkite.com/acme/web/builds/42/", BuildkiteRef("acme", "web", 42)),
    ("https://buildkite.com/acme/web/builds/42#job-9", BuildkiteRef("acme", "web", 42, "job-9")),
    ("https://buildkite.com/acme/web/builds/42/#job-9", BuildkiteRef("acme", "web", 42, "job-9")),
    ("https://buildkite.com/acme/web/builds/42#", BuildkiteRef("acme", "web", 42)),
    ("HTTPS://BuildKite.com/acme/web/builds/42?utm=x", BuildkiteRef("acme", "web", 42)),
    ("circleci:github/acme/app/77", CircleCIRef("github", "acme", "app", 77)),
    ("circleci:gh/acme/app/77", CircleCIRef("github", "acme", "app", 77)),
    ("circleci:bb/acme/app/77", CircleCIRef("bitbucket", "acme", "app", 77)),
    ("circleci:bitbucket/acme/app/latest", CircleCIRef("bitbucket", "acme", "app")),
    (
        "circleci:gh/acme/app/latest?branch=feature%2Flogin+v2&filter=successful",
        CircleCIRef("github", "acme", "app", None, "feature/login+v2", "successful"),
    ),
    (
        "circleci:gh/acme/app/latest?filter=failed&branch=release/1.x",
        CircleCIRef("github", "acme", "app", None, "release/1.x", "failed"),
    ),
    (
        "circleci:gh/acme/app/latest?filter=running",
        CircleCIRef("github", "acme", "app", None, None, "running"),
    ),
    ("https://circleci.com/gh/acme/app/77", CircleCIRef("github", "acme", "app", 77)),
    ("https://circleci.com/bb/acme/app/77/", CircleCIRef("bitbucket", "acme", "app", 77)),
    (
        "https://app.circleci.com/pipelines/github/acme/app/1234/workflows/"
        "5f1e2d3c-aaaa-bbbb-cccc-0123456789ab/jobs/77",
        CircleCIRef("github", "acme", "app", 77),
    ),
    (
        "https://app.circleci.com/pipelines/bb/acme/app/jobs/77/",
        CircleCIRef("bitbucket", "acme", "app", 77),
    ),
    (
        "sourcecraft:acme/repo/r1/build/compile/step-2",
        SourceCraftRef("acme", "repo", "r1", "build", "compile", "step-2"),
    ),
    ("empirical:12345", EmpiricalRef(12345)),
    (f"empirical:{MAX_NUMBER}", EmpiricalRef(MAX_NUMBER)),
    ("empirical:resources", EmpiricalResourcesRef()),
    ("  Empirical:resources\n", EmpiricalResourcesRef()),
    ("buildkite:acme/web/007", BuildkiteRef("acme", "web", 7)),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_accepted_forms(text: str, expected: Ref) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (BuildkiteRef("acme", "web", 42), "buildkite:acme/web/42"),
        (BuildkiteRef("acme", "web", 42, "j1"), "buildkite:acme/web/42/j1"),
        (CircleCIRef("gh", "acme", "app", 7), "circleci:github/acme/app/7"),
        (CircleCIRef("bb", "acme", "app"), "circleci:bitbucket/acme/app/latest"),
        (
            CircleCIRef("github", "acme", "app", None, "feat/a b&c=d+e%", "completed"),
            "circleci:github/acme/app/latest?branch=feat/a%20b%26c%3Dd%2Be%25&filter=completed",
        ),
        (SourceCraftRef("o", "r", "1", "w", "t", "c"), "sourcecraft:o/r/1/w/t/c"),
        (EmpiricalRef(9), "empirical:9"),
        (EmpiricalResourcesRef(), "empirical:resources"),
    ],
)
def test_canonical_string_form(ref: Ref, text: str) -> None:
    assert str(ref) == text
    assert parse_ref(text) == ref


def test_provider_names() -> None:
    assert BuildkiteRef.provider == "buildkite"
    assert CircleCIRef.provider == "circleci"
    assert SourceCraftRef.provider == "sourcecraft"
    assert EmpiricalRef.provider == "empirical"
    assert EmpiricalResourcesRef.provider == "empirical"
    # A class-level constant, not a field: not in the repr nor the constructor.
    assert "provider" not in {field.name for field in attrs.fields(BuildkiteRef)}


def test_refs_are_frozen_and_hashable() -> None:
    ref = BuildkiteRef("acme", "web", 1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ref.build = 2  # type: ignore[misc]
    assert len({ref, BuildkiteRef("acme", "web", 1)}) == 1


@given(all_refs)
def test_round_trip(ref: Ref) -> None:
    text = str(ref)
    assert parse_ref(text) == ref
    assert str(parse_ref(text)) == text


@given(all_refs)
def test_selecting_refs_describe_their_filters_and_others_name_a_run(ref: Ref) -> None:
    selection = ref.selection
    if selection is None:
        assert ref.run_id
        return
    text = str(ref)
    assert text.startswith(selection.scope + "/latest")
    for name, value in selection.filters:
        assert f"{name}={value}" in selection.describe()
    with pytest.raises(TypeError):
        ref.run_id  # noqa: B018 - the property raises


@given(circleci_latest)
def test_circleci_canonical_query_is_unambiguous(ref: CircleCIRef) -> None:
    text = str(ref)
    _, question, query = text.partition("?")
    assert bool(question) == (ref.branch is not None or ref.filter is not None)
    assert "?" not in query
    assert query.count("&") == (ref.branch is not None and ref.filter is not None)


# --- malformed text ---------------------------------------------------------

MALFORMED = [
    ("", "empty"),
    ("   ", "empty"),
    ("acme/web/42", "no provider prefix"),
    ("jenkins:acme/web/42", "unknown provider 'jenkins'"),
    ("buildkite:acme/web", "3 or 4"),
    ("buildkite:acme/web/42/j/extra", "3 or 4"),
    ("buildkite:acme/web/forty-two", "build number must be a positive integer"),
    ("buildkite:acme/web/0", "between 1 and"),
    ("buildkite:acme/web/-1", "positive integer"),
    ("buildkite:acme/web/\uff11\uff12", "positive integer"),  # fullwidth digits
    ("buildkite:acme/web/4²", "positive integer"),
    ("buildkite:acme//42", "pipeline must not be empty"),
    ("buildkite:/web/42", "org must not be empty"),
    ("buildkite:acme/web/42/", "job_id must not be empty"),
    ("buildkite:acme/web/42/a?b", "job_id must not contain '?'"),
    ("buildkite:acme/web/42?branch=main", "positive integer"),
    ("buildkite:acme/web/latest?state=green", "state must be one of"),
    ("buildkite:acme/web/latest?filter=passed", "unknown query parameter 'filter'"),
    ("buildkite:acme/web/latest/j", "positive integer"),
    ("buildkite:acme/we b/42", "whitespace"),
    ("buildkite:acme/web/4\x002", "'\\x00'"),
    ("buildkite:acme/web/" + "9" * 5000, "between 1 and"),
    ("circleci:gh/acme/app", "4 '/'-separated parts"),
    ("circleci:svn/acme/app/1", "vcs must be one of"),
    ("circleci:gh/acme/app/Latest", "positive integer"),
    ("circleci:gh/acme/app/12?branch=main", "only allowed with 'latest'"),
    ("circleci:gh/acme/app/latest?", "nothing follows"),
    ("circleci:gh/acme/app/latest?filter=green", "filter must be one of"),
    ("circleci:gh/acme/app/latest?filter=", "filter must be one of"),
    ("circleci:gh/acme/app/latest?branch=", "branch must not be empty"),
    ("circleci:gh/acme/app/latest?branch", "key=value"),
    ("circleci:gh/acme/app/latest?branch=a&branch=b", "more than once"),
    ("circleci:gh/acme/app/latest?tag=v1", "unknown query parameter 'tag'"),
    ("circleci:gh/acme/app/latest?branch=%ff", "percent-encoded UTF-8"),
    ("circleci:gh/acme/app/latest?branch=%0a", "control characters"),
    ("sourcecraft:acme/repo/r1/build/compile", "6 '/'-separated parts"),
    ("sourcecraft:acme/repo/r1/build//step", "task must not be empty"),
    ("empirical:", "test run id or 'resources'"),
    ("empirical:abc", "test run id or 'resources'"),
    ("empirical:0", "between 1 and"),
    (f"empirical:{MAX_NUMBER + 1}", "between 1 and"),
    ("empirical:RESOURCES", "test run id or 'resources'"),
    ("github:octo/app", "3 '/'-separated parts"),
    ("github:octo/app/1/2", "3 '/'-separated parts"),
    ("github:octo/app/run-1", "run id must be a positive integer"),
    ("github:octo/app/latest?status=green", "status must be one of"),
    ("github:octo/app/latest?workflow=a/b", "workflow must not contain '/'"),
    ("github:octo/app/latest?event=push", "unknown query parameter 'event'"),
    ("https://github.com/octo/app/pull/3", "https://github.com/OWNER/REPO/actions/runs/RUN_ID"),
    ("https://github.com/octo/app/actions/runs/3/logs", "actions/runs/RUN_ID"),
    ("ftp://buildkite.com/acme/web/builds/1", "unsupported URL scheme"),
    ("https://gitlab.com/acme/web/builds/1", "unknown URL host 'gitlab.com'"),
    ("https://buildkite.com/acme/web/42", "https://buildkite.com/ORG/PIPELINE/builds/BUILD"),
    ("https://buildkite.com/acme/web/builds/x", "positive integer"),
    ("https://buildkite.com/acme//web/builds/1", "empty segment"),
    ("https://buildkite.com/acme/web/builds/1#a#b", "job_id must not contain '#'"),
    ("https://circleci.com/gh/acme/app", "https://circleci.com/VCS/ORG/PROJECT/BUILD_NUM"),
    ("https://circleci.com/gl/acme/app/3", "vcs must be one of"),
    ("https://app.circleci.com/pipelines/github/acme/app/12", "must point to a job"),
    ("https://app.circleci.com/settings/project/github/acme/app", "must point to a job"),
    ("https://app.circleci.com/pipelines/github/acme/app/jobs/0", "between 1 and"),
    ("http://[::1/x", "not a valid URL"),
]


@pytest.mark.parametrize(("text", "reason"), MALFORMED)
def test_malformed_refs_say_why_and_list_forms(text: str, reason: str) -> None:
    with pytest.raises(InvalidRefError) as info:
        parse_ref(text)
    assert reason in info.value.reason
    assert info.value.text == text
    first_line = str(info.value).splitlines()[0]
    assert first_line.startswith("invalid run reference ")
    assert reason in first_line
    assert_lists_forms(info.value)


def test_invalid_ref_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        parse_ref("nope:1")


def test_url_credentials_never_shown() -> None:
    text = "https://user:hunter2@buildkite.com/acme/web/42?access_token=SECRET#frag"
    with pytest.raises(InvalidRefError) as info:
        parse_ref(text)
    for shown in (str(info.value), repr(info.value)):
        assert "SECRET" not in shown
        assert "hunter2" not in shown
        assert "https://buildkite.com/acme/web/42" in shown


def test_parse_ref_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        parse_ref(42)  # type: ignore[arg-type]


PREFIXES = [
    "",
    "buildkite:",
    "circleci:",
    "circleci:gh/a/b/latest?",
    "sourcecraft:",
    "empirical:",
    "https://buildkite.com/",
    "https://circleci.com/",
    "https://app.circleci.com/pipelines/",
    "http://",
]
TRICKY = st.text(alphabet="ab19/:?#&=%+.- \t[]@latest", max_size=40)


@given(st.sampled_from(PREFIXES), st.text() | TRICKY)
@example("", "buildkite:a/b/1/")
@example("circleci:gh/a/b/latest?", "branch=%C3")
@example("https://", "[")
@example("", "empirical:" + "0" * 30 + "1")
def test_fuzz_only_invalid_ref_error(prefix: str, tail: str) -> None:
    text = prefix + tail
    outcome = _attempt(text)
    if isinstance(outcome, InvalidRefError):
        assert outcome.text == text
        assert_lists_forms(outcome)
    else:
        # Whatever parses must be a valid ref with a stable canonical form.
        assert parse_ref(str(outcome)) == outcome


def _attempt(text: str) -> Ref | InvalidRefError:
    try:
        return parse_ref(text)
    except InvalidRefError as exc:
        return exc


# --- typed construction is validated too ------------------------------------


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: BuildkiteRef("", "web", 1), "org must not be empty"),
        (lambda: BuildkiteRef("a/b", "web", 1), "org must not contain '/'"),
        (lambda: BuildkiteRef("acme", "web", 0), "build must be between 1 and"),
        (lambda: BuildkiteRef("acme", "web", MAX_NUMBER + 1), "build must be between 1 and"),
        (lambda: BuildkiteRef("acme", "web", True), "build must be an integer"),
        (lambda: BuildkiteRef("acme", "web", "1"), "build must be an integer"),  # type: ignore[arg-type]
        (lambda: BuildkiteRef("acme", "web", 1, ""), "job_id must not be empty"),
        (lambda: BuildkiteRef("acme", 7, 1), "pipeline must be a string"),  # type: ignore[arg-type]
        (lambda: CircleCIRef("gitlab", "acme", "app", 1), "vcs must be one of"),
        (lambda: CircleCIRef("gh", "acme", "app", 1, branch="main"), "only allowed with 'latest'"),
        (
            lambda: CircleCIRef("gh", "acme", "app", 1, filter="failed"),
            "only allowed with 'latest'",
        ),
        (lambda: CircleCIRef("gh", "acme", "app", filter="done"), "filter must be one of"),
        (lambda: CircleCIRef("gh", "acme", "app", branch=""), "branch must not be empty"),
        (lambda: CircleCIRef("gh", "acme", "app", branch="a\nb"), "control characters"),
        (lambda: CircleCIRef("gh", "acme", "my app"), "project must not contain ' '"),
        (lambda: SourceCraftRef("o", "r", "1", "w", "t", "c#1"), "cube must not contain '#'"),
        (lambda: EmpiricalRef(-5), "test_run_id must be between 1 and"),
    ],
)
def test_typed_refs_are_validated(build: object, reason: str) -> None:
    assert callable(build)
    with pytest.raises(InvalidRefError) as info:
        build()
    assert reason in info.value.reason
    assert info.value.text is None
    assert str(info.value).startswith(f"invalid run reference: {info.value.reason}\n")
    assert_lists_forms(info.value)


def test_circleci_vcs_aliases_normalized() -> None:
    assert CircleCIRef("GH", "a", "b").vcs == "github"
    assert CircleCIRef("bb", "a", "b") == CircleCIRef("bitbucket", "a", "b")


def test_evolve_revalidates() -> None:
    ref = CircleCIRef("gh", "acme", "app", None, "main")
    with pytest.raises(InvalidRefError, match="only allowed with 'latest'"):
        attrs.evolve(ref, build_num=3)
