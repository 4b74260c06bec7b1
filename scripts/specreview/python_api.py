"""List breaking changes of generated Python packages between a git ref and the working tree.

    python scripts/api_diff.py BASE_REF PACKAGE [PACKAGE...]

Each PACKAGE lives in `generated/<PACKAGE>/`. The BASE_REF version is loaded with griffe from a
temporary git worktree (griffe creates and removes it, plus a temporary `griffe-<ref>` branch),
the working-tree version from disk, and griffe's breaking-change rules find the changes. The
rules table decides as everywhere else: a griffe finding of a kind the table judges
(`rules.GRIFFE_RULES`) and calls safe is listed as non-breaking, with its rule; every other
finding is breaking.

Exit status: 1 if any package has a breaking change, 0 if none, 2 on error.
"""

from __future__ import annotations

import argparse
import logging
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import griffe

from .report import summary_line
from .rules import GRIFFE_RULES, RULES, breaks_somewhere

GENERATED_DIR = "generated"


class ReviewError(Exception):
    """A git or loading problem that makes the comparison impossible."""


def run_git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return its stdout; a failure becomes a one-line ReviewError."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        problem = result.stderr.strip().splitlines()
        raise ReviewError(f"git {' '.join(args)}: {problem[-1] if problem else 'failed'}")
    return result.stdout


def repo_root(start: Path | None = None) -> Path:
    return Path(run_git(start or Path.cwd(), "rev-parse", "--show-toplevel").strip())


def verify_ref(repo: Path, ref: str) -> None:
    try:
        run_git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ReviewError:
        raise ReviewError(f"{ref}: not a commit in {repo}") from None


def exists_at(repo: Path, ref: str, path: str) -> bool:
    """Whether `path` (relative to the repository root) exists in commit `ref`."""
    result = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "-e", f"{ref}:{path}"],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


@dataclass
class PackageReport:
    package: str
    # "compared", "new" (absent at the ref), "removed" (absent now) or "missing" (both).
    status: str
    breakages: list[str] = field(default_factory=list)
    # griffe findings that the rules table calls safe, each ending with its rule's kind.
    notes: list[str] = field(default_factory=list)

    @property
    def breaking(self) -> bool:
        return self.status == "removed" or bool(self.breakages)


def diff_package(package: str, base_ref: str, repo: Path) -> PackageReport:
    relative = f"{GENERATED_DIR}/{package}"
    existed, exists = exists_at(repo, base_ref, relative), (repo / relative).is_dir()
    if not existed:
        return PackageReport(package, "new" if exists else "missing")
    if not exists:
        return PackageReport(package, "removed")
    # griffe logs alias-resolution chatter as warnings; the report is what matters here.
    logging.getLogger("griffe").setLevel(logging.ERROR)
    try:
        old = griffe.load_git(package, ref=base_ref, repo=repo, search_paths=[GENERATED_DIR])
        new = griffe.load(package, search_paths=[repo / GENERATED_DIR], try_relative_path=False)
        found = list(griffe.find_breaking_changes(old, new))
    except (griffe.GriffeError, ImportError, OSError, RuntimeError) as exc:
        raise ReviewError(f"{package}: griffe could not load it ({exc})") from None
    report = PackageReport(package, "compared")
    for breakage in found:
        kind = rule_for(breakage)
        if kind is None:
            report.breakages.append(_describe(breakage))
        elif breaks_somewhere(RULES[kind]):
            report.breakages.append(f"{_describe(breakage)} [{kind}]")
        else:
            report.notes.append(f"{_describe(breakage)} [{kind}]")
    return report


def rule_for(breakage: griffe.Breakage) -> str | None:
    """The rules-table kind that judges a griffe finding, if the table has one."""
    return GRIFFE_RULES.get(breakage.kind.name)


def is_breaking(breakage: griffe.Breakage) -> bool:
    """The table's verdict on a griffe finding: breaking unless its rule says safe."""
    kind = rule_for(breakage)
    return kind is None or breaks_somewhere(RULES[kind])


def _describe(breakage: griffe.Breakage) -> str:
    # griffe's Markdown explanation names the object relative to its module (`- `f(param)`: ...`);
    # use the full path, and keep the parameter it is about.
    head, _, detail = breakage.explain(style=griffe.ExplanationStyle.MARKDOWN).partition("`: ")
    parameter = re.search(r"(\([^()`]*\))$", head)
    where = breakage.obj.path + (parameter.group(1) if parameter else "")
    return f"`{where}`: {detail or breakage.kind.value}"


def count_breaking(reports: Sequence[PackageReport]) -> int:
    return sum(len(r.breakages) + (r.status == "removed") for r in reports)


def render_markdown(reports: Sequence[PackageReport], base_ref: str, level: int = 2) -> str:
    heading = "#" * level
    total = count_breaking(reports)
    notes = sum(len(r.notes) for r in reports)
    if notes:
        summary = summary_line(total, notes)
    else:
        summary = f"**{total} breaking**." if total else "No breaking changes."
    lines = [f"{heading} Python API changes since `{base_ref}`", "", summary]
    for report in reports:
        lines += ["", f"{heading}# `{report.package}`", "", *_package_lines(report)]
    return "\n".join(lines) + "\n"


def _package_lines(report: PackageReport) -> list[str]:
    if report.status == "new":
        return ["- new package (not breaking)"]
    if report.status == "missing":
        return [f"- no `{GENERATED_DIR}/{report.package}/` at either version: nothing to compare"]
    if report.status == "removed":
        return ["- **breaking** package removed"]
    lines = [f"- **breaking** {line}" for line in report.breakages]
    lines += [f"- non-breaking {line}" for line in report.notes]
    return lines or ["No breaking changes."]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_ref", help="git ref to compare against, e.g. origin/main")
    parser.add_argument("packages", nargs="+", help="package names under generated/")
    args = parser.parse_args(argv)
    try:
        repo = repo_root()
        verify_ref(repo, args.base_ref)
        reports = [diff_package(p, args.base_ref, repo) for p in args.packages]
    except ReviewError as exc:
        print(f"api_diff: error: {exc}", file=sys.stderr)
        return 2
    print(render_markdown(reports, args.base_ref), end="")
    return 1 if count_breaking(reports) else 0
