"""The CLI's download progress, on stderr: a live display on a terminal, a plain line now and
then elsewhere (CI logs), nothing with ``--quiet`` or ``--no-progress``.

The library only reports (:mod:`ciartifacts.progress`): :class:`Tally` is the callback it
reports to, plain counters bumped on the download's own threads; the display reads them on a
thread of its own (rich's refresh, or the plain ticker), so drawing never slows a transfer.
rich is imported only when a live display starts.
"""

from __future__ import annotations

import collections
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from ciartifacts.errors import ConfigurationError

if TYPE_CHECKING:
    from ciartifacts.downloads import DownloadResult
    from ciartifacts.model import Artifact

INTERVAL_VAR = "CIARTIFACTS_PROGRESS_INTERVAL"
"""Seconds between two plain progress lines when stderr is not a terminal (default 5)."""
DEFAULT_INTERVAL = 5.0
LIVE_REFRESHES_PER_SECOND = 8
# Speed is measured over the last few seconds: recent enough to follow a change, long enough
# not to jump with every burst.
SPEED_WINDOW = 10.0
_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


class Tally:
    """The callback the CLI hands to ``download_all`` (see :mod:`ciartifacts.progress`),
    across every run of a command (``--last N``): :meth:`next_run` before each."""

    def __init__(self) -> None:
        self.files_total = 0
        self.files_done = 0
        self.files_failed = 0
        self.bytes_done = 0
        self.last_path: str | None = None
        self._earlier_runs = 0  # the bytes expected of the runs before this one
        self._this_run = 0

    @property
    def bytes_total(self) -> int:
        return self._earlier_runs + self._this_run

    def next_run(self) -> Tally:
        self._earlier_runs += self._this_run
        self._this_run = 0
        return self

    def set_size(self, size: int) -> None:
        self._this_run = size

    def relative_update(self, inc: int = 1) -> None:
        self.bytes_done += inc

    def file_listed(self, artifact: Artifact) -> None:
        self.files_total += 1

    def file_done(self, result: DownloadResult) -> None:
        self.files_done += 1
        if result.error is not None:
            self.files_failed += 1
        self.last_path = result.artifact.path


class Speed:
    """Bytes per second over the last :data:`SPEED_WINDOW` seconds, from samples."""

    def __init__(self, now: float, done: int = 0) -> None:
        self._samples: collections.deque[tuple[float, int]] = collections.deque([(now, done)])

    def sample(self, now: float, done: int) -> float | None:
        """Record ``done`` bytes at ``now``; the speed, or None before any time has passed."""
        samples = self._samples
        samples.append((now, done))
        while len(samples) > 2 and now - samples[1][0] >= SPEED_WINDOW:
            samples.popleft()
        then, before = samples[0]
        if now - then <= 0:
            return None
        return max(done - before, 0) / (now - then)


def size_text(size: float, unit_of: float | None = None) -> str:
    """``size`` in binary units (``512 B``, ``3.1 MiB``), in the unit ``unit_of`` would take."""
    number, unit = _scaled(size, size if unit_of is None else unit_of)
    return f"{number} {unit}"


def _scaled(size: float, reference: float) -> tuple[str, str]:
    power = 0
    while reference >= 1024 and power < len(_UNITS) - 1:
        reference /= 1024
        power += 1
    if power == 0:
        return f"{size:.0f}", "B"
    return f"{size / 1024**power:.1f}", _UNITS[power]


def bytes_text(done: int, total: int) -> str:
    """``3.1/10.0 MiB`` (both in the total's unit), or ``3.1 MiB`` when no total is known."""
    if total <= 0:
        return size_text(done)
    number, unit = _scaled(done, max(done, total))
    return f"{number}/{_scaled(total, max(done, total))[0]} {unit}"


def duration_text(seconds: float) -> str:
    """``6s``, ``2m05s``, ``1h02m``."""
    whole = math.ceil(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def status_text(tally: Tally, speed: float | None) -> str:
    """``12/40 files, 3.1/10.0 MiB, 1.2 MiB/s, ETA 6s``: what is known so far."""
    files = f"{tally.files_done}/{tally.files_total} files"
    if tally.files_failed:
        files += f" ({tally.files_failed} failed)"
    parts = [files, bytes_text(tally.bytes_done, tally.bytes_total)]
    if speed is not None:
        parts.append(f"{size_text(speed)}/s")
        left = tally.bytes_total - tally.bytes_done
        if speed > 0 and tally.bytes_total > 0 and left >= 0:
            parts.append(f"ETA {duration_text(left / speed)}")
    return ", ".join(parts)


def progress_interval(environ: Mapping[str, str] = os.environ) -> float:
    text = environ.get(INTERVAL_VAR)
    if text is None:
        return DEFAULT_INTERVAL
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(
            f"{INTERVAL_VAR} must be a finite positive number of seconds, not {text!r}"
        )
    return value


@contextmanager
def download_progress(
    *, shown: bool, escape: Callable[[str], str], stream: TextIO | None = None
) -> Iterator[Tally | None]:
    """The callback for the command's downloads, drawn on ``stream`` (stderr) while they run:
    live if it is a terminal, else a plain line every :data:`INTERVAL_VAR` seconds. None when
    not ``shown``. ``escape`` makes server text (artifact paths) safe to print."""
    if not shown:
        yield None
        return
    stream = sys.stderr if stream is None else stream
    tally = Tally()
    live = stream.isatty() and os.environ.get("TERM", "") not in {"dumb", "unknown"}
    display = _Live(tally, stream, escape) if live else _Plain(tally, stream, progress_interval())
    display.start()
    try:
        yield tally
    finally:
        display.stop()


class _Plain:
    """A line every ``interval`` seconds, the first after one interval: a download that ends
    sooner prints none."""

    def __init__(self, tally: Tally, stream: TextIO, interval: float) -> None:
        self._tally = tally
        self._stream = stream
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ciartifacts-progress", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        speed = Speed(time.monotonic())
        while not self._stopped.wait(self._interval):
            rate = speed.sample(time.monotonic(), self._tally.bytes_done)
            try:
                print(status_text(self._tally, rate), file=self._stream, flush=True)
            except (OSError, ValueError):  # the reader went away, or stderr was closed
                return

    def stop(self) -> None:
        self._stopped.set()
        # Not forever: a write blocked on a reader that stopped reading must not hold the
        # command (the thread is a daemon).
        self._thread.join(timeout=1.0)


class _Live:
    """rich's live display: a bar, the status and the last file done, redrawn in place and
    cleared at the end (the command's summary line follows)."""

    def __init__(self, tally: Tally, stream: TextIO, escape: Callable[[str], str]) -> None:
        from rich.console import Console
        from rich.live import Live

        self._tally = tally
        self._escape = escape
        self._speed = Speed(time.monotonic())
        self._live = Live(
            console=Console(file=stream),
            get_renderable=self._render,
            refresh_per_second=LIVE_REFRESHES_PER_SECOND,
            transient=True,
            redirect_stdout=False,  # stdout may be --json for a program
        )

    def start(self) -> None:
        self._live.start()

    def stop(self) -> None:
        self._live.stop()

    def _render(self) -> Any:
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        tally = self._tally
        speed = self._speed.sample(time.monotonic(), tally.bytes_done)
        total = tally.bytes_total
        bar = ProgressBar(total=total or None, completed=tally.bytes_done, width=24)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        # Text, never markup: a path from a server could hold "[bold]" or worse.
        last = "" if tally.last_path is None else self._escape(tally.last_path)
        grid.add_row(bar, Text(status_text(tally, speed)), Text(last, style="dim"))
        return grid
