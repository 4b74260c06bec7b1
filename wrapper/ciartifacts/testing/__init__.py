"""In-process fakes of the provider APIs, for testing code that uses ciartifacts.

Each fake is a real HTTP server on a loopback address, in a daemon thread of the
test process, serving the paths, parameters, status codes, headers and bodies
of ``specs/<provider>.yaml``, with the documented pitfalls reproduced: signed
storage URLs on another origin that refuse API credentials, Buildkite ``Link``
headers carrying a credential, CircleCI answering EDN without
``Accept: application/json``, SourceCraft's ``request_id`` in every error.
Only the standard library is used: importing this module does not import httpx
or any generated client.

Start everything at once::

    from ciartifacts.testing import FakeProviders

    with FakeProviders() as fakes:
        fakes.buildkite.add_artifact("acme", "web", 42, "dist/app.tar.gz", b"...")
        fakes.empirical.add_artifact(456, "summary.json", b"{}")
        env = fakes.env()  # BUILDKITE_API_URL, BUILDKITE_API_TOKEN, CIRCLE_TOKEN, ...
        ...
        assert fakes.storage.credential_attempts == 0  # no token ever reached storage

or one provider with its storage::

    with FakeStorage() as storage, FakeBuildkite(storage) as buildkite:
        buildkite.add_artifact("acme", "web", 42, "report.xml", b"<xml/>")
        # buildkite.base_url ends in /v2; authenticate with buildkite.token

In a pytest suite, a fixture (no plugin needed)::

    from collections.abc import Iterator
    from pathlib import Path

    import pytest
    from ciartifacts.testing import FakeProviders

    @pytest.fixture
    def fakes(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProviders]:
        with FakeProviders() as fakes:
            for name, value in fakes.env().items():
                monkeypatch.setenv(name, value)
            yield fakes
            assert not fakes.internal_errors

    def test_download(fakes: FakeProviders, tmp_path: Path) -> None:
        fakes.circleci.add_artifact("github", "acme", "web", 7, "/tmp/out/a.txt", b"hi")
        ...  # run your code against the fakes
        assert fakes.storage.credential_attempts == 0

Misbehaviour on demand:

* ``fake.fail_next(502, "<html>Bad Gateway</html>")``: the next answer is exactly
  that, as from a proxy (any fake, storage and the CircleCI artifact host too);
  ``fail_next(500)`` answers an empty 500;
* ``fake.error_next(503)``: a provider-shaped error;
* ``fake.rate_limit_next(n)``: Buildkite 429 with ``RateLimit-Reset: 1`` (no
  ``Retry-After``), CircleCI 429 with ``Retry-After: 1``;
* ``storage.expire(url)``, ``storage.issue_expired(n)``: signed URLs answer 403;
  ``storage.corrupt(url)``: same size, other bytes; ``storage.truncate(url)``:
  the connection drops halfway;
* large files without memory: ``SyntheticBlob(size, seed)`` as content (compare
  with :func:`synthetic_sha1`).

``fake.requests`` logs method, path, header names and query parameter names
(values only for harmless headers such as Accept): no credential is ever stored.
"""

from ciartifacts.testing.buildkite import FakeBuildkite
from ciartifacts.testing.bundle import FakeProviders
from ciartifacts.testing.circleci import FakeCircleCI
from ciartifacts.testing.empirical import FakeEmpirical
from ciartifacts.testing.pagination import ENDLESS_TOTAL_PAGES, PaginationFault
from ciartifacts.testing.proxy import FakeProxy, ProxiedRequest
from ciartifacts.testing.server import FakeAPI, FakeServer, LoopbackServer, RecordedRequest
from ciartifacts.testing.sourcecraft import FakeSourceCraft
from ciartifacts.testing.storage import (
    Blob,
    FakeStorage,
    SyntheticBlob,
    synthetic_bytes,
    synthetic_sha1,
)

__all__ = [
    "ENDLESS_TOTAL_PAGES",
    "Blob",
    "FakeAPI",
    "FakeBuildkite",
    "FakeCircleCI",
    "FakeEmpirical",
    "FakeProviders",
    "FakeProxy",
    "FakeServer",
    "FakeSourceCraft",
    "FakeStorage",
    "LoopbackServer",
    "PaginationFault",
    "ProxiedRequest",
    "RecordedRequest",
    "SyntheticBlob",
    "synthetic_bytes",
    "synthetic_sha1",
]
