"""A test certificate authority for fakes that serve HTTPS.

:class:`FakeCA` wraps a `trustme <https://pypi.org/project/trustme/>`_ CA and
one server certificate for the loopback names the fakes bind. trustme is a
test-only dependency: it is imported when a :class:`FakeCA` is made (that is,
when some fake is asked for TLS), never when :mod:`ciartifacts.testing` is
imported, so code that only uses plain-HTTP fakes does not need it.
"""

import contextlib
import ssl
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

__all__ = ["LOOPBACK_NAMES", "FakeCA", "TLSUnavailableError"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "127.0.0.2", "::1")
"""What the server certificate covers by default: every address the fakes bind, and localhost."""

_TRUSTME_MISSING = (
    "HTTPS fakes need the 'trustme' package (a test CA): pip install trustme "
    "(it is in requirements/test.txt)"
)


class TLSUnavailableError(ImportError):
    """TLS was asked for but ``trustme`` is not installed."""


class FakeCA:
    """A throw-away certificate authority and one server certificate signed by it.

    ``FakeCA()`` makes a fresh CA (a new key each time) and issues a certificate
    for ``names`` (by default :data:`LOOPBACK_NAMES`: ``localhost``,
    ``127.0.0.1``, ``127.0.0.2`` and ``::1``). Servers share one
    :meth:`server_context`; a client trusts the CA with :meth:`client_context`
    (``httpx.Client(verify=ca.client_context())``), with the PEM in :attr:`pem`,
    or with a file from :meth:`write_pem` (what ``SSL_CERT_FILE`` wants).

    Raises :class:`TLSUnavailableError` (an ``ImportError``) naming the package
    when ``trustme`` is not installed.
    """

    def __init__(self, names: Iterable[str] = LOOPBACK_NAMES) -> None:
        try:
            import trustme
        except ImportError as error:
            raise TLSUnavailableError(_TRUSTME_MISSING) from error
        self.names: tuple[str, ...] = tuple(names)
        if not self.names:
            raise ValueError("a server certificate needs at least one name")
        self._ca: trustme.CA = trustme.CA(organization_name="ciartifacts fakes")
        self._leaf: trustme.LeafCert = self._ca.issue_cert(*self.names)
        self._lock = threading.Lock()
        self._server_context: ssl.SSLContext | None = None

    @property
    def pem(self) -> bytes:
        """The CA certificate, PEM-encoded: what a client must trust."""
        return self._ca.cert_pem.bytes()

    def write_pem(self, path: str | Path) -> Path:
        """Write :attr:`pem` to ``path`` (a CA bundle of this CA alone) and return the path."""
        target = Path(path)
        target.write_bytes(self.pem)
        return target

    def server_context(self) -> ssl.SSLContext:
        """The servers' TLS context (certificate and key), made once and shared."""
        with self._lock:
            if self._server_context is None:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                self._leaf.configure_cert(context)
                self._server_context = context
            return self._server_context

    def client_context(self) -> ssl.SSLContext:
        """A new client TLS context that trusts this CA alone (hostnames checked)."""
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context


class _BundleFile:
    """A PEM file in a temporary directory of its own, written on demand, removed on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._path: str | None = None

    def path(self, ca: FakeCA) -> str:
        """The file's path, writing ``ca``'s PEM to a new temporary directory if none is there."""
        with self._lock:
            if self._path is None:
                directory = tempfile.TemporaryDirectory(prefix="ciartifacts-fakes-ca-")
                try:
                    path = str(ca.write_pem(Path(directory.name) / "ca.pem"))
                except BaseException:
                    directory.cleanup()
                    raise
                self._directory, self._path = directory, path
            return self._path

    def remove(self) -> None:
        """Remove the file and its directory (idempotent); :meth:`path` writes a new one."""
        with self._lock:
            directory, self._directory, self._path = self._directory, None, None
        if directory is not None:
            with contextlib.suppress(OSError):
                directory.cleanup()
