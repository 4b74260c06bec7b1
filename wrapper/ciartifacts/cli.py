"""The ``ciartifacts`` command: ``ls`` and ``download`` for any provider's run, run on
:class:`~ciartifacts.AsyncClient`.

A failure prints one line on stderr (provider, HTTP status, the provider's message and request
id) and exits non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ciartifacts.aio import AsyncClient
from ciartifacts.cli_progress import download_progress
from ciartifacts.client_core import MAX_RUNS, no_matching_run
from ciartifacts.downloads import DownloadReport, DownloadResult
from ciartifacts.errors import (
    CIArtifactsError,
    ConfigurationError,
    InvalidPatternError,
    InvalidRefError,
    redact_secrets,
)
from ciartifacts.model import Artifact
from ciartifacts.providers import provider_classes
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.transport import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT
from ciartifacts.version import __version__

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Threads, connections and file handles per run: more would only hurt.
MAX_CONCURRENCY = 256
_USER_INPUT_ERRORS = (InvalidRefError, InvalidPatternError, ConfigurationError)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return asyncio.run(_main(args))


async def _main(args: argparse.Namespace) -> int:
    """Run the command on :class:`AsyncClient`: one event loop, so Ctrl-C cancels every
    transfer at once, wherever it is, and the clean-up runs before the process exits."""
    interrupted = _cancel_on_ctrl_c()
    secrets: tuple[str, ...] = ()
    try:
        async with AsyncClient(
            timeout=args.timeout,
            low_speed_limit=args.speed_limit,
            low_speed_time=args.speed_time,
        ) as client:
            try:
                out = Output(sys.stdout, client.secrets, quiet=args.quiet)
                result: int = await args.run(client, args, out)
                return result
            finally:
                secrets = client.secrets()
    except CIArtifactsError as exc:
        if args.debug:
            _print_traceback(exc, secrets)
        else:
            _error(str(exc), secrets)
        return EXIT_USAGE if isinstance(exc, _USER_INPUT_ERRORS) else EXIT_FAILURE
    except asyncio.CancelledError:
        if not interrupted:
            raise
        print("ciartifacts: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`ciartifacts ls ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    finally:
        _stop_catching_ctrl_c(interrupted)


def _cancel_on_ctrl_c() -> list[bool]:
    """The first Ctrl-C cancels the command's task; later ones are ignored, so they cannot
    tear the clean-up apart (it takes well under a second). Returns the flag it sets."""
    interrupted: list[bool] = []
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def on_ctrl_c() -> None:
        if not interrupted and task is not None:
            interrupted.append(True)
            task.cancel()

    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, on_ctrl_c)
    return interrupted


def _stop_catching_ctrl_c(interrupted: list[bool]) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
        loop.remove_signal_handler(signal.SIGINT)
    if interrupted:
        # The process is on its way out: a late Ctrl-C must not turn into a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _error(text: str, secrets: Sequence[str]) -> None:
    print(f"ciartifacts: error: {shown(text, secrets, keep_newlines=True)}", file=sys.stderr)


def _print_traceback(exc: BaseException, secrets: Sequence[str]) -> None:
    """``--debug``: the traceback, escaped and with the tokens in use redacted like the rest."""
    text = "".join(traceback.format_exception(exc))
    print(shown(text.rstrip("\n"), secrets, keep_newlines=True), file=sys.stderr)


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Options accepted before and after the command; only the top level sets defaults, so a
    value given before the command is not reset by the subcommand's parser."""
    parser.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks on errors"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="print only errors (and --json output): no table, summary or progress",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=default,
        metavar="SECONDS",
        help=f"timeout of each connect and read (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--speed-limit",
        type=_positive_float,
        default=default,
        metavar="BYTES",
        help="fail a transfer slower than this many bytes per second over --speed-time "
        "(default 1024)",
    )
    parser.add_argument(
        "--speed-time",
        type=_positive_float,
        default=default,
        metavar="SECONDS",
        help="the window of --speed-limit (default 30)",
    )


