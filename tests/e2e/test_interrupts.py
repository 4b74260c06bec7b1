"""Interrupted downloads stop within a second and leave nothing half-written: Ctrl-C on the CLI
(once or twice), Ctrl-C in ``Client.download_all``, and cancelling ``AsyncClient.download_all``.
Finished transfers may be in place; unfinished ones never are, and no temporary file remains."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ciartifacts import AsyncClient, Client
from ciartifacts.testing import FakeProviders, SyntheticBlob
from tests.e2e.conftest import files_under

pytestmark = pytest.mark.e2e

REF = "empirical:77"
SMALL = {f"small-{index}.txt": f"small {index}".encode() for index in range(3)}
BIG = [f"big-{index}.bin" for index in range(3)]
BIG_SIZE = 64 * 1024 * 1024


def seed(fakes: FakeProviders) -> None:
    """Three small files that finish at once, three large ones that trickle for a minute
    (past the size kept in memory, so each has a temporary file on disk)."""
    for name, content in SMALL.items():
        fakes.empirical.add_artifact(77, name, content)
    for index, name in enumerate(BIG):
        fakes.empirical.add_artifact(77, name, SyntheticBlob(BIG_SIZE, seed=index))
    with Client(environ=fakes.env()) as client:
        for artifact in client.list_artifacts(REF, "big-*"):
            fakes.storage.trickle(artifact.raw.url, chunk=256 * 1024, interval=0.1)


def temporary_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".ciartifacts-*"))


def wait_for_temporary_files(folder: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while len(temporary_files(folder)) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {count} transfers in flight in {folder}")
        time.sleep(0.02)


def assert_nothing_unfinished(folder: Path) -> None:
    assert temporary_files(folder) == []
    found = files_under(folder)
    assert set(found) <= set(SMALL)  # no large file: none of them finished
    for name, content in found.items():
        assert content == SMALL[name]


def test_cancelling_async_download_all_cleans_up(fakes: FakeProviders, tmp_path: Path) -> None:
    seed(fakes)

    async def run() -> float:
        async with AsyncClient(environ=fakes.env()) as client:
            task = asyncio.create_task(client.download_all(REF, tmp_path, concurrency=8))
            while len(temporary_files(tmp_path)) < len(BIG):
                await asyncio.sleep(0.02)
            cancelled_at = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return time.monotonic() - cancelled_at

    assert asyncio.run(run()) < 1.0
    assert_nothing_unfinished(tmp_path)


def test_ctrl_c_in_client_download_all_cleans_up(fakes: FakeProviders, tmp_path: Path) -> None:
    seed(fakes)
    main_thread = threading.main_thread().ident
    assert main_thread is not None
    interrupted_at: list[float] = []

    def press_ctrl_c() -> None:
        wait_for_temporary_files(tmp_path, len(BIG))
        interrupted_at.append(time.monotonic())
        signal.pthread_kill(main_thread, signal.SIGINT)

    presser = threading.Thread(target=press_ctrl_c, daemon=True)
    presser.start()
    with Client(environ=fakes.env()) as client, pytest.raises(KeyboardInterrupt):
        client.download_all(REF, tmp_path, concurrency=8)
    assert time.monotonic() - interrupted_at[0] < 1.0
    presser.join()
    assert_nothing_unfinished(tmp_path)


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_on_the_cli_exits_130_within_a_second(
    presses: int, fakes: FakeProviders, tmp_path: Path
) -> None:
    seed(fakes)
    command = [sys.executable, "-m", "ciartifacts.cli", "download", REF, "-D", str(tmp_path)]
    process = subprocess.Popen(
        command,
        env={**os.environ, **fakes.env()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_temporary_files(tmp_path, len(BIG))
        interrupted_at = time.monotonic()
        for _ in range(presses):
            process.send_signal(signal.SIGINT)
            time.sleep(0.05)
        _, err = process.communicate(timeout=10)
        elapsed = time.monotonic() - interrupted_at
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert elapsed < 1.0
    assert err.strip().splitlines()[-1] == "ciartifacts: interrupted"
    assert "Traceback" not in err
    assert_nothing_unfinished(tmp_path)


def test_ctrl_c_while_every_transfer_waits_for_its_first_byte(
    fakes: FakeProviders, tmp_path: Path
) -> None:
    for index in range(4):
        fakes.empirical.add_artifact(78, f"f{index}.txt", b"x")
    fakes.storage.latency = 30.0  # no answer for 30 s: every worker is stuck in a request
    command = [sys.executable, "-m", "ciartifacts.cli", "download", "empirical:78", "-D"]
    process = subprocess.Popen(
        [*command, str(tmp_path)],
        env={**os.environ, **fakes.env()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while len(fakes.storage.requests) < 4:
            assert time.monotonic() < deadline, "the downloads never reached storage"
            time.sleep(0.02)
        interrupted_at = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
        elapsed = time.monotonic() - interrupted_at
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert elapsed < 1.0
    assert files_under(tmp_path) == {}
