"""Provider fakes on loopback, and clients pointed at them. Storage must never see a credential.

``flow`` is the conformance fixture: one test runs against the synchronous and the
asynchronous client alike (the async one driven by its own event loop), so a behaviour that
either client lacks fails there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from ciartifacts import AsyncClient, Client
from ciartifacts.downloads import DownloadReport
from ciartifacts.model import Artifact
from ciartifacts.refs import Ref
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


class Flow(Protocol):
    """The operations of either client, called the same way (each call runs to completion)."""

    flavour: str
    client: Client | AsyncClient

    def list(self, ref: Ref | str, patterns: Sequence[str] = ()) -> list[Artifact]: ...

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport: ...

    def download(self, artifact: Artifact, destination: Path) -> Path: ...

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes: ...

    def delete(self, artifact: Artifact) -> None: ...

    def close(self) -> None: ...


class SyncFlow:
    flavour = "sync"

    def __init__(self, **kwargs: Any) -> None:
        self.client = Client(**kwargs)

    def list(self, ref: Ref | str, patterns: Sequence[str] = ()) -> list[Artifact]:
        return list(self.client.list_artifacts(ref, patterns))

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport:
        return self.client.download_all(ref, destination, patterns, **kwargs)

    def download(self, artifact: Artifact, destination: Path) -> Path:
        return self.client.download(artifact, destination)

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes:
        with self.client.stream(artifact, verify=verify) as chunks:
            return b"".join(chunks)

    def delete(self, artifact: Artifact) -> None:
        self.client.delete(artifact)

    def close(self) -> None:
        self.client.close()


class AsyncFlow:
    flavour = "async"

    def __init__(self, **kwargs: Any) -> None:
        self._runner = asyncio.Runner()
        self.client = AsyncClient(**kwargs)

    def list(self, ref: Ref | str, patterns: Sequence[str] = ()) -> list[Artifact]:
        async def collect() -> list[Artifact]:
            return [artifact async for artifact in self.client.list_artifacts(ref, patterns)]

        return self._runner.run(collect())

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport:
        return self._runner.run(self.client.download_all(ref, destination, patterns, **kwargs))

    def download(self, artifact: Artifact, destination: Path) -> Path:
        return self._runner.run(self.client.download(artifact, destination))

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes:
        async def read() -> bytes:
            async with self.client.stream(artifact, verify=verify) as chunks:
                return b"".join([chunk async for chunk in chunks])

        return self._runner.run(read())

    def delete(self, artifact: Artifact) -> None:
        self._runner.run(self.client.delete(artifact))

    def close(self) -> None:
        self._runner.run(self.client.aclose())
        self._runner.close()


FLAVOURS: dict[str, type[SyncFlow] | type[AsyncFlow]] = {"sync": SyncFlow, "async": AsyncFlow}


@pytest.fixture(params=sorted(FLAVOURS))
def make_flow(
    request: pytest.FixtureRequest, fakes: FakeProviders
) -> Iterator[Callable[..., Flow]]:
    """Build a client of this test's flavour against the fakes (extra options as keywords)."""
    made: list[Flow] = []

    def make(**options: Any) -> Flow:
        options = {"environ": fakes.env(), "timeout": 10, **options}
        flow = FLAVOURS[request.param](**options)
        made.append(flow)
        return flow

    yield make
    for flow in made:
        flow.close()


@pytest.fixture
def flow(make_flow: Callable[..., Flow]) -> Flow:
    return make_flow()


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