def _description() -> str:
    providers = provider_classes()
    titles = [cls.title for cls in providers]
    tokens = [" or ".join(cls.environment.token_vars) for cls in providers]
    return f"List and download CI artifacts from {_and(titles)}. Tokens come from {_and(tokens)}."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    common.add_argument("ref", help="a run: buildkite:ORG/PIPELINE/BUILD, circleci:..., a web URL")
    common.add_argument(
        "-p",
        "--pattern",
        action="append",
        default=[],
        metavar="GLOB",
        help="only artifacts whose path matches (*, ?, **, {a,b}); repeat for several",
    )
    common.add_argument("--json", action="store_true", help="print a JSON array")
    common.add_argument(
        "--last",
        type=_run_count,
        metavar="N",
        help="the N newest runs a .../latest?... ref matches, each listed (or downloaded into "
        "DIR/<run id>/) in turn",
    )

    parser = argparse.ArgumentParser(
        prog="ciartifacts",
        description=_description(),
    )
    parser.add_argument("--version", action="version", version=f"ciartifacts {__version__}")
    _global_options(parser, None)
    parser.set_defaults(debug=False, timeout=DEFAULT_TIMEOUT, speed_limit=1024.0, speed_time=30.0)
    parser.set_defaults(quiet=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ls = commands.add_parser("ls", parents=[common], help="list a run's artifacts")
    ls.set_defaults(run=run_ls)

    download = commands.add_parser(
        "download", parents=[common], help="download a run's artifacts into a folder"
    )
    download.add_argument(
        "-D",
        "--dir",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="destination folder (default: the current folder)",
    )
    download.add_argument(
        "--no-extract",
        dest="extract",
        action="store_false",
        help="keep artifacts a provider serves as zips of the uploaded files (GitHub Actions) "
        "as NAME.zip instead of unpacking them into NAME/",
    )
    download.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"parallel downloads (default {DEFAULT_CONCURRENCY})",
    )
    download.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress display on stderr (by default: live on a terminal, else a line "
        "every few seconds)",
    )
    download.set_defaults(run=run_download)
    return parser


class Output:
    """Everything the CLI prints goes through here: control characters escaped, so server
    text cannot drive the terminal, and the tokens in use redacted, since servers echo them."""

    def __init__(
        self, stream: TextIO, secrets: Callable[[], Sequence[str]], *, quiet: bool = False
    ) -> None:
        self.stream = stream
        self._secrets = secrets
        self.quiet = quiet  # only errors, and the --json output that was asked for

    def cell(self, value: object) -> str:
        return shown("-" if value is None else str(value), self._secrets())

    def error(self, text: str) -> None:
        _error(text, self._secrets())

    def note(self, text: str) -> None:
        if not self.quiet:
            print(shown(text, self._secrets()), file=sys.stderr)

    def shown(self, text: str) -> str:
        return shown(text, self._secrets())

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if not self.quiet:
            _print_table(header, rows, self.stream)

    def json(self, value: Any) -> None:
        # JSON escapes control characters itself; only the tokens need removing.
        text = json.dumps(value, indent=2)
        self.stream.write(redact_secrets(text, self._secrets()) + "\n")


async def selected_runs(client: AsyncClient, args: argparse.Namespace, out: Output) -> list[Ref]:
    """The runs the command works on: the ref's own; the run a ``latest`` ref resolves to; or,
    with ``--last N``, the N newest it matches. Each resolution is said on stderr."""
    ref = parse_ref(args.ref)
    selection = ref.selection
    if args.last is not None and selection is None:
        raise ConfigurationError(
            f"--last needs a ref that selects runs (such as .../latest?branch=main); "
            f"{ref} names one run"
        )
    if selection is None:
        return [ref]
    if args.last is None:
        runs = [await client.resolve(ref)]
    else:
        runs = await client.runs(ref, args.last)
        if not runs:
            raise no_matching_run(ref)
    for run in runs:
        out.note(f"resolved {ref} -> {run}")
    return runs


