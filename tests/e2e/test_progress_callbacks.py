"""The library's progress callbacks (fsspec's ``Callback`` protocol), with both clients.

The count a callback ends with is the bytes of the files written: a transfer that fails after
some of its bytes were reported takes them back, and a restarted one is not counted twice.
"""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fsspec.callbacks import Callback, TqdmCallback

from ciartifacts import Artifact, DownloadResult
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SCENARIOS, Flow, files_under, sample_run

pytestmark = pytest.mark.e2e

BIG = bytes(range(256)) * 12_000  # ~3 MiB: streamed to disk, not held in memory


class Recorder:
    """A plain callback (no fsspec): records every call, and any two calls that overlap."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.updates: list[int] = []
        self.listed: list[str] = []
        self.done: list[DownloadResult] = []
        self.order: list[tuple[str, str]] = []
        self.overlaps = 0
        self._inside = threading.Lock()

    def _enter(self) -> None:
        if not self._inside.acquire(blocking=False):
            self.overlaps += 1
            self._inside.acquire()
        time.sleep(0)  # let another thread in, were calls not serialized

    def set_size(self, size: int) -> None:
        self._enter()
        self.sizes.append(size)
        self._inside.release()

    def relative_update(self, inc: int = 1) -> None:
        self._enter()
        self.updates.append(inc)
        self._inside.release()

    def file_listed(self, artifact: Artifact) -> None:
        self._enter()
        self.listed.append(artifact.path)
        self.order.append(("listed", artifact.path))
        self._inside.release()

    def file_done(self, result: DownloadResult) -> None:
        self._enter()
        self.done.append(result)
        self.order.append(("done", result.artifact.path))
        self._inside.release()

    @property
    def value(self) -> int:
        return sum(self.updates)


class BytesOnly:
    """The least a callback needs: fsspec's two methods."""

    def __init__(self) -> None:
        self.size = 0
        self.value = 0

    def set_size(self, size: int) -> None:
        self.size = size

    def relative_update(self, inc: int = 1) -> None:
        self.value += inc


