"""In-process fakes of the provider APIs, for testing code that uses ciartifacts.

Each fake is a real HTTP server on a loopback address, in a daemon thread of the
test process, serving the paths, parameters, status codes, headers and bodies
of ``specs/<provider>.yaml``, with the documented pitfalls reproduced: signed
storage URLs on another origin that refuse API credentials, Buildkite ``Link``
headers carrying a credential, CircleCI answering EDN without
``Accept: application/json``, SourceCraft's ``request_id`` in every error.
Only the standard library is used: importing this module does not import httpx
or any generated client, nor ``trustme`` (needed, and imported, only for HTTPS).

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

Builds, for run selection ("the latest green build on main", "the last N builds"):

* Buildkite: ``add_build(org, pipeline, number=None, *, branch="main",
  state="passed", commit=None, created_at=None)`` returns the number (the
  pipeline's next one by default; ``created_at`` defaults to 2025-01-01 plus
  ``number`` minutes); ``add_job(..., name=, step_key=, state=)``;
  ``retry_job(org, pipeline, build, job_id, state="passed")`` adds the next
  attempt of a step and marks the old job ``retried``. The pipeline's build
  listing is newest first, filtered by ``branch``, ``state`` (``finished``
  too), ``commit`` and creation/finish times, paged like artifact lists; builds
  show only the latest attempt of each step unless ``include_retried_jobs=true``,
  while artifact lists keep every attempt's artifacts;
* CircleCI: ``add_build(vcs, org, project, build_num, *, branch=, status=,
  vcs_revision=, queued_at=, lifecycle=, outcome=, workflow_id=,
  workflow_name=, job_name=)``; the recent-builds routes (the project's and
  ``/tree/{branch}``) list jobs newest first, ``limit``/``offset``, ``filter``
  as ``latest/artifacts`` means it, ``shallow``.

Misbehaviour on demand (all opt-in: by default the fakes answer as the specs say):

* ``fake.fail_next(502, "<html>Bad Gateway</html>")``: the next answer is exactly
  that, as from a proxy (any fake, storage and the CircleCI artifact host too);
  ``fail_next(500)`` answers an empty 500;
* ``fake.error_next(503)``: a provider-shaped error;
* ``fake.echo_credentials_next(401, count=1)``: a provider-shaped error whose
  message quotes the request's ``Authorization`` / ``Circle-Token`` headers back
  (``bad credentials: Authorization: Bearer bkua_...``), for redaction tests;
* ``fake.rate_limit_next(n)``: Buildkite 429 with ``RateLimit-Reset: 1`` (no
  ``Retry-After``), CircleCI 429 with ``Retry-After: 1``;
* ``FakeBuildkite(storage, rate_limit=100, rate_window=5.0)`` (or
  ``FakeProviders(options={"buildkite": {"rate_limit": 100, "rate_window": 5.0}})``,
  or the attributes): the
  limit enforced in fixed windows, 429 past it (``buildkite.rate_limited_count``),
  ``RateLimit-Reset`` rounded up to whole seconds;
* ``pagination_fault = "endless"`` / ``"loop"`` on Buildkite and Empirical:
  listings that never end or lead back to page 1 (see each class);
* ``extra={...}`` on every ``add_artifact`` (and Empirical's ``add_resource``,
  ``add_build`` and Buildkite's ``add_job``):
  fields merged over the rendered JSON only, e.g. ``{"path": None}``,
  ``{"file_size": "12"}``, ``{"download_url": "http://[::1/x"}``;
* ``storage.expire(url)``, ``storage.issue_expired(n)``: signed URLs answer 403;
  ``storage.corrupt(url)``: same size, other bytes; ``storage.truncate(url)``:
  the connection drops halfway; ``storage.trickle(url, chunk=1, interval=0.3)``:
  full ``Content-Length``, then the body a few bytes at a time;
  ``storage.answer_status(url, 204 | 206 | 201 | ...)``: a surprising 2xx;
  ``storage.rate_limit_for(seconds, retry_after=1, status=503)``: a throttling
  storm of S3 ``SlowDown`` (``storage.throttled_count``);
* ranges: storage answers ``Range: bytes=...`` with 206 (416 past the end) like
  S3; ``storage.honour_range = False`` or ``storage.ignore_range(url)`` make it
  answer 200 with the whole body instead;
* large files without memory: ``SyntheticBlob(size, seed)`` as content (compare
  with :func:`synthetic_sha1`).

Instrumentation: ``latency=`` (seconds; a constructor keyword, an attribute of
every server, ``FakeProviders(latency=...)`` / ``fakes.set_latency(s)`` for all)
is waited before every answer, concurrent requests overlapping;
``server.connections_opened``, ``server.open_connections`` and
``server.peak_connections`` count TCP connections (``reset_connection_counters()``).

``fake.requests`` logs method, path, header names and query parameter names
(values only for harmless headers such as Accept): no credential is ever stored.

HTTPS (opt-in, needs the test-only package ``trustme``, imported only then):
``FakeProviders(tls=True)`` serves every fake over TLS with certificates from
one throw-away :class:`FakeCA` (covering ``localhost``, ``127.0.0.1``,
``127.0.0.2`` and ``::1``), and every URL handed out starts with ``https://``.
``storage_tls=False`` keeps storage on plain HTTP behind HTTPS APIs (downgrade
tests). A client trusts the CA through ``fakes.ca.client_context()`` (an
``ssl.SSLContext`` for ``httpx.Client(verify=...)``) or ``fakes.ca_bundle`` (a
PEM file that exists while the fakes run), which ``fakes.env()`` also gives as
``SSL_CERT_FILE``. The ciartifacts clients read ``SSL_CERT_FILE`` from
``os.environ``: for an in-process client, set it there (``monkeypatch.setenv``)::

    with FakeProviders(tls=True) as fakes:
        for name, value in fakes.env().items():  # SSL_CERT_FILE included
            monkeypatch.setenv(name, value)
        ...

Each server also takes ``tls=True`` (a CA of its own) or ``tls=ca`` (a shared
:class:`FakeCA`): ``FakeStorage(tls=True)``, ``FakeBuildkite(storage, tls=ca)``,
``FakeCircleCI(storage, tls=ca, artifact_host_tls=False)``, with
``server.ca``, ``server.scheme`` and ``server.ca_bundle``.

:class:`FakeProxy` is a recording HTTP forward proxy (``with FakeProxy() as
proxy:``, then ``HTTP_PROXY=proxy.url``): it forwards absolute-form requests
and tunnels ``CONNECT`` (TLS to an HTTPS fake passes through it end to end; the
proxy itself speaks plain HTTP), and ``proxy.requests`` / ``proxy.origins``
tell what it carried, by names only.
"""

