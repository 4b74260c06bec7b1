"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def _no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-config")


@pytest.fixture(autouse=True)
def _isolated_config(
    _no_user_config: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the configuration file, the settings or the download records of the user
    running it (the CLI run in subprocesses inherits the same)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_no_user_config))
    monkeypatch.setenv("CIARTIFACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("CIARTIFACTS_CONFIG", "CIARTIFACTS_TIMEOUT", "CIARTIFACTS_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CIARTIFACTS_LOG", raising=False)
