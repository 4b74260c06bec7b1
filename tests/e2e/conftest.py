"""Provider fakes on loopback, and clients pointed at them. Storage must never see a credential."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ciartifacts import Client
from ciartifacts.testing import FakeProviders


@pytest.fixture
def fakes() -> Iterator[FakeProviders]:
    with FakeProviders() as started:
        yield started
        assert started.storage.credential_attempts == 0, "a credential reached storage"
        assert not started.internal_errors


@pytest.fixture
def client(fakes: FakeProviders) -> Iterator[Client]:
    with Client(environ=fakes.env(), timeout=10) as opened:
        yield opened


@dataclass(frozen=True)
class Scenario:
    """A run on one provider's fake, with the bytes each artifact path must have."""

    ref: str
    files: dict[str, bytes]


def seed_buildkite(fakes: FakeProviders) -> Scenario:
    files = {
        "dist/app.tar.gz": b"\x1f\x8b binary \x00\xff" * 1000,
        "dist/checksums.txt": b"sha1 ...\n",
        "reports/junit.xml": b"<testsuite/>",
        "README": b"",
    }
    for path, content in files.items():
        fakes.buildkite.add_artifact("acme", "web", 42, path, content)
    return Scenario("buildkite:acme/web/42", files)


def seed_circleci(fakes: FakeProviders) -> Scenario:
    files = {
        "raw-test-output/go-test-report.xml": b"<xml/>",
        "/tmp/out/coverage.html": b"<html>coverage</html>",
        "/tmp/out/video.webm": bytes(range(256)) * 300,
    }
    for path, content in files.items():
        fakes.circleci.add_artifact("github", "acme", "web", 24, path, content)
    return Scenario("circleci:github/acme/web/24", {p.lstrip("/"): c for p, c in files.items()})


def seed_sourcecraft(fakes: FakeProviders) -> Scenario:
    files = {"logs/build.log": b"ok\n" * 5000, "dist/app.whl": b"PK\x03\x04wheel"}
    for path, content in files.items():
        fakes.sourcecraft.add_artifact(
            "acme", "web", "run-1", "build", "test", "unit", path, content
        )
    return Scenario("sourcecraft:acme/web/run-1/build/test/unit", files)


def seed_empirical(fakes: FakeProviders) -> Scenario:
    files = {
        "data/login-test-chromium/video.webm": b"\x1aE\xdf\xa3" * 4000,
        "data/login-test-chromium/trace.zip": b"PK trace",
        "summary.json": b'{"passed": 3}',
    }
    for key, content in files.items():
        fakes.empirical.add_artifact(456, key, content)
    return Scenario("empirical:456", files)


def seed_empirical_resources(fakes: FakeProviders) -> Scenario:
    files = {"checkout-flow.docx": b"docx bytes", "specs/plan.pdf": b"%PDF-1.7"}
    for name, content in files.items():
        fakes.empirical.add_resource(name, content)
    return Scenario("empirical:resources", files)


SEEDS: dict[str, Callable[[FakeProviders], Scenario]] = {
    "buildkite": seed_buildkite,
    "circleci": seed_circleci,
    "sourcecraft": seed_sourcecraft,
    "empirical": seed_empirical,
    "empirical-resources": seed_empirical_resources,
}


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative POSIX path (temporary files would show up too)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
