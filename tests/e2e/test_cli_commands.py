"""The CLI's conventions: sync and dry runs, cat, rm, exit codes, request logs, ``-m``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ciartifacts.cli import main
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SAMPLE_FILES, files_under, sample_run

pytestmark = pytest.mark.e2e

DELETING = [p for p in PROVIDERS if provider_class(p).capabilities.delete]
NOT_DELETING = [p for p in PROVIDERS if not provider_class(p).capabilities.delete]


@pytest.fixture
def env(fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CIARTIFACTS_LOG", raising=False)
    return fakes.env()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ciartifacts", *args],
        env={**os.environ, **env},
        input=None if stdin is None else stdin.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )


# --- download: sync and dry runs -------------------------------------------------------------
def test_a_second_download_leaves_unchanged_files_and_says_how_they_were_checked(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "buildkite")
    code, _, _ = run(capsys, "download", seeded.ref, "-D", str(tmp_path))
    assert code == 0
    before = len(fakes.storage.requests)

    code, out, err = run(capsys, "download", seeded.ref, "-D", str(tmp_path))

    assert code == 0
    assert len(fakes.storage.requests) == before
    rows = out.splitlines()[1:]
    assert len(rows) == len(SAMPLE_FILES)
    assert all("unchanged (sha1): " in row for row in rows)
    assert f"0 downloaded into {tmp_path}, {len(SAMPLE_FILES)} unchanged" in err

    code, out, _ = run(capsys, "download", seeded.ref, "-D", str(tmp_path), "--json")
    assert {e["result"] for e in json.loads(out)} == {"unchanged"}
    assert {e["unchanged"] for e in json.loads(out)} == {"sha1"}

    code, out, err = run(capsys, "download", seeded.ref, "-D", str(tmp_path), "--force")
    assert code == 0
    assert len(fakes.storage.requests) == before + len(SAMPLE_FILES)
    assert f"{len(SAMPLE_FILES)} downloaded" in err


def test_a_size_only_provider_says_size(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "empirical-resources")
    run(capsys, "download", seeded.ref, "-D", str(tmp_path))
    code, out, _ = run(capsys, "download", seeded.ref, "-D", str(tmp_path))
    assert code == 0
    assert all("unchanged (size): " in row for row in out.splitlines()[1:])


def test_dry_run_lists_what_would_happen_with_the_bytes_and_touches_nothing(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 3, "kept.txt", b"kept")
    fakes.buildkite.add_artifact("acme", "web", 3, "big.bin", b"b" * 3000)
    fakes.buildkite.add_artifact("acme", "web", 3, "small.txt", b"s" * 100)
    fakes.buildkite.add_artifact("acme", "web", 3, "pending.txt", b"p", state="new")
    (tmp_path / "kept.txt").write_bytes(b"kept")

    code, out, err = run(capsys, "download", "buildkite:acme/web/3", "-D", str(tmp_path), "-n")

    assert code == 0
    assert fakes.storage.requests == []
    assert files_under(tmp_path) == {"kept.txt": b"kept"}
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert f"would download: {tmp_path / 'big.bin'}" in rows["big.bin"]
    assert "unchanged (sha1)" in rows["kept.txt"]
    assert "skipped: not downloadable in state 'new'" in rows["pending.txt"]
    assert "dry run: 2 to download into" in err
    assert "(3100 bytes)" in err
    assert "1 unchanged, 1 skipped, 0 failed" in err

    code, out, _ = run(
        capsys, "download", "buildkite:acme/web/3", "-D", str(tmp_path), "-n", "--json"
    )
    assert {e["path"]: e["result"] for e in json.loads(out)} == {
        "kept.txt": "unchanged",
        "big.bin": "planned",
        "small.txt": "planned",
        "pending.txt": "skipped",
    }
    assert fakes.storage.requests == []


# --- cat -------------------------------------------------------------------------------------
def test_cat_writes_exactly_the_artifacts_bytes(
    fakes: FakeProviders, env: dict[str, str], tmp_path: Path
) -> None:
    content = bytes(range(256)) * 300
    fakes.buildkite.add_artifact("acme", "web", 5, "dist/app.bin", content)
    done = run_process(env, "cat", "buildkite:acme/web/5", "dist/app.bin")
    assert done.returncode == 0, done.stderr
    assert done.stdout == content
    assert done.stderr == b""


def test_cat_of_a_corrupt_artifact_writes_nothing_and_says_why(
    fakes: FakeProviders, env: dict[str, str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 5, "report.xml", b"<ok/>", sha1sum="0" * 40)
    done = run_process(env, "cat", "buildkite:acme/web/5", "report.xml")
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"checksum" in done.stderr
    assert b"report.xml" in done.stderr


def test_cat_of_a_missing_path_exits_5(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 5, "a.txt", b"a")
    code, out, err = run(capsys, "cat", "buildkite:acme/web/5", "b.txt")
    assert code == 5
    assert out == ""
    assert "no artifact at 'b.txt'" in err


# --- rm --------------------------------------------------------------------------------------
@pytest.mark.parametrize("provider", DELETING)
def test_rm_yes_deletes_the_matching_artifacts(
    provider: str, fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = sample_run(fakes, provider)
    code, _, err = run(capsys, "rm", seeded.ref, "-p", "**/*.log", "--yes")
    assert code == 0, err
    assert "1 deleted, 0 failed" in err
    assert sorted(listed(capsys, seeded.ref)) == sorted(
        p for p in seeded.files if not p.endswith(".log")
    )


def listed(capsys: pytest.CaptureFixture[str], ref: str) -> list[str]:
    code, out, _ = run(capsys, "ls", ref, "--json", "--allow-empty")
    assert code == 0
    return [e["path"] for e in json.loads(out)]


def test_rm_asks_first_and_keeps_everything_on_no(
    fakes: FakeProviders,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 6, "a.txt", b"a")

    class Terminal:
        def __init__(self, answer: str) -> None:
            self.answer = answer

        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            return self.answer

    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = run(capsys, "rm", "buildkite:acme/web/6")
    assert code == 1
    assert "Delete these 1 artifacts (1 bytes) of Buildkite? [y/N]" in err
    assert "a.txt" in err
    assert "nothing deleted" in err
    assert listed(capsys, "buildkite:acme/web/6") == ["a.txt"]

    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, _, err = run(capsys, "rm", "buildkite:acme/web/6")
    assert code == 0
    assert listed(capsys, "buildkite:acme/web/6") == []


def test_rm_without_a_terminal_needs_yes(fakes: FakeProviders, env: dict[str, str]) -> None:
    fakes.buildkite.add_artifact("acme", "web", 6, "a.txt", b"a")
    done = run_process(env, "rm", "buildkite:acme/web/6", stdin="y\n")
    assert done.returncode == 2
    assert b"pass --yes" in done.stderr
    assert [
        e["path"]
        for e in json.loads(run_process(env, "ls", "buildkite:acme/web/6", "--json").stdout)
    ] == ["a.txt"]


@pytest.mark.parametrize("provider", NOT_DELETING)
def test_rm_is_refused_at_once_where_the_provider_cannot_delete(
    provider: str, fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = sample_run(fakes, provider)
    before = len(fakes.apis[provider].requests)
    code, _, err = run(capsys, "rm", seeded.ref, "--yes")
    assert code == 1
    assert f"error: {provider} does not support delete" in err
    assert len(fakes.apis[provider].requests) == before  # refused before asking anything


def test_rm_without_permission_exits_4(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 6, "a.txt", b"a")
    fakes.buildkite.scopes.discard("write_artifacts")
    code, _, err = run(capsys, "rm", "buildkite:acme/web/6", "--yes")
    assert code == 4
    assert "0 deleted, 1 failed" in err


# --- exit codes ------------------------------------------------------------------------------
def test_nothing_matched_exits_5_unless_allowed(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 2, "a.txt", b"a")
    for command in (["ls"], ["download", "-D", str(tmp_path)], ["rm", "--yes"]):
        code, _, err = run(capsys, *command, "buildkite:acme/web/2", "-p", "*.xml")
        assert code == 5, command
        assert "no artifact matching *.xml in buildkite:acme/web/2" in err
        code, _, err = run(capsys, *command, "buildkite:acme/web/2", "-p", "*.xml", "--allow-empty")
        assert code == 0, command
        assert "error" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_token_exits_4(
    fakes: FakeProviders,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    seeded = sample_run(fakes, "buildkite")
    monkeypatch.setenv("BUILDKITE_API_TOKEN", "bkua_wrong")
    for command in (["ls", seeded.ref], ["download", seeded.ref, "-D", str(tmp_path)]):
        code, _, err = run(capsys, *command)
        assert code == 4, command
        assert "HTTP 401" in err


def test_partial_failure_exits_3(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 2, "good.txt", b"good")
    fakes.buildkite.add_artifact("acme", "web", 2, "bad.txt", b"bad", sha1sum="0" * 40)
    code, _, err = run(capsys, "download", "buildkite:acme/web/2", "-D", str(tmp_path))
    assert code == 3
    assert files_under(tmp_path) == {"good.txt": b"good"}
    assert "1 downloaded" in err
    assert "1 failed" in err


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for line in ("0    success", "3    partial", "4    authentication", "5    nothing matched"):
        assert line in out


# --- logs and python -m ----------------------------------------------------------------------
@pytest.mark.parametrize("switch", ["-v", "CIARTIFACTS_LOG=debug"])
def test_request_logs_show_every_request_redacted(switch: str, tmp_path: Path) -> None:
    # A limit that 204 requests fit in: the decorative default (50 a minute) would be waited out.
    options = {"buildkite": {"rate_limit": 1000}}
    with FakeProviders(signed_url_ttl=300, options=options) as fakes:
        for index in range(201):  # three pages of at most 100
            fakes.buildkite.add_artifact("acme", "web", 11, f"f{index}.txt", b"x")
        env = {**fakes.env(), "CIARTIFACTS_LOG": "debug" if switch != "-v" else ""}
        args = ["-v"] if switch == "-v" else []
        done = run_process(env, *args, "download", "buildkite:acme/web/11", "-D", str(tmp_path))
        assert done.returncode == 0, done.stderr
        log = done.stderr.decode()
        requests = [line for line in log.splitlines() if " GET " in line]
        api = [line for line in requests if "/v2/" in line]
        storage = [line for line in requests if "/objects/" in line]
        assert len(storage) == 201
        assert len(api) >= 3
        assert any("page=3" in line for line in api)  # page numbers stay readable
        assert all("-> 200 in " in line for line in storage)
        downloads = [line for line in api if line.split()[5].endswith("/download")]
        assert len(downloads) == 201
        assert all("-> 302 in " in line for line in downloads)
        assert all(line.split(" GET ")[1].split()[0].endswith("?[REDACTED]") for line in storage)
        assert fakes.buildkite.token not in log
        assert fakes.buildkite.link_credential not in log
        assert all(r.query_names for r in fakes.storage.requests)  # signed: the query is secret


def test_python_dash_m_runs_the_cli(fakes: FakeProviders, env: dict[str, str]) -> None:
    fakes.buildkite.add_artifact("acme", "web", 1, "a.txt", b"a")
    done = run_process(env, "ls", "buildkite:acme/web/1", "--json")
    assert done.returncode == 0
    assert [e["path"] for e in json.loads(done.stdout)] == ["a.txt"]
    done = run_process(env, "--version")
    assert done.stdout.startswith(b"ciartifacts ")


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    """`ciartifacts config show | head` and `completion bash | head` (commands that run
    without a client) stop quietly, like the others, when the reader has gone."""
    for args in (["config", "show"], ["completion", "bash"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "ciartifacts", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # gone before anything is written: every write fails
        error = process.stderr.read()
        assert process.wait(timeout=60) == 1, error
        assert b"Traceback" not in error, args


def test_a_dry_run_of_a_provider_without_sizes_says_so(
    fakes: FakeProviders, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeded = sample_run(fakes, "circleci")
    code, _, err = run(capsys, "download", seeded.ref, "-D", str(tmp_path), "--dry-run")
    assert code == 0
    assert f"dry run: {len(SAMPLE_FILES)} to download into {tmp_path} " in err
    assert f"({len(SAMPLE_FILES)} of unknown size)" in err
    assert fakes.storage.requests == []
