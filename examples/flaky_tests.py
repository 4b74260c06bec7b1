"""Flaky tests of the last N builds: their JUnit XML reports read with Dask, a table and a plot.

    pip install "ciartifacts[fsspec]" dask matplotlib
    export BUILDKITE_API_TOKEN=...
    python examples/flaky_tests.py "buildkite:acme/web/latest?branch=main" --last 10 --out flaky.png

The N newest runs the ref selects (``Client.runs``: a re-run counts once) are listed through
the fsspec filesystem (``buildkite://acme/web/1234/...``); a Dask bag reads and parses every
report matching ``--pattern``, on the threads of this process or, with ``--scheduler
tcp://HOST:8786``, on a cluster whose workers take the token from their own environment. A
test that passed in some runs and failed (``<failure>`` or ``<error>``) in others is flaky:
they are printed, most failures first, and drawn as a bar chart into the PNG. Reports that
are not JUnit XML are named on stderr and left out.

Any provider whose reports are files works (GitHub Actions serves uploaded folders as zips:
read those with fsspec's ``zip://`` chained to ``gha://``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

Outcome = tuple[str, str, str]
"""(run id, test, ``passed`` / ``failed`` / ``skipped``)"""


def outcomes_of(report: bytes, run_id: str) -> list[Outcome]:
    """Each ``<testcase>`` of a JUnit XML report and how it ended (ValueError if not JUnit)."""
    try:
        root = ElementTree.fromstring(report)
    except ElementTree.ParseError as exc:
        raise ValueError(f"not XML: {exc}") from None
    if root.tag not in ("testsuites", "testsuite"):
        raise ValueError(f"not a JUnit report: its root is <{root.tag}>")
    found = []
    for case in root.iter("testcase"):
        name = case.get("name", "?")
        classname = case.get("classname")
        test = f"{classname}.{name}" if classname else name
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        found.append((run_id, test, outcome))
    return found


def read_report(item: tuple[str, str], fs: Any) -> list[Outcome | str]:
    """The outcomes in one report (runs on a Dask worker), or a line saying why there are
    none."""
    run_id, path = item
    try:
        return list(outcomes_of(fs.cat_file(path), run_id))
    except ValueError as exc:
        return [f"{fs.unstrip_protocol(path)}: skipped: {exc}"]


def flaky(outcomes: Sequence[Outcome]) -> list[tuple[str, int, int, list[str]]]:
    """(test, times passed, times failed, runs it failed in) for tests that did both."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    failed_in: dict[str, list[str]] = defaultdict(list)
    for run_id, test, outcome in outcomes:
        counts[test][outcome] += 1
        if outcome == "failed" and run_id not in failed_in[test]:
            failed_in[test].append(run_id)
    rows = [
        (test, count["passed"], count["failed"], failed_in[test])
        for test, count in counts.items()
        if count["passed"] and count["failed"]
    ]
    return sorted(rows, key=lambda row: (-row[2], row[0]))


def table(rows: Sequence[tuple[str, int, int, list[str]]]) -> str:
    header = ("TEST", "PASSED", "FAILED", "FAILED IN")
    lines = [
        (test, str(passed), str(failed), ", ".join(runs)) for test, passed, failed, runs in rows
    ]
    width = max(len(line[0]) for line in [header, *lines])
    return "\n".join(
        f"{test:<{width}}  {passed:>6}  {failed:>6}  {runs}"
        for test, passed, failed, runs in [header, *lines]
    )


def plot(rows: Sequence[tuple[str, int, int, list[str]]], title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # a file, no display
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(9, 1.5 + 0.4 * max(len(rows), 1)))
    if rows:
        names = [row[0] for row in rows][::-1]
        passed = [row[1] for row in rows][::-1]
        failed = [row[2] for row in rows][::-1]
        axes.barh(names, passed, color="tab:green", label="passed")
        axes.barh(names, failed, left=passed, color="tab:red", label="failed")
        axes.set_xlabel("results")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(loc="lower right")
    else:
        axes.text(0.5, 0.5, "no flaky tests", ha="center", va="center")
        axes.set_axis_off()
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(out, format="png")
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help='runs to look at: "buildkite:ORG/PIPELINE/latest?branch=main"')
    parser.add_argument("--last", type=int, default=10, metavar="N", help="how many (10)")
    parser.add_argument(
        "--pattern", default="**/*.xml", help="the reports in each run (fsspec glob, **/*.xml)"
    )
    parser.add_argument("--out", type=Path, default=Path("flaky.png"), help="the PNG to write")
    parser.add_argument("--scheduler", help="a Dask scheduler's address (default: threads)")
    args = parser.parse_args(argv)

    import dask.bag
    import fsspec

    from ciartifacts import CIArtifactsError, Client
    from ciartifacts.fs_paths import fsspec_url

    try:
        with Client() as client:
            runs = client.runs(args.ref, args.last)
        if not runs:
            print(f"no run matches {args.ref}", file=sys.stderr)
            return 1
        protocol = fsspec_url(runs[0]).split("://", 1)[0]
        fs = fsspec.filesystem(protocol)
        reports = [
            (run.run_id, path) for run in runs for path in fs.glob(fsspec_url(run, args.pattern))
        ]
        bag = dask.bag.from_sequence(reports, npartitions=max(1, min(len(reports), 32)))
        if args.scheduler:
            from distributed import Client as DaskClient

            with DaskClient(args.scheduler):
                results = bag.map(read_report, fs).flatten().compute()
        else:
            results = bag.map(read_report, fs).flatten().compute(scheduler="threads")
    except (CIArtifactsError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    for problem in (item for item in results if isinstance(item, str)):
        print(problem, file=sys.stderr)
    outcomes = [item for item in results if not isinstance(item, str)]
    rows = flaky(outcomes)
    run_ids = ", ".join(run.run_id for run in runs)
    print(f"{len(reports)} reports, {len(outcomes)} test results in {len(runs)} runs ({run_ids})")
    print(table(rows) if rows else "no flaky tests")
    plot(rows, f"Flaky tests: {args.ref}, last {len(runs)} runs", args.out)
    print(f"plot: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
