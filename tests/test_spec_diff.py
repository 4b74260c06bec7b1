"""The spec-review tools, run the way reviewers run them: as scripts, checked on exit codes.

Every folder under spec_diff_fixtures/{breaking,non_breaking}/ is one test case: old.yaml and
new.yaml differ in exactly the change the folder is named after, and expect.txt holds text the
report must contain. Adding a folder adds a test.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from specreview import document, operations, readme, report, rules
from specreview.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
FIXTURES = Path(__file__).resolve().parent / "spec_diff_fixtures"
BREAKING = sorted(p for p in (FIXTURES / "breaking").iterdir() if p.is_dir())
NON_BREAKING = sorted(p for p in (FIXTURES / "non_breaking").iterdir() if p.is_dir())

REQUIRED_BREAKING = {
    "removed_operation",
    "removed_path",
    "changed_path",
    "renamed_operation_id",
    "new_required_parameter",
    "optional_parameter_made_required",
    "narrowed_parameter_type",
    "narrowed_parameter_range",
    "removed_response_field",
    "retyped_response_field",
    "changed_success_status",
    "changed_media_type",
    "security_added_to_open_operation",
    "new_required_request_field",
}
REQUIRED_NON_BREAKING = {
    "new_optional_parameter",
    "new_optional_response_field",
    "new_operation",
    "new_error_response",
    "description_changes",
    "example_changes",
    "key_order",
    "widened_range",
}
GIT_IDENTITY = (
    "-c",
    "user.name=Spec Review Test",
    "-c",
    "user.email=spec-review@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "init.defaultBranch=main",
)


def run_script(
    name: str, *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / name), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


def expected_text(folder: Path) -> str:
    return (folder / "expect.txt").read_text(encoding="utf-8").strip()


# --------------------------------------------------------------------------- fixtures


def test_fixture_inventory() -> None:
    assert len(BREAKING) >= 12
    assert len(NON_BREAKING) >= 6
    assert not REQUIRED_BREAKING - {p.name for p in BREAKING}
    assert not REQUIRED_NON_BREAKING - {p.name for p in NON_BREAKING}
    for folder in [*BREAKING, *NON_BREAKING]:
        assert not {"old.yaml", "new.yaml", "expect.txt"} - {p.name for p in folder.iterdir()}
        assert expected_text(folder), folder


@functools.cache
def _validated(text: str) -> str:
    """The OpenAPI version of a valid document; each distinct text is validated once (slow)."""
    import openapi_spec_validator as validator

    spec = document.parse_spec(text, "fixture")
    validator.validate(spec)
    return str(spec["openapi"])


@pytest.mark.parametrize("folder", [*BREAKING, *NON_BREAKING], ids=lambda p: p.name)
def test_fixture_is_valid_openapi_3_1(folder: Path) -> None:
    for name in ("old.yaml", "new.yaml"):
        assert _validated((folder / name).read_text(encoding="utf-8")).startswith("3.1")
    assert (folder / "old.yaml").read_text() != (folder / "new.yaml").read_text()


@pytest.mark.parametrize("folder", BREAKING, ids=lambda p: p.name)
def test_breaking_pair_is_flagged(folder: Path) -> None:
    result = run_script("spec_diff.py", folder / "old.yaml", folder / "new.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "### Breaking changes" in result.stdout
    assert "- **breaking** `" in result.stdout
    assert expected_text(folder) in result.stdout


@pytest.mark.parametrize("folder", NON_BREAKING, ids=lambda p: p.name)
def test_non_breaking_pair_is_not_flagged(folder: Path) -> None:
    result = run_script("spec_diff.py", folder / "old.yaml", folder / "new.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "**breaking**" not in result.stdout
    assert "Breaking changes" not in result.stdout
    assert expected_text(folder) in result.stdout


@pytest.mark.parametrize("name", ["description_changes", "example_changes", "key_order"])
def test_cosmetic_changes_produce_no_change_lines(name: str) -> None:
    folder = FIXTURES / "non_breaking" / name
    result = run_script("spec_diff.py", folder / "old.yaml", folder / "new.yaml")
    assert result.returncode == 0
    assert "No changes." in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("- ")]


def test_reverse_of_new_operation_is_a_breaking_removal() -> None:
    folder = FIXTURES / "non_breaking" / "new_operation"
    result = run_script("spec_diff.py", folder / "new.yaml", folder / "old.yaml")
    assert result.returncode == 1, result.stdout
    assert "`PATCH /artifacts/{id}` (updateArtifact): removed operation" in result.stdout


def test_reverse_of_widened_range_is_breaking() -> None:
    folder = FIXTURES / "non_breaking" / "widened_range"
    result = run_script("spec_diff.py", folder / "new.yaml", folder / "old.yaml")
    assert result.returncode == 1
    assert "maximum lowered 200 -> 100 (narrowed)" in result.stdout


# --------------------------------------------------------------------------- CLI edges


def test_identical_files_report_no_changes() -> None:
    spec = FIXTURES / "breaking" / "removed_operation" / "old.yaml"
    result = run_script("spec_diff.py", spec, spec)
    assert result.returncode == 0
    assert "No changes." in result.stdout
    assert "**breaking**" not in result.stdout
    assert "non-breaking" not in result.stdout


def test_missing_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    spec = FIXTURES / "breaking" / "removed_operation" / "old.yaml"
    missing = tmp_path / "nope.yaml"
    result = run_script("spec_diff.py", spec, missing)
    assert result.returncode == 2
    assert str(missing) in result.stderr
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_invalid_yaml_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths:\n  /a: [unclosed\n", encoding="utf-8")
    spec = FIXTURES / "breaking" / "removed_operation" / "old.yaml"
    result = run_script("spec_diff.py", broken, spec)
    assert result.returncode == 2
    assert str(broken) in result.stderr
    assert "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_yaml_that_is_not_openapi_is_an_error(tmp_path: Path) -> None:
    ruleset = tmp_path / ".spectral.yaml"
    ruleset.write_text("extends: spectral:oas\nrules: {}\n", encoding="utf-8")
    spec = FIXTURES / "breaking" / "removed_operation" / "old.yaml"
    result = run_script("spec_diff.py", spec, ruleset)
    assert result.returncode == 2
    assert "not an OpenAPI document" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_and_yaml_of_the_same_document_are_equal(tmp_path: Path) -> None:
    spec = FIXTURES / "breaking" / "removed_operation" / "old.yaml"
    as_json = tmp_path / "spec.json"
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    as_json.write_text(json.dumps(document, indent="\t"), encoding="utf-8")
    result = run_script("spec_diff.py", as_json, spec)
    assert result.returncode == 0, result.stderr
    assert "No changes." in result.stdout


def _recursive_spec(with_label: bool) -> dict[str, object]:
    node: dict[str, object] = {
        "type": "object",
        "required": ["children"],
        "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"},
        },
    }
    if with_label:
        node["properties"]["label"] = {"type": "string"}  # type: ignore[index]
    ok = {"description": "A tree.", "content": {"application/json": {"schema": node}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tree", "version": "1"},
        "paths": {"/tree": {"get": {"operationId": "getTree", "responses": {"200": ok}}}},
        "components": {"schemas": {"Node": node}},
    }


def test_recursive_refs_terminate_and_are_compared(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_recursive_spec(with_label=True)), encoding="utf-8")
    new.write_text(json.dumps(_recursive_spec(with_label=False)), encoding="utf-8")
    result = run_script("spec_diff.py", old, new)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "field `label` removed" in result.stdout


# --------------------------------------------------------------------------- module API


def test_module_api_and_report_format() -> None:
    folder = FIXTURES / "breaking" / "removed_operation"
    old = document.load_spec(folder / "old.yaml")
    new = document.load_spec(folder / "new.yaml")
    changes = operations.diff_specs(old, new)
    assert [(c.kind, c.location, c.breaking) for c in changes] == [
        ("operation-removed", "DELETE /artifacts/{id}", True)
    ]
    text = report.render_markdown(changes, "Artifacts API")
    lines = text.splitlines()
    assert lines[0] == "## Artifacts API"
    assert "**1 breaking**, 0 non-breaking." in lines
    assert "### Breaking changes" in lines
    bullet = "- **breaking** `DELETE /artifacts/{id}` (deleteArtifact): removed operation"
    assert f"{bullet} [operation-removed]" in lines
    assert "### Other changes" not in lines
    assert "No changes." in report.render_markdown([], "Same")


def test_schema_compared_by_content_not_by_ref() -> None:
    folder = FIXTURES / "non_breaking" / "inline_parameter_to_ref"
    old = document.load_spec(folder / "old.yaml")
    new = document.load_spec(folder / "new.yaml")
    assert operations.diff_specs(old, new) == []


# --------------------------------------------------------------------------- rules table


@functools.cache
def _changes_by_fixture() -> dict[str, list[report.Change]]:
    changes: dict[str, list[report.Change]] = {}
    for folder in [*BREAKING, *NON_BREAKING]:
        old = document.load_spec(folder / "old.yaml")
        new = document.load_spec(folder / "new.yaml")
        changes[f"{folder.parent.name}/{folder.name}"] = operations.diff_specs(old, new)
    return changes


def test_every_rule_has_a_fixture_that_produces_it() -> None:
    produced = {c.kind for changes in _changes_by_fixture().values() for c in changes}
    assert sorted(set(RULES) - produced) == []


def test_every_verdict_has_a_fixture_on_its_side() -> None:
    """Each side a rule judges is exercised by a pair, so the harness checks every verdict."""
    produced = {
        (c.kind, s) for changes in _changes_by_fixture().values() for c in changes for s in c.sides
    }
    judged = {
        (k, s)
        for k, rule in RULES.items()
        for s in ("input", "output")
        if getattr(rule, s) is not None
    }
    assert sorted(judged - produced) == []


def test_every_reported_kind_is_a_rule_with_a_verdict_for_its_side() -> None:
    for name, changes in _changes_by_fixture().items():
        for change in changes:
            assert change.kind in RULES, (name, change)
            for side in change.sides:
                RULES[change.kind].breaks(side)  # raises KeyError when not applicable


def test_rules_table_is_complete() -> None:
    for rule in RULES.values():
        assert rule.change, rule.kind
        assert rule.why, rule.kind
        assert rule.input is not None or rule.output is not None, rule.kind
        assert rule.why.endswith("."), rule.kind


def test_readme_tables_are_generated_from_the_rules() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.updated(text) == text, "run `python scripts/spec_rules.py` and commit README.md"
    for rule in RULES.values():
        assert f"| `{rule.kind}` |" in text


def test_spec_rules_script_checks_the_readme() -> None:
    result = run_script("spec_rules.py", "--check")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


# --------------------------------------------------------------------------- git-based tools

API_BEFORE = '''"""Tiny stand-in for a generated client package."""


def get_artifact(artifact_id: str) -> dict[str, str]:
    return {"id": artifact_id}


def delete_artifact(artifact_id: str) -> None:
    return None
'''
API_AFTER = '''"""Tiny stand-in for a generated client package."""


def get_artifact(artifact_id: str) -> dict[str, str]:
    return {"id": artifact_id}
'''


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return result.stdout


def make_review_repo(tmp_path: Path, spec: Path, api: str) -> Path:
    """A repository whose base commit has specs/demo.yaml and generated/ciartifacts_demo/."""
    assert shutil.which("git"), "these tests need git on PATH"
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    package = repo / "generated" / "ciartifacts_demo"
    package.mkdir(parents=True)
    shutil.copy(spec, repo / "specs/demo.yaml")
    (package / "__init__.py").write_text('"""Demo SDK."""\n', encoding="utf-8")
    (package / "api.py").write_text(api, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


@pytest.fixture
def review_repo(tmp_path: Path) -> Path:
    return make_review_repo(
        tmp_path, FIXTURES / "breaking" / "removed_operation" / "old.yaml", API_BEFORE
    )


def test_spec_review_flags_spec_and_python_api_breaks(review_repo: Path) -> None:
    removed = FIXTURES / "breaking" / "removed_operation" / "new.yaml"
    shutil.copy(removed, review_repo / "specs/demo.yaml")
    (review_repo / "generated/ciartifacts_demo/api.py").write_text(API_AFTER, encoding="utf-8")
    result = run_script("spec_review.py", "HEAD", cwd=review_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    assert report.startswith("# API review: changes since `HEAD`")
    assert "### `specs/demo.yaml`" in report
    assert "`DELETE /artifacts/{id}` (deleteArtifact): removed operation" in report
    assert "### `ciartifacts_demo`" in report
    assert "`ciartifacts_demo.api.delete_artifact`: *Public object was removed*" in report
    assert "get_artifact" not in report
    # griffe's temporary worktree and branch must not be left behind.
    assert git(review_repo, "branch", "--format=%(refname:short)").split() == ["main"]
    assert len(git(review_repo, "worktree", "list").splitlines()) == 1


def test_spec_review_non_breaking_change_exits_0(review_repo: Path) -> None:
    added = FIXTURES / "non_breaking" / "new_operation" / "new.yaml"
    shutil.copy(added, review_repo / "specs/demo.yaml")
    result = run_script("spec_review.py", "HEAD", cwd=review_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No breaking changes." in result.stdout
    assert "new operation" in result.stdout
    assert "### `ciartifacts_demo`" in result.stdout


def test_spec_review_new_spec_and_ignored_dotfile(review_repo: Path) -> None:
    shutil.copy(review_repo / "specs/demo.yaml", review_repo / "specs/other.yaml")
    (review_repo / "specs/.spectral.yaml").write_text("extends: spectral:oas\n", encoding="utf-8")
    result = run_script("spec_review.py", "HEAD", cwd=review_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "### `specs/other.yaml`" in result.stdout
    assert "New spec" in result.stdout
    assert ".spectral.yaml" not in result.stdout


def test_spec_review_without_spec_changes(review_repo: Path) -> None:
    result = run_script("spec_review.py", "HEAD", cwd=review_repo)
    assert result.returncode == 0
    assert "No spec under `specs/` changed since `HEAD`." in result.stdout


def test_spec_review_unknown_ref_is_an_error(review_repo: Path) -> None:
    result = run_script("spec_review.py", "no-such-ref", cwd=review_repo)
    assert result.returncode == 2
    assert "no-such-ref" in result.stderr
    assert "Traceback" not in result.stderr


def test_api_diff_reports_removed_function_and_new_package(review_repo: Path) -> None:
    (review_repo / "generated/ciartifacts_demo/api.py").write_text(API_AFTER, encoding="utf-8")
    fresh = review_repo / "generated" / "ciartifacts_fresh"
    fresh.mkdir()
    (fresh / "__init__.py").write_text('"""New SDK."""\n', encoding="utf-8")
    result = run_script(
        "api_diff.py", "HEAD", "ciartifacts_demo", "ciartifacts_fresh", cwd=review_repo
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- **breaking** `ciartifacts_demo.api.delete_artifact`" in result.stdout
    assert "### `ciartifacts_fresh`\n\n- new package (not breaking)" in result.stdout


def test_api_diff_unchanged_package_exits_0(review_repo: Path) -> None:
    result = run_script("api_diff.py", "HEAD", "ciartifacts_demo", cwd=review_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No breaking changes." in result.stdout


LIST_API = '''"""Tiny stand-in for a generated client package."""


def list_artifacts(*, page: int = 1, per_page: int = {per_page}) -> list[str]:
    return []
'''


def test_griffe_findings_the_table_calls_safe_are_not_breaking(tmp_path: Path) -> None:
    """A spec default changed: the spec line and griffe's changed default agree (not breaking)."""
    pair = FIXTURES / "non_breaking" / "parameter_default_changed"
    repo = make_review_repo(tmp_path, pair / "old.yaml", LIST_API.format(per_page=30))
    shutil.copy(pair / "new.yaml", repo / "specs/demo.yaml")
    api = repo / "generated/ciartifacts_demo/api.py"
    api.write_text(LIST_API.format(per_page=50), encoding="utf-8")
    result = run_script("spec_review.py", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "**breaking**" not in report
    assert report.count("[default-changed]") == 2, report
    assert "default changed 30 -> 50 [default-changed]" in report
    note = "- non-breaking `ciartifacts_demo.api.list_artifacts(per_page)`: "
    assert note in report, report
    assert "No breaking changes (1 non-breaking)." in report
    alone = run_script("api_diff.py", "HEAD", "ciartifacts_demo", cwd=repo)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert note in alone.stdout


def test_griffe_findings_outside_the_table_stay_breaking(tmp_path: Path) -> None:
    """A default removed from a parameter is griffe's "now required": breaking, as in the table."""
    pair = FIXTURES / "non_breaking" / "parameter_default_changed"
    repo = make_review_repo(tmp_path, pair / "old.yaml", LIST_API.format(per_page=30))
    api = repo / "generated/ciartifacts_demo/api.py"
    api.write_text(LIST_API.replace(" = {per_page}", ""), encoding="utf-8")
    result = run_script("api_diff.py", "HEAD", "ciartifacts_demo", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- **breaking** `ciartifacts_demo.api.list_artifacts(per_page)`" in result.stdout
    assert "non-breaking" not in result.stdout


def test_griffe_rules_name_rules_and_griffe_kinds() -> None:
    import griffe

    for name, kind in rules.GRIFFE_RULES.items():
        assert name in griffe.BreakageKind.__members__, name
        assert kind in RULES, kind
