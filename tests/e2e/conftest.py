"""Provider fakes on loopback, and clients pointed at them. Storage must never see a credential.

``flow`` is the conformance fixture: one test runs against the synchronous and the
asynchronous client alike (the async one driven by its own event loop), so a behaviour that
either client lacks fails there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from ciartifacts import AsyncClient, Client
from ciartifacts.downloads import DownloadReport
from ciartifacts.model import Artifact
from ciartifacts.providers import PROVIDERS
from ciartifacts.refs import Ref
from ciartifacts.testing import FakeProviders, SampleRun, fake_class


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

    def runs(self, ref: Ref | str, limit: int = 1) -> list[Ref]: ...

    def resolve(self, ref: Ref | str) -> Ref: ...

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport: ...

    def download(self, artifact: Artifact, destination: Path, **kwargs: Any) -> Path: ...

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes: ...

    def read_range(
        self, artifact: Artifact, start: int, stop: int | None = None
    ) -> tuple[bytes, bool, int | None]:
        """``stream_range``'s bytes, ``whole_body_sent`` and ``total``."""
        ...

    def delete(self, artifact: Artifact) -> None: ...

    def close(self) -> None: ...


class SyncFlow:
    flavour = "sync"

    def __init__(self, **kwargs: Any) -> None:
        self.client = Client(**kwargs)

    def list(self, ref: Ref | str, patterns: Sequence[str] = ()) -> list[Artifact]:
        return list(self.client.list_artifacts(ref, patterns))

    def runs(self, ref: Ref | str, limit: int = 1) -> list[Ref]:
        return self.client.runs(ref, limit)

    def resolve(self, ref: Ref | str) -> Ref:
        return self.client.resolve(ref)

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport:
        return self.client.download_all(ref, destination, patterns, **kwargs)

    def download(self, artifact: Artifact, destination: Path, **kwargs: Any) -> Path:
        return self.client.download(artifact, destination, **kwargs)

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes:
        with self.client.stream(artifact, verify=verify) as chunks:
            return b"".join(chunks)

    def read_range(
        self, artifact: Artifact, start: int, stop: int | None = None
    ) -> tuple[bytes, bool, int | None]:
        with self.client.stream_range(artifact, start, stop) as part:
            return b"".join(part.chunks), part.whole_body_sent, part.total

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

    def runs(self, ref: Ref | str, limit: int = 1) -> list[Ref]:
        return self._runner.run(self.client.runs(ref, limit))

    def resolve(self, ref: Ref | str) -> Ref:
        return self._runner.run(self.client.resolve(ref))

    def download_all(
        self, ref: Ref | str, destination: Path, patterns: Sequence[str] = (), **kwargs: Any
    ) -> DownloadReport:
        return self._runner.run(self.client.download_all(ref, destination, patterns, **kwargs))

    def download(self, artifact: Artifact, destination: Path, **kwargs: Any) -> Path:
        return self._runner.run(self.client.download(artifact, destination, **kwargs))

    def read(self, artifact: Artifact, *, verify: bool = True) -> bytes:
        async def read() -> bytes:
            async with self.client.stream(artifact, verify=verify) as chunks:
                return b"".join([chunk async for chunk in chunks])

        return self._runner.run(read())

    def read_range(
        self, artifact: Artifact, start: int, stop: int | None = None
    ) -> tuple[bytes, bool, int | None]:
        async def read() -> tuple[bytes, bool, int | None]:
            async with self.client.stream_range(artifact, start, stop) as part:
                data = b"".join([chunk async for chunk in part.chunks])
                return data, part.whole_body_sent, part.total

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


SAMPLE_FILES: dict[str, bytes] = {
    "dist/app.tar.gz": b"\x1f\x8b binary \x00\xff" * 1000,
    "dist/checksums.txt": b"sha1 ...\n",
    "reports/junit.xml": b"<testsuite/>",
    "logs/build.log": b"ok\n" * 5000,
    "README": b"",
}
"""What every scenario's sample run holds: the same paths and bytes on every provider."""


def _scenarios() -> dict[str, tuple[str, str]]:
    found = {}
    for provider in PROVIDERS:
        kinds = fake_class(provider).sample_kinds
        for kind in kinds:
            found[provider if kind == kinds[0] else f"{provider}-{kind}"] = (provider, kind)
    return found


SCENARIO_KINDS = _scenarios()
"""Every kind of run of every registered provider: ``buildkite``, ..., ``empirical-resources``."""
SCENARIOS = sorted(SCENARIO_KINDS)
PAGED_SCENARIOS = sorted(
    name
    for name, (provider, kind) in SCENARIO_KINDS.items()
    if kind in fake_class(provider).paged_kinds
)
"""The scenarios whose listings come in pages (and whose fakes can page badly)."""


def provider_of(scenario: str) -> str:
    return SCENARIO_KINDS[scenario][0]


def sample_run(fakes: FakeProviders, scenario: str) -> SampleRun:
    """A new run of ``scenario`` on its provider's fake, holding :data:`SAMPLE_FILES`."""
    provider, kind = SCENARIO_KINDS[scenario]
    run = fakes.apis[provider].sample_run(kind)
    for path, content in SAMPLE_FILES.items():
        run.add(path, content)
    return run


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative POSIX path (temporary files would show up too)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