from typing import Any

from ciartifacts.testing.bundle import FakeProviders, fake_class
from ciartifacts.testing.pagination import ENDLESS_TOTAL_PAGES, PaginationFault
from ciartifacts.testing.proxy import FakeProxy, ProxiedRequest
from ciartifacts.testing.samples import SampleHistory, SampleRun
from ciartifacts.testing.server import FakeAPI, FakeServer, LoopbackServer, RecordedRequest
from ciartifacts.testing.storage import (
    Blob,
    FakeStorage,
    SyntheticBlob,
    synthetic_bytes,
    synthetic_sha1,
)
from ciartifacts.testing.tls import FakeCA, TLSUnavailableError


def __getattr__(name: str) -> Any:
    # Each provider's fake lives in its module (ciartifacts.testing.<provider>, where type
    # checkers see it); it is reachable from here by its class name too (FakeBuildkite, ...).
    from ciartifacts.providers import PROVIDERS

    for provider in PROVIDERS:
        cls = fake_class(provider)
        if cls.__name__ == name:
            return cls
    raise AttributeError(f"module 'ciartifacts.testing' has no attribute {name!r}")


__all__ = [
    "ENDLESS_TOTAL_PAGES",
    "Blob",
    "FakeAPI",
    "FakeCA",
    "FakeProviders",
    "FakeProxy",
    "FakeServer",
    "FakeStorage",
    "LoopbackServer",
    "PaginationFault",
    "ProxiedRequest",
    "RecordedRequest",
    "SampleHistory",
    "SampleRun",
    "SyntheticBlob",
    "TLSUnavailableError",
    "fake_class",
    "synthetic_bytes",
    "synthetic_sha1",
]