def written_bytes(folder: Path) -> int:
    return sum(len(content) for content in files_under(folder).values())


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_recording_callback_follows_every_file_and_byte(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    seeded.add("big/blob.bin", BIG)
    recorder = Recorder()
    report = flow.download_all(seeded.ref, tmp_path, callback=recorder)
    assert report.ok
    received = sum(len(content) for content in seeded.files.values())
    assert recorder.value == received
    assert all(update > 0 for update in recorder.updates)
    # Listed sizes, or (CircleCI lists none) each transfer's Content-Length.
    assert recorder.sizes[-1] == received
    assert recorder.sizes == sorted(recorder.sizes)  # it only grows while nothing fails
    assert sorted(recorder.listed) == sorted(seeded.files)
    assert sorted(r.artifact.path for r in recorder.done) == sorted(seeded.files)
    assert {r.file for r in recorder.done} == {r.file for r in report.results}
    for path in seeded.files:
        assert recorder.order.index(("listed", path)) < recorder.order.index(("done", path))
    assert recorder.overlaps == 0
    assert files_under(tmp_path) == seeded.written


def test_tqdm_callback_ends_at_the_bytes_written(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    for index in range(30):
        fakes.buildkite.add_artifact("acme", "web", 1, f"logs/{index}.log", b"line\n" * index)
    fakes.buildkite.add_artifact("acme", "web", 1, "dist/big.bin", BIG)
    shown = io.StringIO()
    callback = TqdmCallback(tqdm_kwargs={"file": shown, "unit": "B", "mininterval": 0})
    flow.download_all("buildkite:acme/web/1", tmp_path, callback=callback)
    written = written_bytes(tmp_path)
    assert callback.value == written
    assert callback.size == written
    assert callback.tqdm is not None
    assert (callback.tqdm.n, callback.tqdm.total) == (written, written)
    callback.close()
    assert f"{written}/{written}" in shown.getvalue()


def test_fsspec_base_callback_with_hooks(fakes: FakeProviders, flow: Flow, tmp_path: Path) -> None:
    # A plain fsspec Callback has no file_listed / file_done: its __getattr__ answers no-ops.
    seen: list[tuple[int | None, int]] = []
    callback = Callback(hooks={"record": lambda size, value: seen.append((size, value))})
    fakes.empirical.add_artifact(3, "a.bin", b"a" * 5000)
    fakes.empirical.add_artifact(3, "b.bin", BIG)
    flow.download_all("empirical:3", tmp_path, callback=callback)
    assert seen[-1] == (5000 + len(BIG), 5000 + len(BIG))


def test_download_of_one_artifact_reports_its_bytes(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 2, "one.bin", BIG)
    (artifact,) = flow.list("buildkite:acme/web/2")
    callback = BytesOnly()
    path = flow.download(artifact, tmp_path, callback=callback)
    assert (callback.size, callback.value) == (len(BIG), len(BIG)) == (path.stat().st_size,) * 2


@pytest.mark.parametrize("fault", ["truncated", "wrong checksum"])
def test_a_failed_transfer_takes_its_bytes_back(
    fault: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    if fault == "truncated":  # the connection drops halfway through the body
        fakes.empirical.add_artifact(4, "ok.bin", b"o" * 70_000)
        fakes.empirical.add_artifact(4, "broken.bin", BIG)
        fakes.empirical.add_artifact(4, "small.txt", b"s" * 10)
        ref = "empirical:4"
        broken = next(a for a in flow.list(ref) if a.path == "broken.bin")
        fakes.storage.truncate(broken.raw.url)
    else:  # every byte arrives, then fails the check
        fakes.buildkite.add_artifact("acme", "web", 4, "ok.bin", b"o" * 70_000)
        fakes.buildkite.add_artifact("acme", "web", 4, "broken.bin", BIG, sha1sum="1" * 40)
        fakes.buildkite.add_artifact("acme", "web", 4, "small.txt", b"s" * 10)
        ref = "buildkite:acme/web/4"
    recorder = Recorder()
    report = flow.download_all(ref, tmp_path, callback=recorder, raise_on_error=False)
    assert [r.artifact.path for r in report.failed] == ["broken.bin"]
    assert any(update < 0 for update in recorder.updates)  # some of it had been reported
    assert recorder.value == written_bytes(tmp_path) == 70_010
    assert recorder.sizes[-1] == 70_010
    assert max(recorder.sizes) == 70_010 + len(BIG)


def test_a_file_refused_after_its_transfer_takes_its_bytes_back(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    # "a" and "a/b" cannot both be written: the first listed wins, once the listing is
    # complete, possibly after the loser's body arrived.
    fakes.buildkite.add_artifact("acme", "web", 6, "a", b"file a")
    fakes.buildkite.add_artifact("acme", "web", 6, "a/b", BIG)
    recorder = Recorder()
    report = flow.download_all(
        "buildkite:acme/web/6", tmp_path, raise_on_error=False, callback=recorder
    )
    assert [r.artifact.path for r in report.failed] == ["a/b"]
    assert recorder.value == written_bytes(tmp_path) == len(b"file a")
    assert recorder.sizes[-1] == len(b"file a")
    assert len(recorder.done) == 2


def test_an_expired_url_fetched_again_is_counted_once(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.bin", BIG)
    # The first URL handed out is expired: the transfer asks for a fresh one. (One artifact
    # only: with two in parallel, which transfer gets which expired URL would be a race.)
    fakes.storage.issue_expired(1)
    recorder = Recorder()
    report = flow.download_all("buildkite:acme/web/8", tmp_path, callback=recorder)
    assert report.ok
    assert recorder.value == written_bytes(tmp_path) == len(BIG)
    assert all(update > 0 for update in recorder.updates)


def test_skipped_artifacts_are_done_at_once_and_expect_no_bytes(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 9, "ready.txt", b"ready")
    fakes.buildkite.add_artifact("acme", "web", 9, "later.txt", b"not yet", state="new")
    fakes.buildkite.add_artifact("acme", "web", 9, "../escape.txt", b"no")
    recorder = Recorder()
    flow.download_all("buildkite:acme/web/9", tmp_path, callback=recorder, raise_on_error=False)
    assert sorted(recorder.listed) == ["../escape.txt", "later.txt", "ready.txt"]
    outcome: dict[str, Any] = {
        r.artifact.path: (r.file is not None, r.skipped is not None, r.error is not None)
        for r in recorder.done
    }
    assert outcome == {
        "ready.txt": (True, False, False),
        "later.txt": (False, True, False),
        "../escape.txt": (False, False, True),
    }
    assert (recorder.sizes, recorder.value) == ([5], 5)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_files_left_unchanged_are_done_without_bytes(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    flow.download_all(seeded.ref, tmp_path)
    recorder = Recorder()
    report = flow.download_all(seeded.ref, tmp_path, callback=recorder)
    assert len(report.unchanged) == len(seeded.files)
    assert recorder.value == 0
    assert (recorder.sizes or [0])[-1] == 0  # what was expected was taken back: nothing came
    assert sorted(r.artifact.path for r in recorder.done) == sorted(seeded.files)
    assert {r.status for r in recorder.done} == {"unchanged"}
