"""examples/flaky_tests.py, run as a user would, against builds seeded in the Buildkite fake."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ciartifacts.testing import FakeProviders

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "flaky_tests.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _junit(cases: dict[str, str]) -> bytes:
    """A JUnit report: test name -> passed, failed, error or skipped."""
    body = {
        "passed": "",
        "failed": '<failure message="assert 1 == 2">trace</failure>',
        "error": '<error message="boom"/>',
        "skipped": "<skipped/>",
    }
    cases_xml = "".join(
        f'<testcase classname="{name.rsplit(".", 1)[0]}" name="{name.rsplit(".", 1)[1]}">'
        f"{body[outcome]}</testcase>"
        for name, outcome in cases.items()
    )
    suite = f'<testsuite name="s">{cases_xml}</testsuite>'
    return f'<?xml version="1.0"?><testsuites>{suite}</testsuites>'.encode()


# build -> (branch, {report path: {test: outcome}}), oldest first.
BUILDS: dict[int, tuple[str, dict[str, dict[str, str]]]] = {
    1: ("main", {"reports/unit.xml": {"t.unit.test_a": "passed", "t.unit.test_c": "failed"}}),
    2: ("main", {"reports/unit.xml": {"t.unit.test_a": "passed", "t.unit.test_b": "failed"}}),
    3: ("main", {"reports/unit.xml": {"t.unit.test_a": "passed", "t.unit.test_b": "passed"}}),
    4: ("feature", {"reports/unit.xml": {"t.unit.test_a": "failed", "t.unit.test_b": "failed"}}),
    5: (
        "main",
        {
            "reports/unit.xml": {"t.unit.test_a": "passed", "t.unit.test_b": "error"},
            "reports/e2e/login.xml": {"t.e2e.test_login": "failed", "t.e2e.test_skip": "passed"},
        },
    ),
    6: (
        "main",
        {
            "reports/unit.xml": {"t.unit.test_a": "passed", "t.unit.test_b": "passed"},
            "reports/e2e/login.xml": {"t.e2e.test_login": "passed", "t.e2e.test_skip": "skipped"},
        },
    ),
}


def test_the_flaky_tests_of_the_last_builds_are_tabled_and_plotted(tmp_path: Path) -> None:
    with FakeProviders() as fakes:
        for number, (branch, reports) in BUILDS.items():
            fakes.buildkite.add_build("acme", "flaky", number, branch=branch)
            for path, cases in reports.items():
                fakes.buildkite.add_artifact("acme", "flaky", number, path, _junit(cases))
        fakes.buildkite.add_artifact("acme", "flaky", 6, "reports/broken.xml", b"<testsuite")
        fakes.buildkite.add_artifact("acme", "flaky", 6, "reports/other.xml", b"<coverage/>")
        out = tmp_path / "flaky.png"
        result = subprocess.run(
            [
                sys.executable,
                str(EXAMPLE),
                "buildkite:acme/flaky/latest?branch=main",
                "--last",
                "4",
                "--out",
                str(out),
            ],
            env={**os.environ, **fakes.env()},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert fakes.storage.credential_attempts == 0
    assert result.returncode == 0, result.stderr
    # Builds 6, 5, 3 and 2 (4 is on another branch, 1 is older): test_b failed in 5 (an error)
    # and 2, passed in 3 and 6; test_login failed in 5, passed in 6; test_a always passed;
    # test_c failed only in build 1; test_skip passed once, was skipped once.
    lines = result.stdout.splitlines()
    assert lines[0] == "8 reports, 12 test results in 4 runs (6, 5, 3, 2)"
    assert [line.split() for line in lines[1:4]] == [
        ["TEST", "PASSED", "FAILED", "FAILED", "IN"],
        ["t.unit.test_b", "2", "2", "5,", "2"],
        ["t.e2e.test_login", "1", "1", "5"],
    ]
    assert lines[4] == f"plot: {out}"
    problems = sorted(result.stderr.splitlines())
    assert problems == [
        "buildkite://acme/flaky/6/reports/broken.xml: skipped: not XML: "
        "unclosed token: line 1, column 0",
        "buildkite://acme/flaky/6/reports/other.xml: skipped: not a JUnit report: "
        "its root is <coverage>",
    ]
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert out.stat().st_size > 5_000  # a drawn chart, not an empty canvas


def test_a_selection_without_runs_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with FakeProviders() as fakes:
        fakes.buildkite.add_build("acme", "flaky", 1, branch="main")
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), "buildkite:acme/flaky/latest?branch=nope"],
            env={**os.environ, **fakes.env()},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
        )
    assert result.returncode == 1
    assert result.stderr == "no run matches buildkite:acme/flaky/latest?branch=nope\n"
    assert not (tmp_path / "flaky.png").exists()
