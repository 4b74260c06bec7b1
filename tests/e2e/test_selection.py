"""Run selection, end to end on every provider whose refs can select runs: ``latest`` resolves
once to one concrete run, ``runs(ref, N)`` / ``--last N`` take the N newest matching runs, a
re-run replaces the run it re-ran, and a selection matching nothing says which filters.

Each provider's fake makes the same history (:class:`ciartifacts.testing.SampleHistory`), so
a provider gets these tests by registering and implementing ``sample_history``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ciartifacts import NoMatchingRunError, parse_ref
from ciartifacts.cli import main
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.providers.base import Provider
from ciartifacts.testing import FakeProviders, SampleHistory
from tests.e2e.conftest import Flow, files_under

pytestmark = pytest.mark.e2e

SELECTING = [p for p in PROVIDERS if provider_class(p).runs_call is not Provider.runs_call]
SELECTIONS = ["newest", "green on main", "none"]


def history(fakes: FakeProviders, provider: str) -> SampleHistory:
    return fakes.apis[provider].sample_history()


def test_three_providers_at_least_can_select_runs() -> None:
    assert {"buildkite", "circleci"} <= set(SELECTING)


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("provider", SELECTING)
def test_latest_resolves_to_the_newest_matching_run(
    provider: str, selection: str, fakes: FakeProviders, flow: Flow
) -> None:
    ref, expected = history(fakes, provider).selections[selection]
    assert parse_ref(ref).selection is not None
    if not expected:
        with pytest.raises(NoMatchingRunError) as caught:
            flow.resolve(ref)
        assert caught.value.provider == provider
        assert "branch=no-such-branch" in str(caught.value)
        assert str(caught.value).startswith(f"{provider}: no run matches ")
        return
    resolved = flow.resolve(ref)
    assert str(resolved) == expected[0]
    assert resolved.selection is None
    assert flow.resolve(resolved) == resolved  # a concrete ref stays itself


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("provider", SELECTING)
def test_runs_are_the_newest_matching_ones_a_rerun_counting_once(
    provider: str, selection: str, limit: int, fakes: FakeProviders, flow: Flow
) -> None:
    # A small limit makes small pages: the listing of runs is followed page by page.
    ref, expected = history(fakes, provider).selections[selection]
    assert [str(run) for run in flow.runs(ref, limit)] == expected[:limit]


@pytest.mark.parametrize("provider", SELECTING)
def test_listing_a_latest_ref_lists_the_run_it_resolves_to(
    provider: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    made = history(fakes, provider)
    ref, expected = made.selections["green on main"]
    artifacts = flow.list(ref)
    assert {str(a.ref) for a in artifacts} == {expected[0]}
    assert {a.path: flow.read(a) for a in artifacts} == made.files[expected[0]]
    report = flow.download_all(ref, tmp_path)
    assert report.ok
    assert files_under(tmp_path) == made.files[expected[0]]


@pytest.mark.parametrize("provider", SELECTING)
def test_a_selection_of_a_missing_project_is_not_found(
    provider: str, fakes: FakeProviders, flow: Flow
) -> None:
    ref, _ = history(fakes, provider).selections["newest"]
    missing = ref.replace("/history-", "/no-such-project-")
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the provider's own 404
        flow.resolve(missing)
    assert type(caught.value).__name__ == "NotFoundError"


# --- the CLI ---------------------------------------------------------------------------------
def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def in_env(fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> FakeProviders:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    return fakes


@pytest.mark.parametrize("provider", SELECTING)
def test_the_cli_says_what_latest_resolved_to_and_json_has_the_concrete_ref(
    provider: str, in_env: FakeProviders, capsys: pytest.CaptureFixture[str]
) -> None:
    ref, expected = history(in_env, provider).selections["green on main"]
    code, out, err = run_cli(capsys, "ls", ref, "--json")
    assert code == 0
    assert f"resolved {ref} -> {expected[0]}" in err.splitlines()
    entries = json.loads(out)
    assert [entry["ref"] for entry in entries] == [expected[0]]


@pytest.mark.parametrize("provider", SELECTING)
def test_download_last_n_puts_each_run_in_its_own_folder(
    provider: str, in_env: FakeProviders, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    made = history(in_env, provider)
    ref, expected = made.selections["newest"]
    code, out, err = run_cli(capsys, "download", ref, "--last", "3", "-D", str(tmp_path))
    assert code == 0, err
    runs = [parse_ref(text) for text in expected[:3]]
    assert [line for line in err.splitlines() if line.startswith("resolved")] == [
        f"resolved {ref} -> {run}" for run in runs
    ]
    assert files_under(tmp_path) == {
        f"{run.run_id}/{path}": content
        for run in runs
        for path, content in made.files[str(run)].items()
    }
    assert out.splitlines()[0].split() == ["RUN", "PATH", "SIZE", "RESULT"]


@pytest.mark.parametrize("provider", SELECTING)
def test_ls_last_n_shows_the_run_of_each_artifact(
    provider: str, in_env: FakeProviders, capsys: pytest.CaptureFixture[str]
) -> None:
    ref, expected = history(in_env, provider).selections["green on main"]
    code, out, _ = run_cli(capsys, "ls", ref, "--last", "5", "--json")
    assert code == 0
    assert [entry["ref"] for entry in json.loads(out)] == expected
    code, out, err = run_cli(capsys, "ls", ref, "--last", "5")
    assert code == 0
    runs = [line.split()[0] for line in out.splitlines()[1:]]
    assert runs == [parse_ref(text).run_id for text in expected]
    assert f"{len(expected)} artifacts in {len(expected)} runs" in err


@pytest.mark.parametrize("provider", SELECTING)
def test_a_selection_without_runs_is_an_error_naming_its_filters(
    provider: str, in_env: FakeProviders, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ref, _ = history(in_env, provider).selections["none"]
    for args in (["ls", ref], ["download", ref, "--last", "2", "-D", str(tmp_path)]):
        code, out, err = run_cli(capsys, *args)
        assert code == 5  # nothing matched
        assert out == ""
        assert "error: " in err
        assert "no run matches" in err
        assert "branch=no-such-branch" in err
        code, out, err = run_cli(capsys, *args, "--allow-empty", "--json")
        assert code == 0
        assert json.loads(out) == []
        assert "no run matches" in err
        assert "error" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("provider", SELECTING)
def test_last_needs_a_selecting_ref(
    provider: str, in_env: FakeProviders, capsys: pytest.CaptureFixture[str]
) -> None:
    _, expected = history(in_env, provider).selections["newest"]
    code, _, err = run_cli(capsys, "ls", expected[0], "--last", "2")
    assert code == 2
    assert "--last needs a ref that selects runs" in err


@pytest.mark.parametrize("bad", ["0", "-1", "two", "1001"])
def test_last_must_be_a_sensible_count(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ls", "buildkite:a/b/latest", "--last", bad])
    assert caught.value.code == 2
    assert "--last" in capsys.readouterr().err


def test_runs_wants_a_sensible_count(make_flow: Callable[..., Flow]) -> None:
    from ciartifacts import ConfigurationError

    flow = make_flow()
    for bad in (0, -3, 1001, True):
        with pytest.raises(ConfigurationError, match="number of runs"):
            flow.runs("buildkite:a/b/latest", bad)
