"""The CLI's progress display: live on a real pseudo-terminal, plain lines in a log, and
nothing with ``--quiet`` or ``--no-progress``; stdout stays clean for ``--json``."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from ciartifacts import Client
from ciartifacts.cli import main
from ciartifacts.cli_progress import INTERVAL_VAR
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import files_under

pytestmark = pytest.mark.e2e

RUN = "empirical:31"
SLOW = b"s" * 64 * 1024  # trickled: 16 chunks of 4 KiB, 0.1 s apart
QUICK = {f"logs/{index}.log": b"line\n" * (index + 1) * 50 for index in range(6)}
PLAIN_LINE = re.compile(
    r"^\d+/\d+ files(?: \(\d+ failed\))?, [\d.]+(?:/[\d.]+)? (?:B|KiB|MiB), "
    r"[\d.]+ (?:B|KiB|MiB)/s(?:, ETA \d+s)?$"
)


@pytest.fixture
def run_files(fakes: FakeProviders) -> dict[str, bytes]:
    """A run whose download takes about 1.6 s: one file trickles in while others arrive."""
    fakes.empirical.add_artifact(31, "slow.bin", SLOW)
    for path, content in QUICK.items():
        fakes.empirical.add_artifact(31, path, content)
    fakes.storage.trickle(_storage_url(fakes, "slow.bin"), chunk=4096, interval=0.1)
    return {"slow.bin": SLOW, **QUICK}


def _storage_url(fakes: FakeProviders, path: str) -> str:
    with Client(environ=fakes.env()) as client:
        (artifact,) = client.list_artifacts(RUN, [path])
    url: str = artifact.raw.url
    return url


@pytest.fixture
def env(fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    return fakes.env()


def run_on_pty(
    args: list[str], env: dict[str, str], cwd: Path, *, interrupt_on: bytes | None = None
) -> tuple[int, bytes, str]:
    """The CLI in a child process whose stderr is a pseudo-terminal (stdout a pipe): its exit
    status, what the terminal received, and stdout. ``interrupt_on``: send Ctrl-C's SIGINT
    once the terminal has shown this."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    child_env = {**os.environ, **env, "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        child_env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "ciartifacts.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=child_env,
        cwd=cwd,
    )
    os.close(slave)
    terminal = bytearray()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every writer closed the terminal
                    break
                if not data:
                    break
                terminal += data
                if interrupt_on is not None and interrupt_on in terminal:
                    process.send_signal(signal.SIGINT)
                    interrupt_on = None
            elif process.poll() is not None:
                break
        assert process.stdout is not None
        stdout = process.stdout.read().decode()
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return code, bytes(terminal), stdout


def test_live_display_on_a_terminal(
    fakes: FakeProviders, run_files: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, terminal, stdout = run_on_pty(
        ["download", RUN, "-D", str(out), "--concurrency", "2"], fakes.env(), tmp_path
    )
    text = terminal.decode(errors="replace")
    assert code == 0, text
    assert files_under(out) == run_files
    assert re.search(r"\d/7 files, [\d.]+/\d+\.\d KiB", text), text
    assert re.search(r"[\d.]+ (?:B|KiB)/s", text)
    assert "\x1b[?25l" in text  # the cursor hidden while drawing...
    assert "\x1b[?25h" in text  # ...and shown again
    assert "\x1b[1A" in text or "\x1b[2K" in text  # drawn again in place
    # The summary follows the display; the table went to stdout.
    assert "7 downloaded into" in text.rsplit("\x1b[?25h", 1)[1]
    assert "slow.bin" in stdout


def test_ctrl_c_clears_the_display_and_gives_the_cursor_back(
    fakes: FakeProviders, tmp_path: Path
) -> None:
    fakes.empirical.add_artifact(31, "slow.bin", SLOW)
    fakes.storage.trickle(_storage_url(fakes, "slow.bin"), chunk=1024, interval=0.1)  # 6 s
    out = tmp_path / "out"
    code, terminal, stdout = run_on_pty(
        ["download", RUN, "-D", str(out)], fakes.env(), tmp_path, interrupt_on=b" KiB/s"
    )
    text = terminal.decode(errors="replace")
    assert code == 130, text
    assert "0/1 files" in text
    after = text.rsplit("\x1b[?25h", 1)[1]  # what follows the cursor shown again
    assert "\x1b[2K" in after  # the display erased
    assert after.endswith("ciartifacts: interrupted\r\n")
    assert stdout == ""
    assert files_under(out) == {}


def test_json_stays_clean_on_stdout_while_a_terminal_shows_progress(
    fakes: FakeProviders, run_files: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, terminal, stdout = run_on_pty(
        ["download", RUN, "-D", str(out), "--json"], fakes.env(), tmp_path
    )
    assert code == 0
    assert "files" in terminal.decode(errors="replace")
    assert sorted(entry["path"] for entry in json.loads(stdout)) == sorted(run_files)


def test_plain_lines_when_stderr_is_not_a_terminal(
    run_files: dict[str, bytes],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(INTERVAL_VAR, "0.3")
    code = main(["download", RUN, "-D", str(tmp_path), "--json", "--concurrency", "2"])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.err.splitlines()
    progress = [line for line in lines if " files" in line]
    assert len(progress) >= 2, captured.err
    assert all(PLAIN_LINE.match(line) for line in progress), progress
    assert "\x1b" not in captured.err
    assert sorted(entry["path"] for entry in json.loads(captured.out)) == sorted(run_files)
    assert files_under(tmp_path) == run_files


def test_no_line_when_the_download_is_quicker_than_the_interval(
    fakes: FakeProviders,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    fakes.empirical.add_artifact(32, "a.txt", b"a")
    monkeypatch.setenv(INTERVAL_VAR, "30")
    assert main(["download", "empirical:32", "-D", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"1 downloaded into {tmp_path}, 0 unchanged, 0 skipped, 0 failed"
    ]


def test_no_progress_turns_the_display_off(
    run_files: dict[str, bytes],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(INTERVAL_VAR, "0.1")
    assert main(["download", RUN, "-D", str(tmp_path), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [f"7 downloaded into {tmp_path}, 0 unchanged, 0 skipped, 0 failed"]


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing_on_success(
    where: str,
    run_files: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(INTERVAL_VAR, "0.1")
    command = ["download", RUN, "-D", str(tmp_path)]
    assert main(["-q", *command] if where == "before" else [*command, "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert files_under(tmp_path) == run_files


def test_quiet_still_prints_json_and_errors(
    fakes: FakeProviders,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 33, "ok.txt", b"ok")
    fakes.buildkite.add_artifact("acme", "web", 33, "bad.txt", b"real", sha1sum="1" * 40)
    code = main(["download", "buildkite:acme/web/33", "-D", str(tmp_path), "-q", "--json"])
    captured = capsys.readouterr()
    assert code == 3  # partial: one failed, the other written
    assert sorted(entry["path"] for entry in json.loads(captured.out)) == ["bad.txt", "ok.txt"]
    (error,) = captured.err.splitlines()
    assert error.startswith("ciartifacts: error: ")
    assert "bad.txt" in error

    assert main(["ls", "buildkite:acme/web/33", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_bad_interval_is_a_usage_error(
    fakes: FakeProviders,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    fakes.empirical.add_artifact(34, "a.txt", b"a")
    monkeypatch.setenv(INTERVAL_VAR, "soon")
    assert main(["download", "empirical:34", "-D", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"ciartifacts: error: {INTERVAL_VAR} must be a finite positive number of seconds, "
        "not 'soon'\n"
    )
