"""The ``ciartifacts`` command against each provider's fake."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ciartifacts.cli import main
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SCENARIOS, files_under, provider_of, sample_run

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    return fakes.env()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_ls_prints_an_aligned_table(
    scenario: str, fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = sample_run(fakes, scenario)
    code, out, err = run(capsys, "ls", seeded.ref)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["PATH", "SIZE", "STATE", "CHECKSUM"]
    assert sorted(line.split()[0] for line in lines[1:]) == sorted(seeded.files)
    size_column = lines[0].index("SIZE")
    assert all(line[size_column - 2 : size_column] == "  " for line in lines[1:])
    assert f"{len(seeded.files)} artifacts" in err


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_ls_json(
    scenario: str, fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = sample_run(fakes, scenario)
    code, out, _ = run(capsys, "ls", seeded.ref, "--json")
    assert code == 0
    entries = json.loads(out)
    assert sorted(e["path"] for e in entries) == sorted(seeded.files)
    for entry in entries:
        assert entry["provider"] == provider_of(scenario)
        assert {"provider", "path", "size", "state", "checksum"} <= entry.keys()
        assert entry["state"] == "ready"
        if entry["checksum"] is not None:
            algorithm, _, hex_digest = entry["checksum"].partition(":")
            content = seeded.files[entry["path"]]
            assert hashlib.new(algorithm, content).hexdigest() == hex_digest


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_download_json_reports_each_file(
    scenario: str,
    fakes: FakeProviders,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    seeded = sample_run(fakes, scenario)
    code, out, _ = run(
        capsys, "download", seeded.ref, "-D", str(tmp_path), "--json", "--concurrency", "3"
    )
    assert code == 0
    entries = json.loads(out)
    assert files_under(tmp_path) == seeded.written
    for entry in entries:
        assert Path(entry["file"]).read_bytes() == seeded.files[entry["path"]]


def test_download_with_patterns_skips_and_refusals(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 4, "dist/a.txt", b"a")
    fakes.buildkite.add_artifact("acme", "web", 4, "dist/pending.txt", b"p", state="new")
    fakes.buildkite.add_artifact("acme", "web", 4, "dist/../../evil.txt", b"e")
    fakes.buildkite.add_artifact("acme", "web", 4, "other/b.txt", b"b")
    code, out, err = run(
        capsys, "download", "buildkite:acme/web/4", "-p", "dist/**", "-D", str(tmp_path)
    )
    assert code == 3  # partial: one refused, the others written
    assert files_under(tmp_path) == {"dist/a.txt": b"a"}
    assert "skipped: not downloadable in state 'new'" in out
    assert "1 downloaded" in err
    assert "1 skipped" in err
    assert "1 failed" in err
    assert "refusing unsafe artifact path 'dist/../../evil.txt'" in err

    code, out, _ = run(
        capsys, "download", "buildkite:acme/web/4", "-p", "dist/**", "-D", str(tmp_path), "--json"
    )
    by_path = {e["path"]: e for e in json.loads(out)}
    assert by_path["dist/pending.txt"]["skipped"] == "not downloadable in state 'new'"
    assert "file" in by_path["dist/a.txt"]
    assert "refusing unsafe" in by_path["dist/../../evil.txt"]["error"]


def test_api_failure_is_one_line_with_status_message_and_request_id(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "ls", "sourcecraft:acme/web/missing/build/test/unit")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ciartifacts: error: sourcecraft: HTTP 404: ")
    assert "request id " in lines[0]
    assert "Traceback" not in err


def test_debug_shows_the_traceback_escaped_and_redacted(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    token = fakes.sourcecraft.token
    fakes.sourcecraft.error_next(404, f"no run \x1b[31mhere\x1b[0m for token {token}")
    code, out, err = run(capsys, "ls", "sourcecraft:acme/web/missing/build/test/unit", "--debug")
    assert code == 1
    assert out == ""
    assert err.startswith("Traceback (most recent call last):")
    assert "ciartifacts.errors.NotFoundError: sourcecraft: HTTP 404: no run " in err
    assert "\x1b" not in err
    assert "\\x1b[31mhere" in err
    assert token not in err
    assert "[REDACTED]" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ls", "gitlab:group/project/1"], "Accepted forms:"),
        (["ls", "buildkite:acme/web/42", "-p", "{unclosed"], "{unclosed"),
    ],
)
def test_user_mistakes_exit_2_with_a_clear_message(
    args: list[str], expected: str, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


def test_missing_token_names_the_variables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CIRCLE_TOKEN", raising=False)
    monkeypatch.delenv("CIRCLECI_CLI_TOKEN", raising=False)
    code, _, err = run(capsys, "ls", "circleci:github/acme/web/1")
    assert code == 2
    assert "CIRCLE_TOKEN" in err
    assert "CIRCLECI_CLI_TOKEN" in err


@pytest.mark.parametrize(
    "bad",
    [
        ["--concurrency", "0"],
        ["--concurrency", "100000"],
        ["--timeout", "-1"],
        ["--timeout", "nan"],
        ["--timeout", "inf"],
        ["--speed-limit", "0"],
        ["--speed-time", "NaN"],
    ],
)
def test_bad_option_values_are_usage_errors(
    bad: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["download", "buildkite:a/b/1", *bad])
    assert caught.value.code == 2
    assert "must be" in capsys.readouterr().err


def test_installed_console_script(fakes: FakeProviders, tmp_path: Path) -> None:
    seeded = sample_run(fakes, "circleci")
    script = shutil.which("ciartifacts")
    assert script is not None, "the ciartifacts console script is not installed (pip install -e .)"
    result = subprocess.run(
        [script, "download", seeded.ref, "-D", str(tmp_path), "--json"],
        env={**os.environ, **fakes.env()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(seeded.files)
    assert files_under(tmp_path) == seeded.written


def test_server_paths_cannot_inject_terminal_escapes(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 6, "red\x1b[31m.txt", b"x")
    fakes.buildkite.add_artifact("acme", "web", 6, "two\nlines.txt", b"y")
    code, out, _ = run(capsys, "ls", "buildkite:acme/web/6")
    assert code == 0
    assert "\x1b" not in out
    assert "red\\x1b[31m.txt" in out
    assert "two\\nlines.txt" in out
    assert len(out.splitlines()) == 3


def test_global_options_go_before_or_after_the_command(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = sample_run(fakes, "empirical")
    assert run(capsys, "--timeout", "5", "ls", seeded.ref)[0] == 0
    assert run(capsys, "ls", seeded.ref, "--timeout", "5")[0] == 0
    code, _, err = run(capsys, "--debug", "ls", "sourcecraft:acme/web/missing/build/test/unit")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")


def test_destination_that_is_a_file_is_a_usage_error(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "buildkite")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "download", seeded.ref, "-D", str(blocker))
    assert code == 2
    assert "is not a folder" in err
    assert blocker.read_text() == "not a folder"


def test_failures_are_listed_once_each_on_stderr(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 3, "../a", b"a")
    code, out, err = run(capsys, "download", "buildkite:acme/web/3", "-D", str(tmp_path))
    assert code == 1
    assert "failed (see below)" in out
    assert err.count("refusing unsafe artifact path") == 1


def test_download_unpacks_github_zips_unless_no_extract(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run_id = fakes.github.add_run("acme", "web")
    fakes.github.add_artifact("acme", "web", run_id, "reports", {"junit.xml": b"<t/>"})
    ref = f"github:acme/web/{run_id}"
    code, out, _ = run(capsys, "download", ref, "-D", str(tmp_path / "a"), "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["file"] == str(tmp_path / "a" / "reports")
    assert files_under(tmp_path / "a") == {"reports/junit.xml": b"<t/>"}
    code, _, _ = run(capsys, "download", ref, "-D", str(tmp_path / "b"), "--no-extract")
    assert code == 0
    assert list(files_under(tmp_path / "b")) == ["reports.zip"]
