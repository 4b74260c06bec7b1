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
from ciartifacts.testing.tls import FakeCA, _BundleFile

__all__ = ["FakeProviders"]


class FakeProviders:
    """``with FakeProviders() as fakes:`` runs storage, Buildkite, CircleCI, SourceCraft, Empirical.

    :meth:`env` gives the environment variables that point the library and the
    CLI at the fakes. ``latency`` (seconds) is waited before every answer of
    every server, storage and CircleCI's artifact host included.
    ``buildkite_rate_limit=(limit, window_seconds)`` enforces Buildkite's rate
    limit (see :class:`FakeBuildkite`).

    ``tls=True`` serves everything over HTTPS with certificates from one new
    :class:`FakeCA` (``tls=<FakeCA>``: from that one), so every URL handed out
    starts with ``https://``; it needs the ``trustme`` package. ``storage_tls``
    sets storage apart (by default it follows ``tls``): ``tls=True,
    storage_tls=False`` has HTTPS APIs hand out plain ``http://`` storage URLs,
    for downgrade tests; ``storage_tls=True`` alone makes only storage HTTPS.
    :attr:`ca` is the CA (None without TLS); while running, :attr:`ca_bundle`
    is a PEM file of it, and :meth:`env` adds ``SSL_CERT_FILE`` pointing there.
    """

    def __init__(
        self,
        *,
        signed_url_ttl: float | None = None,
        latency: float = 0.0,
        buildkite_rate_limit: tuple[int, float] | None = None,
        tls: bool | FakeCA = False,
        storage_tls: bool | None = None,
    ) -> None:
        apis_secure = tls is not False
        storage_secure = apis_secure if storage_tls is None else storage_tls
        self.ca: FakeCA | None = (
            tls if isinstance(tls, FakeCA) else FakeCA() if apis_secure or storage_secure else None
        )
        """The CA of every HTTPS server here; None when all of them serve plain HTTP."""
        api_tls: bool | FakeCA = self.ca if apis_secure and self.ca is not None else False
        self._bundle = _BundleFile()
        self._running = False
        self.storage = FakeStorage(
            signed_url_ttl=signed_url_ttl,
            latency=latency,
            tls=self.ca if storage_secure and self.ca is not None else False,
        )
        limit, window = buildkite_rate_limit or (None, 60.0)
        self.buildkite = FakeBuildkite(
            self.storage, latency=latency, rate_limit=limit, rate_window=window, tls=api_tls
        )
        self.circleci = FakeCircleCI(self.storage, latency=latency, tls=api_tls)
        self.sourcecraft = FakeSourceCraft(self.storage, latency=latency, tls=api_tls)
        self.empirical = FakeEmpirical(self.storage, latency=latency, tls=api_tls)

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
            if self.ca is not None:
                self._bundle.path(self.ca)  # there for as long as the servers run
        except BaseException:
            for server in reversed(started):
                server.stop()
            self._bundle.remove()
            raise
        self._running = True
        return self

    def stop(self) -> None:
        """Stop everything (idempotent): the APIs side by side, then storage.

        The :attr:`ca_bundle` file is removed.
        """
        self._running = False
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
            self._bundle.remove()

    @property
    def running(self) -> bool:
        """Between :meth:`start` and :meth:`stop`."""
        return self._running

    @property
    def ca_bundle(self) -> str:
        """Path of a PEM file holding :attr:`ca`'s certificate (for ``SSL_CERT_FILE``).

        It lives in a temporary directory of these fakes', written by :meth:`start`
        and removed by :meth:`stop` (each start writes a new one). RuntimeError
        without TLS, or when the fakes are not running.
        """
        if self.ca is None:
            raise RuntimeError("the fakes serve plain HTTP: FakeProviders(tls=True) for a CA")
        if not self._running:
            raise RuntimeError("the fakes are not running: call start() first")
        return self._bundle.path(self.ca)

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
        """Environment variables pointing ciartifacts at the fakes (URLs and tokens).

        With TLS, ``SSL_CERT_FILE`` too: :attr:`ca_bundle`, so that httpx (and the
        ciartifacts clients, which read it from ``os.environ`` when they make their TLS
        context) trust the fakes' CA, and only it. An in-process client needs it in
        the process environment (``monkeypatch.setenv``), not merely in a mapping
        handed to it; a subprocess needs it in its ``env``.
        """
        tls = {"SSL_CERT_FILE": self.ca_bundle} if self.ca is not None else {}
        return {
            "BUILDKITE_API_URL": self.buildkite.base_url,
            "BUILDKITE_API_TOKEN": self.buildkite.token,
            "CIRCLECI_API_URL": self.circleci.base_url,
            "CIRCLE_TOKEN": self.circleci.token,
            "SOURCECRAFT_API_URL": self.sourcecraft.base_url,
            "SOURCECRAFT_TOKEN": self.sourcecraft.token,
            "EMPIRICAL_API_URL": self.empirical.base_url,
            "EMPIRICALRUN_KEY": self.empirical.token,
            **tls,
        }
