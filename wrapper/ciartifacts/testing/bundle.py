"""Every registered provider's fake and their shared storage, started and stopped together."""

import importlib
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from ciartifacts.providers import PROVIDERS
from ciartifacts.testing.server import FakeAPI, FakeServer
from ciartifacts.testing.storage import FakeStorage
from ciartifacts.testing.tls import FakeCA, _BundleFile

__all__ = ["FakeProviders", "fake_class"]


def fake_class(provider: str) -> type[FakeAPI]:
    """The fake of a registered provider: ``FAKE`` in ``ciartifacts.testing.<provider>``."""
    if provider not in PROVIDERS:
        raise KeyError(f"no registered provider {provider!r}")
    cls: type[FakeAPI] = importlib.import_module(f"ciartifacts.testing.{provider}").FAKE
    return cls


class FakeProviders:
    """``with FakeProviders() as fakes:`` runs storage and the fake of every registered provider.

    Each fake is an attribute named after its provider (``fakes.buildkite``,
    ``fakes.circleci``, ...) and a value of :attr:`apis`. :meth:`env` gives the
    environment variables that point the library and the CLI at all of them.
    ``latency`` (seconds) is waited before every answer of every server, storage
    and the fakes' extra hosts included. ``options`` passes keyword arguments
    to one provider's fake: ``options={"buildkite": {"rate_limit": 100,
    "rate_window": 5.0}}`` enforces Buildkite's rate limit (see
    :class:`~ciartifacts.testing.buildkite.FakeBuildkite`).

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
        tls: bool | FakeCA = False,
        storage_tls: bool | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        options = dict(options or {})
        unknown = sorted(set(options) - set(PROVIDERS))
        if unknown:
            raise ValueError(f"options for unregistered providers: {', '.join(unknown)}")
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
        self.apis: dict[str, FakeAPI] = {
            name: fake_class(name)(
                self.storage, latency=latency, tls=api_tls, **options.get(name, {})
            )
            for name in PROVIDERS
        }
        """Each registered provider's fake, by provider name, in registry order."""

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not attributes: the fakes, by provider name.
        apis = self.__dict__.get("apis", {})
        if name in apis:
            return apis[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

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
        """Every server, storage first (the fakes' extra hosts included)."""
        return (self.storage, *(server for api in self.apis.values() for server in api.servers))

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of exceptions raised inside any of the fakes."""
        return [error for server in self.servers for error in server.internal_errors]

    def start(self) -> Self:
        started: list[FakeServer] = []
        order: tuple[FakeServer, ...] = (self.storage, *self.apis.values())
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
        stoppers = [
            threading.Thread(target=api.stop, name=f"stop-{api.name}", daemon=True)
            for api in self.apis.values()
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
        found: dict[str, str] = {}
        for api in self.apis.values():
            found.update(api.env())
        if self.ca is not None:
            found["SSL_CERT_FILE"] = self.ca_bundle
        return found
