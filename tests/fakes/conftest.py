"""Fixtures for the provider fakes' own tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ciartifacts.testing import FakeProviders, FakeProxy


@pytest.fixture
def fakes() -> Iterator[FakeProviders]:
    """All fakes, fresh for each test; checks they raised nothing and left no thread behind."""
    before = set(threading.enumerate())
    with FakeProviders() as running:
        yield running
        errors = running.internal_errors
    assert not errors, "\n".join(errors)
    leaked = [thread for thread in threading.enumerate() if thread not in before]
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture
def tls_fakes() -> Iterator[FakeProviders]:
    """All fakes over HTTPS (one test CA), checked like ``fakes``; the CA file goes on stop."""
    before = set(threading.enumerate())
    with FakeProviders(tls=True) as running:
        bundle = Path(running.ca_bundle)
        yield running
        errors = running.internal_errors
    assert not errors, "\n".join(errors)
    leaked = [thread for thread in threading.enumerate() if thread not in before]
    assert not leaked, f"threads left running: {leaked}"
    assert not bundle.parent.exists(), "the CA bundle outlived the fakes"


@pytest.fixture
def https(tls_fakes: FakeProviders) -> Iterator[httpx.Client]:
    """An httpx client that trusts the fakes' CA (and nothing else); follows no redirects."""
    assert tls_fakes.ca is not None
    verify = tls_fakes.ca.client_context()
    with httpx.Client(timeout=10.0, follow_redirects=False, verify=verify) as client:
        yield client


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A plain httpx client that never follows redirects on its own.

    Every fake speaks plain HTTP on loopback: ``verify=False`` only skips loading a
    CA bundle (30 ms per client) that no request would use.
    """
    with httpx.Client(timeout=10.0, follow_redirects=False, verify=False) as client:
        yield client


@pytest.fixture
def proxy() -> Iterator[FakeProxy]:
    """A recording forward proxy; checks it left no thread behind.

    Only the proxy's own threads: the fakes' are checked by their fixture, which
    stops them later.
    """
    with FakeProxy() as running:
        yield running
    leaked = [thread for thread in threading.enumerate() if thread.name.startswith("proxy-")]
    assert not leaked, f"threads left running: {leaked}"
