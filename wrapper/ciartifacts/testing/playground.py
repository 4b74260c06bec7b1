"""Try ciartifacts without an account: every provider's fake on loopback, with sample runs.

``ciartifacts fakes serve`` (or ``python -m ciartifacts.testing``, which takes the same options)
starts :class:`~ciartifacts.testing.FakeProviders`, seeds each fake with a small run (a JUnit
report, a build log, a binary; a zip of several files where the provider serves those) and,
where the provider's refs can select runs, a history of five runs to try ``latest`` on, prints
the environment that points ciartifacts at the fakes as ``export`` lines on stdout, the refs to
try on stderr, and serves until interrupted (Ctrl-C or SIGTERM: exit status 0)::

    ciartifacts fakes serve --env-file fakes.env &   # the file appears once the fakes are up
    eval "$(ciartifacts fakes serve --background)"   # as ssh-agent: a process of its own

``--json`` prints one object instead (``env``, ``runs`` with each listed artifact and each
written file's size and sha256, ``selections``, ``pid``), for tests written in other languages.
The tokens printed are the fakes' own, made up at start: they open nothing else.
"""

import hashlib
import json
import os
import shlex
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ciartifacts.testing.bundle import FakeProviders

__all__ = ["ARCHIVE", "SAMPLE_FILES", "Playground", "seed", "serve"]

JUNIT = b"""<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1" time="0.42">
  <testsuite name="tests.test_app" tests="3" failures="1" time="0.42">
    <testcase classname="tests.test_app" name="test_start" time="0.01"/>
    <testcase classname="tests.test_app" name="test_download[large]" time="0.40"/>
    <testcase classname="tests.test_app" name="test_resume" time="0.01">
      <failure message="assert 206 == 200">expected the whole file</failure>
    </testcase>
  </testsuite>
</testsuites>
"""

SAMPLE_FILES: dict[str, bytes] = {
    "reports/junit.xml": JUNIT,
    "logs/build.log": b"".join(b"[%03d] step %d: ok\n" % (i, i % 7) for i in range(200)),
    "dist/app.bin": bytes(range(256)) * 16,
}
"""What every sample run holds."""

ARCHIVE: tuple[str, dict[str, bytes]] = (
    "test-results",
    {"junit.xml": JUNIT, "coverage/summary.txt": b"lines: 87.5%\nbranches: 71.0%\n"},
)
"""The artifact of several files, added where the provider zips uploads (GitHub Actions)."""

SELECTIONS = ("green on main", "newest")
"""Which selections of each sample history to show."""

POLL_SECONDS = 0.1
PID_VAR = "CIARTIFACTS_FAKES_PID"


class PlaygroundError(Exception):
    """The playground could not start; the message says why (no traceback needed)."""


@dataclass
class SampleEntry:
    provider: str
    ref: str
    artifacts: list[str]
    """Each artifact's path as ``ls`` lists it."""
    files: dict[str, bytes]
    """Each file ``download`` writes (POSIX path below its folder) and its bytes."""


@dataclass
class SelectionEntry:
    provider: str
    ref: str
    runs: list[str]
    """The concrete runs it matches, newest first (``ls`` takes the first)."""


@dataclass
class Playground:
    env: dict[str, str]
    runs: list[SampleEntry] = field(default_factory=list)
    selections: list[SelectionEntry] = field(default_factory=list)

    def export_lines(self) -> str:
        return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in self.env.items())

    def document(self) -> dict[str, Any]:
        """The ``--json`` object."""
        return {
            "env": self.env,
            "pid": os.getpid(),
            "runs": [
                {
                    "provider": run.provider,
                    "ref": run.ref,
                    "artifacts": run.artifacts,
                    "files": {
                        path: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                        for path, data in run.files.items()
                    },
                }
                for run in self.runs
            ],
            "selections": [
                {"provider": s.provider, "ref": s.ref, "runs": s.runs} for s in self.selections
            ],
        }

    def guide(self) -> str:
        """What to try, for people (stderr)."""
        lines = ["Sample runs to try:"]
        lines += [f"  ciartifacts ls {shlex.quote(run.ref)}" for run in self.runs]
        first = self.runs[0].ref if self.runs else "REF"
        lines.append(f"  ciartifacts download {shlex.quote(first)} -D out")
        if self.selections:
            lines.append("Runs to select from (latest, --last N):")
            lines += [f"  ciartifacts ls {shlex.quote(s.ref)}" for s in self.selections]
        return "\n".join(lines) + "\n"


