"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Download records go to a folder of the test's own, never the user's cache (and the
    CLI run in subprocesses inherits it)."""
    monkeypatch.setenv("CIARTIFACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