async def run_ls(client: AsyncClient, args: argparse.Namespace, out: Output) -> int:
    runs = await selected_runs(client, args, out)
    artifacts = [
        artifact for run in runs async for artifact in client.list_artifacts(run, args.pattern)
    ]
    if args.json:
        out.json([artifact_json(a) for a in artifacts])
    else:
        several = args.last is not None
        header = (
            ("RUN", "PATH", "SIZE", "STATE", "CHECKSUM")
            if several
            else ("PATH", "SIZE", "STATE", "CHECKSUM")
        )
        rows = [
            (
                *([out.cell(a.ref.run_id)] if several else []),
                out.cell(a.path),
                out.cell(a.size),
                out.cell(a.raw_state or a.state.value),
                out.cell(a.checksum),
            )
            for a in artifacts
        ]
        out.table(header, rows)
        out.note(f"{len(artifacts)} artifacts" + (f" in {len(runs)} runs" if several else ""))
    return 0


async def run_download(client: AsyncClient, args: argparse.Namespace, out: Output) -> int:
    runs = await selected_runs(client, args, out)
    several = args.last is not None
    results: list[DownloadResult] = []
    drawn = args.progress and not out.quiet
    with download_progress(shown=drawn, escape=out.shown) as progress:
        for run in runs:
            # Runs side by side must not overwrite each other's files: one folder per run.
            destination = args.dir / run.run_id if several else args.dir
            report = await client.download_all(
                run,
                destination,
                args.pattern,
                concurrency=args.concurrency,
                raise_on_error=False,
                extract=args.extract,
                callback=None if progress is None else progress.next_run(),
            )
            results += report.results
    report = DownloadReport(tuple(results))
    if args.json:
        out.json([result_json(r) for r in report.results])
    else:
        header = ("RUN", "PATH", "SIZE", "RESULT") if several else ("PATH", "SIZE", "RESULT")
        rows = [
            (
                *([out.cell(r.artifact.ref.run_id)] if several else []),
                out.cell(r.artifact.path),
                out.cell(r.artifact.size),
                _outcome(r, out),
            )
            for r in report.results
        ]
        out.table(header, rows)
        out.note(_summary(report, args.dir))
    for failure in report.failed:
        out.error(str(failure.error))
    return 0 if report.ok else EXIT_FAILURE


def artifact_json(artifact: Artifact) -> dict[str, Any]:
    return {
        "provider": artifact.provider,
        "ref": str(artifact.ref),
        "path": artifact.path,
        "size": artifact.size,
        "state": artifact.state.value,
        "raw_state": artifact.raw_state,
        "checksum": None if artifact.checksum is None else str(artifact.checksum),
        "mime_type": artifact.mime_type,
        "created_at": _iso(artifact.created_at),
        "updated_at": _iso(artifact.updated_at),
    }


def result_json(result: DownloadResult) -> dict[str, Any]:
    entry = artifact_json(result.artifact)
    if result.file is not None:
        entry["file"] = str(result.file)
    if result.skipped is not None:
        entry["skipped"] = result.skipped
    if result.error is not None:
        entry["error"] = str(result.error)
    return entry


def _outcome(result: DownloadResult, out: Output) -> str:
    if result.file is not None:
        return out.cell(result.file)
    if result.skipped is not None:
        return out.cell(f"skipped: {result.skipped}")
    return "failed (see below)"


def printable(text: str) -> str:
    """Text from a server, safe for a terminal: control characters (escape sequences,
    newlines that would break the table) are shown escaped instead of acting."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shown(text: str, secrets: Sequence[str], *, keep_newlines: bool = False) -> str:
    """``text`` as the CLI prints it: tokens redacted, control characters escaped (line
    breaks kept for our own multi-line messages and tracebacks if asked)."""
    text = redact_secrets(text, secrets)
    if not keep_newlines:
        return printable(text)
    return "\n".join(printable(line) for line in text.split("\n"))


def _summary(report: DownloadReport, destination: Path) -> str:
    return (
        f"{len(report.downloaded)} downloaded into {destination}, "
        f"{len(report.skipped)} skipped, {len(report.failed)} failed"
    )


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip(), file=out)


def _size(size: int | None) -> str:
    return "-" if size is None else str(size)


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CONCURRENCY}, not {value}")
    return value


def _run_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_RUNS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RUNS}, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite positive number, not {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
