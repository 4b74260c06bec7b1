"""generated/ is reproducible from specs/; a stale generated/ is caught with a readable message."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.specs import PROVIDERS, ROOT

PACKAGES = [f"ciartifacts_{provider}" for provider in PROVIDERS]


def copy_generation_inputs(destination: Path) -> Path:
    for folder in ("specs", "generated", "requirements"):
        shutil.copytree(
            ROOT / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (destination / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "generate.py", destination / "scripts" / "generate.py")
    return destination


def run_check(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(tree / "scripts" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_generation_inputs(tmp_path_factory.mktemp("repo"))


def test_committed_generated_tree_is_up_to_date(tree: Path) -> None:
    result = run_check(tree)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_one_word_spec_edit_without_regeneration_fails_the_check(tree: Path) -> None:
    spec = tree / "specs" / "circleci.yaml"
    text = spec.read_text()
    edited = text.replace(
        "description: Returns an array of artifacts produced by a given job.",
        "description: Returns an array of artifacts produced by a given build.",
    )
    assert edited != text
    spec.write_text(edited)

    result = run_check(tree)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "out of date" in result.stderr
    assert "nox -s generate" in result.stderr
    assert "changed: ciartifacts_circleci/api/artifacts/list_job_artifacts.py" in result.stderr
    assert "changed: generation-lock.json" in result.stderr
    assert "ciartifacts_buildkite" not in result.stderr


def test_invalid_spec_is_refused_before_generating(tmp_path: Path) -> None:
    tree = copy_generation_inputs(tmp_path)
    spec = tree / "specs" / "buildkite.yaml"
    spec.write_text(
        spec.read_text().replace(
            "operationId: getOrganizationJobArtifact", "operationId: getArtifact"
        )
    )

    result = subprocess.run(
        [sys.executable, str(tree / "scripts" / "generate.py"), "buildkite"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "specs/buildkite.yaml is not a valid OpenAPI document" in result.stderr
    assert "'getArtifact'" in result.stderr
    assert "is not unique" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("package", [*PACKAGES, "ciartifacts_strict"])
def test_generated_package_is_typed(package: str) -> None:
    assert (ROOT / "generated" / package / "py.typed").is_file()


def test_lock_records_spec_hashes_and_tool_pins() -> None:
    import hashlib

    lock = json.loads((ROOT / "generated" / "generation-lock.json").read_text())
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements" / "generate.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert lock["tools"] == pins
    for provider, package in zip(PROVIDERS, PACKAGES, strict=True):
        spec = (ROOT / "specs" / f"{provider}.yaml").read_bytes()
        assert lock["packages"][package]["spec_sha256"] == hashlib.sha256(spec).hexdigest()
