"""The ``ciartifacts`` command: ``ls`` and ``download`` for any provider's run, run on
:class:`~ciartifacts.AsyncClient`.

A failure prints one line on stderr (provider, HTTP status, the provider's message and request
id) and exits non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ciartifacts.aio import AsyncClient
from ciartifacts.cli_progress import download_progress, size_text
from ciartifacts.client_core import MAX_RUNS, check_downloadable, no_matching_run
from ciartifacts.downloads import DownloadReport, DownloadResult
from ciartifacts.errors import (
    AuthenticationError,
    CIArtifactsError,
    ConfigurationError,
    InvalidPatternError,
    InvalidRefError,
    NoMatchingRunError,
    PermissionDeniedError,
    UnsupportedOperationError,
    redact_secrets,
)
from ciartifacts.logs import enable as enable_logging
from ciartifacts.model import Artifact
from ciartifacts.providers import provider_class, provider_classes
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.transport import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, MAX_CONCURRENCY
from ciartifacts.version import __version__

# The same for every command (README, "Exit codes").
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_AUTH = 4
EXIT_EMPTY = 5
EXIT_INTERRUPTED = 130
# cat holds up to this much in memory while verifying; more goes to a temporary file.
CAT_IN_MEMORY = 16 * 1024 * 1024
_USER_INPUT_ERRORS = (InvalidRefError, InvalidPatternError, ConfigurationError)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        enable_logging("debug")
    try:
        if args.standalone is not None:
            # Commands that need no client (config, completion, fakes) run outside the loop.
            code: int = args.standalone(args)
            return code
        _apply_config(args)
    except CIArtifactsError as exc:
        if args.debug:
            _print_traceback(exc, ())
        else:
            _error(str(exc), ())
        return exit_code(exc, args)
    except BrokenPipeError:
        return _reader_gone()
    return asyncio.run(_main(args))


def script(argv: Sequence[str] | None = None) -> int:
    """The ``ciartifacts`` command as installed (and ``python -m ciartifacts``): :func:`main`,
    then a quick exit."""
    code = main(argv)
    # The interpreter's finalization runs full garbage collections over every object still
    # alive; after a bulk download that took 0.1-0.2 s, longer than many a whole listing
    # (nox -s bench, P1). Frozen objects are skipped by those collections and still freed.
    gc.freeze()
    return code


def _reader_gone() -> int:
    """The reader went away (``ciartifacts ls ... | head``): stop quietly, as Unix tools do
    (stdout pointed at /dev/null, so the interpreter's own final flush cannot fail)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_FAILURE


def _apply_config(args: argparse.Namespace) -> None:
    """The configuration file under the environment (its base URLs and tokens), and its
    defaults where the command line gave no value: ``ciartifacts.config`` resolves both."""
    from ciartifacts.config import load_config

    config = load_config()
    args.environ = config.environ()
    args.timeout = config.default("timeout", argument=args.timeout).value
    if "concurrency" in vars(args):
        args.concurrency = config.default("concurrency", argument=args.concurrency).value


async def _main(args: argparse.Namespace) -> int:
    """Run the command on :class:`AsyncClient`: one event loop, so Ctrl-C cancels every
    transfer at once, wherever it is, and the clean-up runs before the process exits."""
    interrupted = _cancel_on_ctrl_c()
    secrets: tuple[str, ...] = ()
    try:
        async with AsyncClient(
            environ=args.environ,
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
        code = exit_code(exc, args)
        if args.debug:
            _print_traceback(exc, secrets)
        elif code == EXIT_OK:  # nothing matched, and --allow-empty said that is fine
            print(f"ciartifacts: {shown(str(exc), secrets)}", file=sys.stderr)
            if getattr(args, "json", False):
                print("[]")
        else:
            _error(str(exc), secrets)
        return code
    except asyncio.CancelledError:
        if not interrupted:
            raise
        print("ciartifacts: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_gone()
    finally:
        _stop_catching_ctrl_c(interrupted)


def exit_code(exc: CIArtifactsError, args: argparse.Namespace) -> int:
    if isinstance(exc, _USER_INPUT_ERRORS):
        return EXIT_USAGE
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return EXIT_AUTH
    if isinstance(exc, NoMatchingRunError):
        return EXIT_OK if getattr(args, "allow_empty", False) else EXIT_EMPTY
    return EXIT_FAILURE


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
        "-v",
        "--verbose",
        action="count",
        default=default,
        help="log each HTTP request on stderr, redacted (as CIARTIFACTS_LOG=debug does)",
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
        help=f"timeout of each connect and read (default {DEFAULT_TIMEOUT:g}, or the config "
        "file's)",
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


class _TopParser(argparse.ArgumentParser):
    """Names the providers only when its help is shown: that takes importing every provider,
    which no other command needs before it starts."""

    def format_help(self) -> str:
        if self.description is None:
            self.description = _description()
        return super().format_help()


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    common.add_argument("ref", help="a run: buildkite:ORG/PIPELINE/BUILD, circleci:..., a web URL")
    selecting = argparse.ArgumentParser(add_help=False)
    selecting.add_argument(
        "-p",
        "--pattern",
        action="append",
        default=[],
        metavar="GLOB",
        help="only artifacts whose path matches (*, ?, **, {a,b}); repeat for several",
    )
    selecting.add_argument("--json", action="store_true", help="print a JSON array")
    selecting.add_argument(
        "--last",
        type=_run_count,
        metavar="N",
        help="the N newest runs a .../latest?... ref matches, each listed (or downloaded into "
        "DIR/<run id>/) in turn",
    )
    selecting.add_argument(
        "--allow-empty",
        action="store_true",
        help=f"exit 0, not {EXIT_EMPTY}, when no run or artifact matches",
    )

    parser = _TopParser(
        prog="ciartifacts",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ciartifacts {__version__}")
    _global_options(parser, None)
    # timeout (and download's concurrency) None: the config file or the built-in default.
    parser.set_defaults(
        debug=False,
        verbose=0,
        timeout=None,
        speed_limit=1024.0,
        speed_time=30.0,
        standalone=None,
        environ=None,
    )
    parser.set_defaults(quiet=False)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=argparse.ArgumentParser
    )

    ls = commands.add_parser("ls", parents=[common, selecting], help="list a run's artifacts")
    ls.set_defaults(run=run_ls)

    download = commands.add_parser(
        "download", parents=[common, selecting], help="download a run's artifacts into a folder"
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
        default=None,
        metavar="N",
        help=f"parallel downloads (default {DEFAULT_CONCURRENCY}, or the config file's)",
    )
    download.add_argument(
        "--force",
        action="store_true",
        help="download even the files already there that hold the artifact (by checksum, "
        "else by size or the download record); by default they are left as they are and "
        "reported unchanged",
    )
    download.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="say what would be downloaded, left unchanged or skipped, and the bytes to fetch; "
        "write nothing and ask storage nothing",
    )
    download.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress display on stderr (by default: live on a terminal, else a line "
        "every few seconds)",
    )
    download.set_defaults(run=run_download)

    cat = commands.add_parser(
        "cat",
        parents=[common],
        help="write one artifact's bytes to stdout, verified",
        description="Write the artifact at PATH to stdout, once its size and checksum are "
        "verified (nothing is written if they do not match).",
    )
    cat.add_argument("path", metavar="PATH", help="the artifact's path, exactly as listed")
    cat.set_defaults(run=run_cat)

    rm = commands.add_parser(
        "rm",
        parents=[common, selecting],
        help="delete a run's matching artifacts (where the provider allows it)",
        description="Delete the matching artifacts of a run, after listing them and asking "
        "(unless --yes). Refused at once where the provider does not support deleting.",
    )
    rm.add_argument("-y", "--yes", action="store_true", help="do not ask before deleting")
    rm.set_defaults(run=run_rm)
    _add_config_commands(commands)
    _add_fakes_commands(commands)
    _add_completion_command(commands)
    return parser


EXIT_CODES_HELP = f"""exit codes (every command):
  {EXIT_OK}    success
  {EXIT_FAILURE}    error
  {EXIT_USAGE}    usage: a mistake in the command line, a ref or a pattern
  {EXIT_PARTIAL}    partial: some artifacts failed, the others were written (or deleted)
  {EXIT_AUTH}    authentication or permission refused by the provider
  {EXIT_EMPTY}    nothing matched: no run, or no artifact (--allow-empty makes it {EXIT_OK})
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)"""


def _add_config_commands(commands: Any) -> None:
    from ciartifacts import cli_config

    config = commands.add_parser(
        "config", help="the configuration file: its path, and the settings in effect"
    )
    subcommands = config.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    show = subcommands.add_parser(
        "show",
        help="print every setting in effect and where it comes from (argument, environment, "
        "config file or default), tokens masked",
    )
    _global_options(show, argparse.SUPPRESS)
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(standalone=cli_config.run_show)
    path = subcommands.add_parser(
        "path", help="print the configuration file's path (whether or not it exists)"
    )
    path.set_defaults(standalone=cli_config.run_path)


def _add_fakes_commands(commands: Any) -> None:
    fakes = commands.add_parser(
        "fakes", help="every provider's fake API on loopback, to try ciartifacts without an account"
    )
    subcommands = fakes.add_subparsers(dest="fakes_command", required=True, metavar="COMMAND")
    serve = subcommands.add_parser(
        "serve",
        help="start the fakes with sample runs, print the environment that points ciartifacts "
        "at them (export lines), and serve until interrupted",
    )
    serve.add_argument(
        "--env-file",
        type=Path,
        metavar="FILE",
        help="also write the export lines to FILE once the fakes are up (removed when they stop)",
    )
    serve.add_argument(
        "--json",
        action="store_true",
        help="print the environment and the sample runs as one JSON object instead",
    )
    serve.add_argument(
        "--background",
        action="store_true",
        help='serve from a background process, for eval "$(ciartifacts fakes serve '
        '--background)"; stop it with kill "$CIARTIFACTS_FAKES_PID"',
    )
    serve.add_argument(
        "--stop-after",
        type=_positive_float,
        metavar="SECONDS",
        help="stop serving after this long (default: until interrupted)",
    )
    serve.set_defaults(standalone=_run_fakes_serve)


def _run_fakes_serve(args: argparse.Namespace) -> int:
    from ciartifacts.testing.playground import serve

    return serve(
        env_file=args.env_file,
        json_output=args.json,
        background=args.background,
        stop_after=args.stop_after,
    )


def _add_completion_command(commands: Any) -> None:
    from ciartifacts.completion import SHELLS

    completion = commands.add_parser(
        "completion", help="print the shell completion script of bash, zsh or fish"
    )
    completion.add_argument("shell", choices=list(SHELLS), help="the shell")
    completion.set_defaults(standalone=_run_completion)


def _run_completion(args: argparse.Namespace) -> int:
    from ciartifacts.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


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
    last = getattr(args, "last", None)
    if last is not None and selection is None:
        raise ConfigurationError(
            f"--last needs a ref that selects runs (such as .../latest?branch=main); "
            f"{ref} names one run"
        )
    if selection is None:
        return [ref]
    if last is None:
        runs = [await client.resolve(ref)]
    else:
        runs = await client.runs(ref, last)
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
        if rows:
            out.table(header, rows)
        out.note(f"{len(artifacts)} artifacts" + (f" in {len(runs)} runs" if several else ""))
    return _empty(args, out) if not artifacts else EXIT_OK


def _empty(args: argparse.Namespace, out: Output) -> int:
    """Nothing matched: exit 5, or 0 with --allow-empty."""
    patterns = f" matching {', '.join(args.pattern)}" if getattr(args, "pattern", None) else ""
    if args.allow_empty:
        return EXIT_OK
    out.error(f"no artifact{patterns} in {args.ref}")
    return EXIT_EMPTY


async def run_download(client: AsyncClient, args: argparse.Namespace, out: Output) -> int:
    runs = await selected_runs(client, args, out)
    several = args.last is not None
    results: list[DownloadResult] = []
    drawn = args.progress and not out.quiet and not args.dry_run
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
                force=args.force,
                dry_run=args.dry_run,
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
        if rows:
            out.table(header, rows)
        out.note(_summary(report, args.dir, dry_run=args.dry_run))
    for failure in report.failed:
        out.error(str(failure.error))
    if not report.results:
        return _empty(args, out)
    succeeded = bool(report.downloaded or report.unchanged)
    return _outcome_code(succeeded, [r.error for r in report.failed])


def _outcome_code(succeeded: bool, errors: Sequence[CIArtifactsError | None]) -> int:
    """0 if nothing failed; 3 if some failed and others succeeded (written, unchanged,
    deleted); else the failures' own code (4 if every one was refused for credentials, 1
    otherwise)."""
    if not errors:
        return EXIT_OK
    if succeeded:
        return EXIT_PARTIAL
    if all(isinstance(e, AuthenticationError | PermissionDeniedError) for e in errors):
        return EXIT_AUTH
    return EXIT_FAILURE


async def run_cat(client: AsyncClient, args: argparse.Namespace, out: Output) -> int:
    """Spool the verified bytes first: a consumer must never get a body that then fails its
    checksum (nothing is written on stdout unless all of it is right)."""
    runs = await selected_runs(client, args, out)
    matches = [a async for a in client.list_artifacts(runs[0]) if a.path == args.path]
    if not matches:
        out.error(f"no artifact at {args.path!r} in {runs[0]}")
        return EXIT_EMPTY
    if len(matches) > 1:
        raise ConfigurationError(
            f"{len(matches)} artifacts of {runs[0]} are at {args.path!r} (one per job); name "
            f"the job in the ref to choose one"
        )
    artifact = matches[0]
    check_downloadable(artifact)
    with tempfile.SpooledTemporaryFile(max_size=CAT_IN_MEMORY) as spool:
        async with client.stream(artifact) as chunks:
            async for chunk in chunks:
                spool.write(chunk)
        spool.seek(0)
        stdout = sys.stdout.buffer
        while block := spool.read(1024 * 1024):
            stdout.write(block)
        stdout.flush()
    return EXIT_OK


async def run_rm(client: AsyncClient, args: argparse.Namespace, out: Output) -> int:
    ref = parse_ref(args.ref)
    cls = provider_class(ref.provider)
    if not cls.capabilities.delete:
        raise UnsupportedOperationError(ref.provider, "delete")
    runs = await selected_runs(client, args, out)
    artifacts = [a for run in runs async for a in client.list_artifacts(run, args.pattern)]
    if not artifacts:
        return _empty(args, out)
    total = sum(a.size or 0 for a in artifacts)
    if not args.yes:
        for artifact in artifacts:
            # Shown even with --quiet: nobody should be asked about files they cannot see.
            print(f"  {out.cell(artifact.ref)}  {out.cell(artifact.path)}", file=sys.stderr)
        question = f"Delete these {len(artifacts)} artifacts ({_bytes(total)}) of {cls.title}?"
        if not _confirm(question):
            out.note("nothing deleted")
            return EXIT_FAILURE
    deleted: list[Artifact] = []
    failed: list[tuple[Artifact, CIArtifactsError]] = []
    for artifact in artifacts:
        try:
            await client.delete(artifact)
        except CIArtifactsError as exc:
            failed.append((artifact, exc))
        else:
            deleted.append(artifact)
    if args.json:
        out.json(
            [{**artifact_json(a), "deleted": True} for a in deleted]
            + [{**artifact_json(a), "deleted": False, "error": str(e)} for a, e in failed]
        )
    out.note(f"{len(deleted)} deleted, {len(failed)} failed")
    for _, error in failed:
        out.error(str(error))
    return _outcome_code(bool(deleted), [error for _, error in failed])


def _confirm(question: str) -> bool:
    """Ask on the terminal; without one, refuse (a script must say --yes)."""
    if not sys.stdin.isatty():
        raise ConfigurationError("rm asks before deleting: pass --yes when not on a terminal")
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in {"y", "yes"}


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
    entry["result"] = result.status
    if result.unchanged is not None:
        entry["unchanged"] = result.unchanged
    if result.skipped is not None:
        entry["skipped"] = result.skipped
    if result.error is not None:
        entry["error"] = str(result.error)
    return entry


def _outcome(result: DownloadResult, out: Output) -> str:
    if result.unchanged is not None:
        return out.cell(f"unchanged ({result.unchanged}): {result.file}")
    if result.planned:
        return out.cell(f"would download: {result.file}")
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


def _summary(report: DownloadReport, destination: Path, *, dry_run: bool = False) -> str:
    counts = (
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed"
    )
    if dry_run:
        planned = report.planned
        size = sum(r.artifact.size or 0 for r in planned)
        unknown = sum(r.artifact.size is None for r in planned)
        sizes = _bytes(size) if size or not unknown else ""
        if unknown:
            sizes += f"{' and ' if sizes else ''}{unknown} of unknown size"
        return f"dry run: {len(planned)} to download into {destination} ({sizes}), {counts}"
    return f"{len(report.downloaded)} downloaded into {destination}, {counts}"


def _bytes(size: int) -> str:
    """``1234567`` as ``1.2 MiB (1234567 bytes)``: readable, and exact for scripts."""
    return f"{size} bytes" if size < 1024 else f"{size_text(size)} ({size} bytes)"


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip(), file=out)


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _whole_number(high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not 1 <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between 1 and {high}, not {value}")
        return value

    return parse


_positive_int = _whole_number(MAX_CONCURRENCY)
_run_count = _whole_number(MAX_RUNS)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite positive number, not {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(script())