def seed(fakes: FakeProviders) -> Playground:
    """Give every fake of ``fakes`` its sample runs; say what is there."""
    playground = Playground(dict(fakes.env()))
    for name, api in fakes.apis.items():
        for kind in api.sample_kinds:
            run = api.sample_run(kind)
            for path, content in SAMPLE_FILES.items():
                run.add(path, content)
            if run.takes_archives:
                run.add_archive(*ARCHIVE)
            playground.runs.append(SampleEntry(name, run.ref, sorted(run.files), run.written))
        try:
            history = api.sample_history()
        except NotImplementedError:  # the provider's refs cannot select runs
            continue
        for label in SELECTIONS:
            ref, runs = history.selections[label]
            playground.selections.append(SelectionEntry(name, ref, runs))
    return playground


def serve(
    *,
    env_file: Path | None = None,
    json_output: bool = False,
    background: bool = False,
    stop_after: float | None = None,
) -> int:
    """Run the playground until SIGINT or SIGTERM (or ``stop_after`` seconds); the exit status.

    ``background``: fork a process that serves (in a session of its own, its standard streams
    closed), print once it is up, and return at once, as ``eval "$(...)"`` needs.
    """
    if background:
        return _serve_in_background(env_file, json_output, stop_after)

    def announce(playground: Playground) -> None:
        _print(playground, json_output)
        sys.stderr.write(playground.guide() + "serving; Ctrl-C to stop\n")
        sys.stderr.flush()

    try:
        return _run(env_file, stop_after, announce)
    except PlaygroundError as exc:
        print(f"ciartifacts: error: {exc}", file=sys.stderr)
        return 1


def _print(playground: Playground, json_output: bool) -> None:
    if json_output:
        sys.stdout.write(json.dumps(playground.document(), indent=2) + "\n")
    else:
        sys.stdout.write(playground.export_lines())
    sys.stdout.flush()


def _run(
    env_file: Path | None,
    stop_after: float | None,
    announce: Callable[[Playground], None],
    extra_env: Callable[[], dict[str, str]] = dict,
) -> int:
    with _stop_signals() as stopping, FakeProviders() as fakes:
        playground = seed(fakes)
        playground.env.update(extra_env())
        try:
            if env_file is not None:
                try:
                    _write_atomically(env_file, playground.export_lines())
                except OSError as exc:
                    raise PlaygroundError(
                        f"cannot write {env_file}: {exc.strerror or exc}"
                    ) from None
            announce(playground)
            deadline = None if stop_after is None else time.monotonic() + stop_after
            while not stopping and (deadline is None or time.monotonic() < deadline):
                time.sleep(POLL_SECONDS)
        finally:
            # It names servers that are gone: a script waiting for the file must not find it.
            if env_file is not None:
                with suppress(FileNotFoundError):
                    env_file.unlink()
    return 0


@contextmanager
def _stop_signals() -> Iterator[list[int]]:
    """SIGINT and SIGTERM append to the list instead of interrupting: the fakes then stop
    in order, whatever was running. (Only appends: a handler that took a lock could
    deadlock against the code it interrupted.)"""
    stopping: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopping
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {signum: signal.signal(signum, handler) for signum in _STOP_SIGNALS}
    try:
        yield stopping
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _serve_in_background(env_file: Path | None, json_output: bool, stop_after: float | None) -> int:
    if not hasattr(os, "fork"):
        print(
            "ciartifacts: error: --background needs fork(), which this platform lacks; "
            "use --env-file FILE in a process of its own",
            file=sys.stderr,
        )
        return 2
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the server: it tells the waiting parent what to print, through the pipe
        os.close(read_end)
        os._exit(_background_child(write_end, env_file, stop_after))
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read()
    try:
        said: dict[str, Any] = json.loads(message)
    except ValueError:
        said = {"error": "the fakes' process ended before they were up"}
    if "error" in said:
        os.waitpid(pid, 0)
        print(f"ciartifacts: error: {said['error']}", file=sys.stderr)
        return 1
    sys.stdout.write(said["json"] if json_output else said["exports"])
    sys.stdout.flush()
    sys.stderr.write(
        said["guide"] + f"serving in the background (pid {pid}); stop with: kill {pid}\n"
    )
    return 0


def _background_child(pipe: int, env_file: Path | None, stop_after: float | None) -> int:
    sent = False

    def send(said: dict[str, str]) -> None:
        nonlocal sent
        with os.fdopen(pipe, "wb") as handle:
            handle.write(json.dumps(said).encode())
        sent = True

    def announce(playground: Playground) -> None:
        exports = playground.export_lines()
        document = json.dumps(playground.document(), indent=2) + "\n"
        send({"exports": exports, "json": document, "guide": playground.guide()})

    try:
        os.setsid()  # no controlling terminal: its Ctrl-C and hang-up are not for us
        devnull = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):  # so that "$(...)" sees the end of our output
            os.dup2(devnull, stream)
        return _run(env_file, stop_after, announce, lambda: {PID_VAR: str(os.getpid())})
    except BaseException as exc:
        if not sent:
            text = str(exc) if isinstance(exc, PlaygroundError) else f"{type(exc).__name__}: {exc}"
            with suppress(OSError):
                send({"error": text})
        return 1
