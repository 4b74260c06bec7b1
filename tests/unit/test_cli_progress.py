"""The CLI's progress text: sizes, speeds, times left, the plain line, the live display's
escaping; and that neither the package nor the CLI module imports rich until it draws."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from ciartifacts import Artifact, DownloadResult, State
from ciartifacts.cli import shown
from ciartifacts.cli_progress import (
    INTERVAL_VAR,
    SPEED_WINDOW,
    Speed,
    Tally,
    _Live,
    bytes_text,
    duration_text,
    progress_interval,
    size_text,
    status_text,
)
from ciartifacts.errors import ConfigurationError
from ciartifacts.refs import parse_ref

MiB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (int(3.1 * MiB), "3.1 MiB"),
        (5 * 1024**3, "5.0 GiB"),
        (1024**6 * 3, "3072.0 PiB"),
    ],
)
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


def test_bytes_text_uses_the_larger_of_done_and_total() -> None:
    assert bytes_text(int(3.1 * MiB), 10 * MiB) == "3.1/10.0 MiB"
    assert bytes_text(512, 10 * MiB) == "0.0/10.0 MiB"
    assert bytes_text(700, 900) == "700/900 B"
    assert bytes_text(2 * MiB, 0) == "2.0 MiB"  # no total known (yet)
    assert bytes_text(2 * MiB, MiB) == "2.0/1.0 MiB"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (0.2, "1s"), (6, "6s"), (59.5, "1m00s"), (125, "2m05s"), (3720, "1h02m")],
)
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def _artifact(path: str) -> Artifact:
    return Artifact(
        provider="buildkite",
        ref=parse_ref("buildkite:acme/web/1"),
        path=path,
        size=1,
        mime_type=None,
        checksum=None,
        state=State.READY,
        raw_state=None,
    )


def test_status_text_is_the_plain_line() -> None:
    tally = Tally()
    for index in range(40):
        tally.file_listed(_artifact(f"f{index}"))
    for index in range(12):
        tally.file_done(DownloadResult(_artifact(f"f{index}"), file=Path(f"f{index}")))
    tally.set_size(10 * MiB)
    tally.relative_update(int(3.1 * MiB))
    speed = 1.2 * MiB
    assert status_text(tally, speed) == "12/40 files, 3.1/10.0 MiB, 1.2 MiB/s, ETA 6s"
    assert status_text(tally, None) == "12/40 files, 3.1/10.0 MiB"
    assert status_text(tally, 0.0) == "12/40 files, 3.1/10.0 MiB, 0 B/s"
    error = ConfigurationError("x")
    tally.file_done(DownloadResult(_artifact("f12"), error=error))
    assert status_text(tally, None) == "13/40 files (1 failed), 3.1/10.0 MiB"


def test_tally_adds_up_the_runs_of_a_command() -> None:
    tally = Tally()
    first = tally.next_run()
    first.set_size(100)
    first.set_size(300)  # the listing grew
    first.relative_update(300)
    second = tally.next_run()
    second.set_size(50)
    second.relative_update(20)
    assert (tally.bytes_total, tally.bytes_done) == (350, 320)


def test_speed_is_measured_over_a_recent_window() -> None:
    speed = Speed(now=100.0)
    assert speed.sample(100.0, 0) is None
    assert speed.sample(102.0, 2000) == 1000
    assert speed.sample(104.0, 4000) == 1000
    # Long after, a stall shows: only the last window counts.
    stalled = 104.0 + 2 * SPEED_WINDOW
    assert speed.sample(stalled, 4000) == 0
    for second in range(1, 2 * int(SPEED_WINDOW)):
        resumed = speed.sample(stalled + second, 4000 + 500 * second)
    assert resumed == 500


def test_progress_interval_from_the_environment() -> None:
    assert progress_interval({}) == 5.0
    assert progress_interval({INTERVAL_VAR: "0.25"}) == 0.25
    for bad in ("0", "-1", "nan", "inf", "soon", ""):
        with pytest.raises(ConfigurationError, match=INTERVAL_VAR):
            progress_interval({INTERVAL_VAR: bad})


def test_live_display_escapes_server_text_and_redacts_tokens() -> None:
    from rich.console import Console

    tally = Tally()
    tally.file_listed(_artifact("x"))
    hostile = "a\x1b]0;pwned\x07[bold red]b[/] tok-SECRET.txt"
    tally.file_done(DownloadResult(_artifact(hostile), file=Path("x")))
    live = _Live(tally, io.StringIO(), lambda text: shown(text, ["tok-SECRET"]))
    screen = io.StringIO()
    Console(file=screen, width=200, force_terminal=True).print(live._render())
    text = screen.getvalue()
    assert "\x1b]0;pwned" not in text
    assert "a\\x1b]0;pwned\\x07[bold red]b[/] [REDACTED].txt" in text
    assert "tok-SECRET" not in text
    assert "1/1 files" in text


def test_importing_the_package_or_the_cli_does_not_import_the_display() -> None:
    # httpx itself imports rich when click and pygments are installed too (its own CLI):
    # only what ciartifacts adds counts.
    code = (
        "import sys, httpx; before = set(sys.modules); import ciartifacts, ciartifacts.cli; "
        "print(sorted(m for m in ('rich', 'fsspec', 'tqdm') if m in sys.modules and "
        "m not in before))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
