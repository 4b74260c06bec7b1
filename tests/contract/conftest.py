"""A Prism mock of each spec, started on a free loopback port for the test session."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.specs import ROOT

PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Prism exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(
        f"Prism did not listen on port {port} within {STARTUP_SECONDS}s:\n{log.read_text()}"
    )


class PrismMocks:
    """Starts one Prism mock per spec on first use and stops them all at the end."""

    def __init__(self, logs: Path) -> None:
        self._logs = logs
        self._running: dict[str, tuple[subprocess.Popen[bytes], str]] = {}

    def url(self, provider: str) -> str:
        if provider not in self._running:
            self._running[provider] = self._start(provider)
        return self._running[provider][1]

    def _start(self, provider: str) -> tuple[subprocess.Popen[bytes], str]:
        if not PRISM.is_file():
            pytest.fail("Prism is not installed: run `npm ci` (nox -s tests does it for you)")
        port = free_port()
        log = self._logs / f"{provider}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), f"specs/{provider}.yaml"],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until_listening(process, port, log)
        except BaseException:
            stop(process)
            raise
        return process, f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        for process, _ in self._running.values():
            stop(process)
        self._running.clear()


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismMocks]:
    mocks = PrismMocks(tmp_path_factory.mktemp("prism"))
    try:
        yield mocks
    finally:
        mocks.stop_all()
