"""``ciartifacts fakes serve`` / ``python -m ciartifacts.testing``: the fakes as a playground,
driven as a person (or another language's test suite) would, in processes of their own."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ciartifacts.providers import PROVIDERS
from ciartifacts.testing import FakeProviders
from ciartifacts.testing.playground import ARCHIVE, SAMPLE_FILES, seed

pytestmark = pytest.mark.e2e

START_SECONDS = 60
STOP_SECONDS = 15
CLI = [sys.executable, "-m", "ciartifacts.cli"]


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the fakes did not come up"
        time.sleep(0.05)


def read_exports(path: Path) -> dict[str, str]:
    """The variables an ``export NAME=VALUE`` file sets, read by a real shell."""
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f". {shlex.quote(str(path))} && env -0"],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        check=True,
        timeout=30,
    )
    pairs = (entry.split("=", 1) for entry in result.stdout.decode().split("\0") if entry)
    return {name: value for name, value in pairs if name not in ("PATH", "PWD", "SHLVL", "_")}


def read_json_object(stream: Any) -> dict[str, Any]:
    """The first JSON object of a stream that stays open (the server goes on serving)."""
    lines = []
    for line in stream:
        lines.append(line)
        if line == "}\n":
            break
    document: dict[str, Any] = json.loads("".join(lines))
    return document


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """``python -m ciartifacts.testing --env-file ... --json``, stopped (SIGKILL) if a test
    left it running."""
    env_file = tmp_path / "fakes.env"
    process = subprocess.Popen(
        [sys.executable, "-m", "ciartifacts.testing", "--env-file", str(env_file), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process, env_file
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=STOP_SECONDS)


def test_every_sample_run_downloads_as_announced_then_ctrl_c_stops_it(
    playground: tuple[subprocess.Popen[str], Path], tmp_path: Path
) -> None:
    process, env_file = playground
    wait_for(env_file, process)
    assert process.stdout is not None
    announced = read_json_object(process.stdout)
    env = read_exports(env_file)
    assert env == announced["env"]
    assert announced["pid"] == process.pid
    assert {run["provider"] for run in announced["runs"]} == set(PROVIDERS)

    for index, run in enumerate(announced["runs"]):
        folder = tmp_path / f"run-{index}"
        result = cli(env, "download", run["ref"], "-D", str(folder), "--json")
        assert result.returncode == 0, result.stderr
        assert sorted(entry["path"] for entry in json.loads(result.stdout)) == run["artifacts"]
        written = {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*")
            if path.is_file()
        }
        assert {
            path: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in written.items()
        } == run["files"]
        assert set(SAMPLE_FILES) <= set(written)
    archives = [run for run in announced["runs"] if ARCHIVE[0] in run["artifacts"]]
    assert archives, "no provider's sample run has a zip of several files"
    for run in archives:
        assert {f"{ARCHIVE[0]}/{member}" for member in ARCHIVE[1]} <= set(run["files"])

    providers_with_history = {s["provider"] for s in announced["selections"]}
    assert providers_with_history  # Buildkite, CircleCI and GitHub select runs
    for selection in announced["selections"][::2]:
        result = cli(env, "ls", selection["ref"], "--json")
        assert result.returncode == 0, result.stderr
        assert {entry["ref"] for entry in json.loads(result.stdout)} == {selection["runs"][0]}

    process.send_signal(signal.SIGINT)
    assert process.wait(STOP_SECONDS) == 0
    _, err = process.communicate()
    assert "serving; Ctrl-C to stop" in err
    assert "Traceback" not in err
    assert not env_file.exists(), "the env file outlived the fakes"
    assert not list(tmp_path.glob(".fakes.env.*")), "a temporary file was left"


def test_sigterm_stops_it_cleanly_and_stderr_says_what_to_try(tmp_path: Path) -> None:
    env_file = tmp_path / "fakes.env"
    process = subprocess.Popen(
        [*CLI, "fakes", "serve", "--env-file", str(env_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(env_file, process)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=STOP_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    # stdout holds the export lines only (as the env file does); stderr what to try.
    assert len(out.splitlines()) == 2 * len(PROVIDERS)
    assert all(line.startswith("export ") for line in out.splitlines())
    assert "ciartifacts ls buildkite:acme/sample-1/1\n" in err
    assert "latest?branch=main" in err
    assert not env_file.exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--background forks")
def test_the_readme_quickstart_eval_background_then_kill(tmp_path: Path) -> None:
    """``eval "$(ciartifacts fakes serve --background)"`` returns at once; the commands work;
    ``kill "$CIARTIFACTS_FAKES_PID"`` stops the server, which removes its env file."""
    script = shutil.which("ciartifacts")
    assert script is not None
    env_file = tmp_path / "fakes.env"
    serve = f"{shlex.quote(script)} fakes serve --background --stop-after 120 --env-file {env_file}"
    shell = f"""
        set -e
        eval "$({serve})"
        echo "pid=$CIARTIFACTS_FAKES_PID"
        {shlex.quote(script)} ls buildkite:acme/sample-1/1 --json > ls.json
        {shlex.quote(script)} download github:acme/sample-1/12000000001 -D out
        kill "$CIARTIFACTS_FAKES_PID"
    """
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", shell],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    pid = int(result.stdout.split("pid=")[1].split()[0])
    assert "serving in the background" in result.stderr
    listed = json.loads((tmp_path / "ls.json").read_text())
    assert sorted(entry["path"] for entry in listed) == sorted(SAMPLE_FILES)
    assert (tmp_path / "out" / ARCHIVE[0] / "junit.xml").read_bytes() == ARCHIVE[1]["junit.xml"]
    deadline = time.monotonic() + STOP_SECONDS
    while not _gone(pid) or env_file.exists():
        assert time.monotonic() < deadline, "the background server did not stop"
        time.sleep(0.05)


def _gone(pid: int) -> bool:
    """Whether the process has exited (a zombie counts: init reaps it, not us)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, IndexError):
        return True


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--background forks")
def test_background_json_and_stop_after(tmp_path: Path) -> None:
    result = cli({}, "fakes", "serve", "--background", "--json", "--stop-after", "2")
    assert result.returncode == 0, result.stderr
    announced = json.loads(result.stdout)
    assert announced["env"]["CIARTIFACTS_FAKES_PID"] == str(announced["pid"])
    ls = cli(announced["env"], "ls", announced["runs"][0]["ref"])
    assert ls.returncode == 0, ls.stderr
    deadline = time.monotonic() + 2 + STOP_SECONDS
    while not _gone(announced["pid"]):
        assert time.monotonic() < deadline, "--stop-after did not stop it"
        time.sleep(0.1)


@pytest.mark.parametrize(
    "background",
    [False, pytest.param(True, marks=pytest.mark.skipif(not hasattr(os, "fork"), reason="forks"))],
)
def test_an_env_file_that_cannot_be_written_is_one_line(tmp_path: Path, background: bool) -> None:
    target = tmp_path / "missing" / "fakes.env"
    options = ["--background"] if background else []
    result = cli({}, "fakes", "serve", *options, "--env-file", str(target), "--stop-after", "30")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        f"ciartifacts: error: cannot write {target}: No such file or directory\n"
    )
    assert "Traceback" not in result.stderr


def test_seed_gives_every_kind_of_run_its_files_and_archives_only_where_supported() -> None:
    with FakeProviders() as fakes:
        playground = seed(fakes)
        kinds = sum(len(api.sample_kinds) for api in fakes.apis.values())
        assert len(playground.runs) == kinds
        for run in playground.runs:
            for path, content in SAMPLE_FILES.items():
                assert run.files[path] == content
        for api in fakes.apis.values():
            sample = api.sample_run()
            if not sample.takes_archives:
                with pytest.raises(ValueError, match="no archives"):
                    sample.add_archive("x", {"a": b"a"})
        assert not fakes.internal_errors
