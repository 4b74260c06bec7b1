"""The ``ciartifacts`` command: ``ls`` and ``download`` for any provider's run.

A failure prints one line on stderr (provider, HTTP status, the provider's message and request
id) and exits non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ciartifacts.client import Client
from ciartifacts.client_core import DEFAULT_CONCURRENCY, DownloadReport, DownloadResult
from ciartifacts.errors import (
    CIArtifactsError,
    ConfigurationError,
    InvalidPatternError,
    InvalidRefError,
)
from ciartifacts.model import Artifact
from ciartifacts.transport import DEFAULT_TIMEOUT
from ciartifacts.version import __version__

EXIT_FAILURE = 1
EXIT_USAGE = 2
_USER_INPUT_ERRORS = (InvalidRefError, InvalidPatternError, ConfigurationError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with Client(timeout=args.timeout) as client:
            result: int = args.run(client, args, sys.stdout)
            return result
    except CIArtifactsError as exc:
        if args.debug:
            raise
        print(f"ciartifacts: error: {printable_lines(str(exc))}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, _USER_INPUT_ERRORS) else EXIT_FAILURE
    except KeyboardInterrupt:
        print("ciartifacts: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`ciartifacts ls ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Options accepted before and after the command; only the top level sets defaults, so a
    value given before the command is not reset by the subcommand's parser."""
    parser.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks on errors"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=default,
        metavar="SECONDS",
        help=f"timeout of each request (default {DEFAULT_TIMEOUT:g})",
    )


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

    parser = argparse.ArgumentParser(
        prog="ciartifacts",
        description="List and download CI artifacts from Buildkite, CircleCI, SourceCraft and "
        "Empirical. Tokens come from BUILDKITE_API_TOKEN, CIRCLE_TOKEN, SOURCECRAFT_TOKEN and "
        "EMPIRICALRUN_KEY.",
    )
    parser.add_argument("--version", action="version", version=f"ciartifacts {__version__}")
    _global_options(parser, None)
    parser.set_defaults(debug=False, timeout=DEFAULT_TIMEOUT)
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
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"parallel downloads (default {DEFAULT_CONCURRENCY})",
    )
    download.set_defaults(run=run_download)
    return parser


def run_ls(client: Client, args: argparse.Namespace, out: TextIO) -> int:
    artifacts = list(client.list_artifacts(args.ref, args.pattern))
    if args.json:
        _print_json([artifact_json(a) for a in artifacts], out)
    else:
        rows = [
            (
                printable(a.path),
                _size(a.size),
                printable(a.raw_state or a.state.value),
                str(a.checksum or "-"),
            )
            for a in artifacts
        ]
        _print_table(("PATH", "SIZE", "STATE", "CHECKSUM"), rows, out)
        print(f"{len(artifacts)} artifacts", file=sys.stderr)
    return 0


def run_download(client: Client, args: argparse.Namespace, out: TextIO) -> int:
    report = client.download_all(
        args.ref, args.dir, args.pattern, concurrency=args.concurrency, raise_on_error=False
    )
    if args.json:
        _print_json([result_json(r) for r in report.results], out)
    else:
        rows = [
            (printable(r.artifact.path), _size(r.artifact.size), _outcome(r))
            for r in report.results
        ]
        _print_table(("PATH", "SIZE", "RESULT"), rows, out)
        print(_summary(report, args.dir), file=sys.stderr)
    for failure in report.failed:
        print(f"ciartifacts: error: {printable_lines(str(failure.error))}", file=sys.stderr)
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


def _outcome(result: DownloadResult) -> str:
    if result.file is not None:
        return printable(str(result.file))
    if result.skipped is not None:
        return printable(f"skipped: {result.skipped}")
    return "failed (see below)"


def printable(text: str) -> str:
    """Text from a server, safe for a terminal: control characters (escape sequences,
    newlines that would break the table) are shown escaped instead of acting."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def printable_lines(text: str) -> str:
    """As :func:`printable`, keeping the line breaks of our own multi-line messages."""
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


def _print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, indent=2)
    out.write("\n")


def _size(size: int | None) -> str:
    return "-" if size is None else str(size)


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {value:g}")
    return value


if __name__ == "__main__":
    sys.exit(main())
