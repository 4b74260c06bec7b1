"""One Markdown API review of every spec changed since a git ref, ready to paste into a PR.

    python scripts/spec_review.py BASE_REF

For each `specs/*.yaml` that differs from BASE_REF (committed, staged, unstaged or untracked)
the spec itself is compared (`operations.diff_specs`, verdicts from `rules.RULES`), then the
generated package of that spec (`specs/buildkite.yaml` -> `generated/ciartifacts_buildkite/`)
with griffe (`python_api`).

Exit status: 1 if anything is breaking, 0 if not, 2 on error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import python_api
from .document import SpecError, load_spec, parse_spec
from .operations import diff_specs
from .report import Change, render_markdown

SPECS_DIR = "specs"
PACKAGE_PREFIX = "ciartifacts_"


@dataclass
class SpecReport:
    path: str
    # "changed", "new" (absent at the ref) or "removed" (absent now).
    status: str
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking_count(self) -> int:
        return sum(c.breaking for c in self.changes) + (self.status == "removed")


def is_spec(path: str) -> bool:
    # Dotfiles such as specs/.spectral.yaml are linter settings, not API documents.
    candidate = PurePosixPath(path)
    return (
        candidate.parent == PurePosixPath(SPECS_DIR)
        and candidate.suffix == ".yaml"
        and not candidate.name.startswith(".")
    )


def package_for(spec_path: str) -> str:
    return PACKAGE_PREFIX + PurePosixPath(spec_path).stem.replace("-", "_")


def changed_specs(repo: Path, base_ref: str) -> list[str]:
    # --no-renames: a renamed spec is a removed SDK plus a new one, so list both names.
    tracked = python_api.run_git(
        repo, "diff", "--name-only", "--no-renames", base_ref, "--", f"{SPECS_DIR}/"
    )
    untracked = python_api.run_git(
        repo, "ls-files", "--others", "--exclude-standard", "--", f"{SPECS_DIR}/"
    )
    return sorted({p for p in (tracked + untracked).splitlines() if is_spec(p)})


def review_spec(repo: Path, base_ref: str, path: str) -> SpecReport:
    if not (repo / path).is_file():
        return SpecReport(path, "removed")
    new = load_spec(repo / path)
    if not python_api.exists_at(repo, base_ref, path):
        return SpecReport(path, "new")
    old_text = python_api.run_git(repo, "show", f"{base_ref}:{path}")
    old = parse_spec(old_text, f"{base_ref}:{path}")
    return SpecReport(path, "changed", diff_specs(old, new))


def count_breaking(
    specs: Sequence[SpecReport], packages: Sequence[python_api.PackageReport]
) -> int:
    return sum(s.breaking_count for s in specs) + python_api.count_breaking(packages)


def render_report(
    base_ref: str, specs: Sequence[SpecReport], packages: Sequence[python_api.PackageReport]
) -> str:
    total = count_breaking(specs, packages)
    lines = [f"# API review: changes since `{base_ref}`", ""]
    if not specs:
        lines.append(f"No spec under `{SPECS_DIR}/` changed since `{base_ref}`.")
        return "\n".join(lines) + "\n"
    lines.append(f"**{total} breaking change(s)**." if total else "No breaking changes.")
    lines += ["", "## OpenAPI specs", ""]
    for report in specs:
        lines.append(_render_spec(report))
    lines.append(python_api.render_markdown(packages, base_ref, level=2))
    return "\n".join(lines).rstrip("\n") + "\n"


def _render_spec(report: SpecReport) -> str:
    title = f"`{report.path}`"
    if report.status == "new":
        return f"### {title}\n\nNew spec: nothing to compare, not breaking.\n"
    if report.status == "removed":
        return f"### {title}\n\n- **breaking** spec removed: its whole SDK goes away.\n"
    return render_markdown(report.changes, title, level=3)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_ref", help="git ref to review against, e.g. origin/main")
    args = parser.parse_args(argv)
    try:
        repo = python_api.repo_root()
        python_api.verify_ref(repo, args.base_ref)
        paths = changed_specs(repo, args.base_ref)
        specs = [review_spec(repo, args.base_ref, p) for p in paths]
        packages = [python_api.diff_package(package_for(p), args.base_ref, repo) for p in paths]
    except (python_api.ReviewError, SpecError) as exc:
        print(f"spec_review: error: {exc}", file=sys.stderr)
        return 2
    print(render_report(args.base_ref, specs, packages), end="")
    return 1 if count_breaking(specs, packages) else 0
