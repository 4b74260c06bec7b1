"""All four provider fakes and their shared storage, started and stopped together."""

import threading
from types import TracebackType
from typing import Self

from ciartifacts.testing.buildkite import FakeBuildkite
from ciartifacts.testing.circleci import FakeCircleCI
from ciartifacts.testing.empirical import FakeEmpirical
from ciartifacts.testing.server import FakeServer
from ciartifacts.testing.sourcecraft import FakeSourceCraft
from ciartifacts.testing.storage import FakeStorage

__all__ = ["FakeProviders"]


class FakeProviders:
    """``with FakeProviders() as fakes:`` runs storage, Buildkite, CircleCI, SourceCraft, Empirical.

    :meth:`env` gives the environment variables that point the library and the
    CLI at the fakes. ``latency`` (seconds) is waited before every answer of
    every server, storage and CircleCI's artifact host included.
    ``buildkite_rate_limit=(limit, window_seconds)`` enforces Buildkite's rate
    limit (see :class:`FakeBuildkite`).
    """

    def __init__(
        self,
        *,
        signed_url_ttl: float | None = None,
        latency: float = 0.0,
        buildkite_rate_limit: tuple[int, float] | None = None,
    ) -> None:
        self.storage = FakeStorage(signed_url_ttl=signed_url_ttl, latency=latency)
        limit, window = buildkite_rate_limit or (None, 60.0)
        self.buildkite = FakeBuildkite(
            self.storage, latency=latency, rate_limit=limit, rate_window=window
        )
        self.circleci = FakeCircleCI(self.storage, latency=latency)
        self.sourcecraft = FakeSourceCraft(self.storage, latency=latency)
        self.empirical = FakeEmpirical(self.storage, latency=latency)

    def set_latency(self, seconds: float) -> None:
        """Give every server (storage and CircleCI's artifact host too) this latency."""
        if seconds < 0:
            raise ValueError("latency must not be negative")
        for server in self.servers:
            server.latency = seconds

    def reset_connection_counters(self) -> None:
        """:meth:`FakeServer.reset_connection_counters` on every server."""
        for server in self.servers:
            server.reset_connection_counters()

    @property
    def servers(self) -> tuple[FakeServer, ...]:
        """Every server, storage first (CircleCI's artifact host included)."""
        return (
            self.storage,
            self.buildkite,
            self.circleci,
            self.circleci.artifact_host,
            self.sourcecraft,
            self.empirical,
        )

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of exceptions raised inside any of the fakes."""
        return [error for server in self.servers for error in server.internal_errors]

    def start(self) -> Self:
        started: list[FakeServer] = []
        order: tuple[FakeServer, ...] = (
            self.storage,
            self.buildkite,
            self.circleci,
            self.sourcecraft,
            self.empirical,
        )
        try:
            for server in order:
                server.start()
                started.append(server)
        except BaseException:
            for server in reversed(started):
                server.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop everything (idempotent): the APIs side by side, then storage."""
        apis: tuple[FakeServer, ...] = (
            self.buildkite,
            self.circleci,
            self.sourcecraft,
            self.empirical,
        )
        stoppers = [
            threading.Thread(target=api.stop, name=f"stop-{api.name}", daemon=True) for api in apis
        ]
        try:
            for stopper in stoppers:
                stopper.start()
        finally:
            for stopper in stoppers:
                if stopper.is_alive():
                    stopper.join()
            self.storage.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def env(self) -> dict[str, str]:
        """Environment variables pointing ciartifacts at the fakes (URLs and tokens)."""
        return {
            "BUILDKITE_API_URL": self.buildkite.base_url,
            "BUILDKITE_API_TOKEN": self.buildkite.token,
            "CIRCLECI_API_URL": self.circleci.base_url,
            "CIRCLE_TOKEN": self.circleci.token,
            "SOURCECRAFT_API_URL": self.sourcecraft.base_url,
            "SOURCECRAFT_TOKEN": self.sourcecraft.token,
            "EMPIRICAL_API_URL": self.empirical.base_url,
            "EMPIRICALRUN_KEY": self.empirical.token,
        }
