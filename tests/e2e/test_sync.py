"""A second download into the same folder fetches only what is not already there, verified.

Parametrized over every registered provider's runs and both clients, like the conformance
suite: what is compared (the provider's checksum, else the size) comes from the listing, so
a provider that lists neither has its files fetched again, and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ciartifacts.model import Artifact
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SCENARIOS, Flow, files_under, sample_run

pytestmark = pytest.mark.e2e


def compared_by(artifact: Artifact, written: Path) -> str:
    """How a file of ``artifact`` already on disk is recognised: the listing's checksum or
    size, or, where neither can (nothing listed; a zip unpacked), the download record."""
    if written.is_dir():
        return "record"
    if artifact.checksum is not None:
        return artifact.checksum.algorithm
    return "size" if artifact.size is not None else "record"


@pytest.mark.parametrize("extract", [True, False], ids=["extract", "no-extract"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_second_download_asks_storage_for_nothing(
    scenario: str, extract: bool, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    first = flow.download_all(seeded.ref, tmp_path, extract=extract)
    assert len(first.downloaded) == len(seeded.files)
    written = files_under(tmp_path)
    before = len(fakes.storage.requests)

    second = flow.download_all(seeded.ref, tmp_path, extract=extract)

    assert len(fakes.storage.requests) == before
    assert files_under(tmp_path) == written
    assert second.downloaded == []
    assert len(second.unchanged) == len(seeded.files)
    for result in second.unchanged:
        assert result.file is not None
        assert result.unchanged == compared_by(result.artifact, result.file)
        assert result.status == "unchanged"
        assert result.file.exists()
    if extract and any(r.file is not None and r.file.is_dir() for r in first.results):
        assert any(r.unchanged == "record" for r in second.results)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_relative_destination_works_the_same(
    scenario: str,
    fakes: FakeProviders,
    flow: Flow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``-D out`` as typed: paths checked inside the folder come back resolved, the folder as
    given; the record and the checks must agree on both (with a zip unpacked where the
    provider serves them)."""
    seeded = sample_run(fakes, scenario)
    if seeded.takes_archives:
        seeded.add_archive("test-results", {"junit.xml": b"<testsuite/>", "sub/log.txt": b"ok\n"})
    monkeypatch.chdir(tmp_path)
    first = flow.download_all(seeded.ref, Path("out"))
    assert first.ok
    assert files_under(tmp_path / "out") == seeded.written
    before = len(fakes.storage.requests)

    second = flow.download_all(seeded.ref, Path("out"))

    assert len(fakes.storage.requests) == before
    assert {r.status for r in second.results} == {"unchanged"}
    if seeded.takes_archives:
        assert any(r.unchanged == "record" for r in second.results)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_changed_file_is_fetched_again_and_force_fetches_all(
    scenario: str, fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    seeded = sample_run(fakes, scenario)
    first = flow.download_all(seeded.ref, tmp_path, extract=False)
    by_path = {r.artifact.path: r for r in first.downloaded}
    victim = by_path[next(p for p in seeded.files if p.endswith("build.log"))]
    assert victim.file is not None
    original = victim.file.read_bytes()
    # Same size, other bytes: only a checksum can tell; without one the size cannot.
    victim.file.write_bytes(b"X" * len(original))

    again = flow.download_all(seeded.ref, tmp_path, extract=False)
    result = next(r for r in again.results if r.artifact.path == victim.artifact.path)
    if victim.artifact.checksum is not None:
        assert result.status == "downloaded"
        assert victim.file.read_bytes() == original
    else:
        assert result.status == ("unchanged" if victim.artifact.size is not None else "downloaded")

    victim.file.write_bytes(original + b"longer")
    again = flow.download_all(seeded.ref, tmp_path, extract=False)
    result = next(r for r in again.results if r.artifact.path == victim.artifact.path)
    assert result.status == "downloaded"
    assert victim.file.read_bytes() == original

    before = len(fakes.storage.requests)
    forced = flow.download_all(seeded.ref, tmp_path, extract=False, force=True)
    assert len(forced.downloaded) == len(seeded.files)
    assert not forced.unchanged
    assert len(fakes.storage.requests) - before == len(seeded.files)


def test_a_file_moved_by_a_later_clash_is_not_taken_as_unchanged(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    """``a.txt`` of job 1 was downloaded alone; now job 2 has an ``a.txt`` too, so both go to
    per-job folders: the old top-level file is neither of them."""
    job1 = fakes.buildkite.add_artifact("acme", "web", 7, "a.txt", b"one", job_id="job-1")
    assert job1
    flow.download_all("buildkite:acme/web/7", tmp_path)
    assert files_under(tmp_path) == {"a.txt": b"one"}
    fakes.buildkite.add_artifact("acme", "web", 7, "a.txt", b"two", job_id="job-2")

    report = flow.download_all("buildkite:acme/web/7", tmp_path)

    assert sorted(r.status for r in report.results) == ["downloaded", "downloaded"]
    written = files_under(tmp_path)
    assert written.pop("a.txt") == b"one"  # left alone: never ours to remove
    assert sorted(written.values()) == [b"one", b"two"]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_file_found_unchanged_before_a_later_page_moves_it_is_fetched_after_all(
    flavour: str, tmp_path: Path
) -> None:
    """The worker finds ``a.txt`` unchanged while page 2 is still on its way; page 2 holds a
    second ``a.txt`` (another job), so both go to per-job folders and the file found is
    neither: the first must be fetched after all, into its job's folder."""
    from tests.e2e.conftest import FLAVOURS

    with FakeProviders(latency=0.05) as fakes:
        fakes.buildkite.add_artifact("acme", "web", 7, "a.txt", b"one", job_id="job-1")
        for index in range(100):  # page 1 is full: the clash comes on page 2
            fakes.buildkite.add_artifact("acme", "web", 7, f"f{index}.txt", b"f", job_id="job-1")
        flow = FLAVOURS[flavour](environ=fakes.env(), timeout=10)
        try:
            flow.download_all("buildkite:acme/web/7", tmp_path)
            fakes.buildkite.add_artifact("acme", "web", 7, "a.txt", b"two", job_id="job-2")
            report = flow.download_all("buildkite:acme/web/7", tmp_path)
        finally:
            flow.close()
    by_status: dict[str, list[str]] = {}
    for result in report.results:
        by_status.setdefault(result.status, []).append(result.artifact.path)
    assert by_status == {
        "downloaded": ["a.txt", "a.txt"],
        "unchanged": [f"f{i}.txt" for i in range(100)],
    }
    written = {
        path: content for path, content in files_under(tmp_path).items() if path.endswith("a.txt")
    }
    assert written.pop("a.txt") == b"one"  # the first download's, left alone
    assert sorted(written.values()) == [b"one", b"two"]
    assert all("/" in path for path in written)


def test_a_symlink_where_the_file_goes_is_never_unchanged(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 8, "a.txt", b"same")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"same")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").symlink_to(outside)

    report = flow.download_all("buildkite:acme/web/8", folder, raise_on_error=False)

    assert report.unchanged == []
    assert outside.read_bytes() == b"same"


def test_a_dry_run_plans_without_asking_storage_or_writing(
    fakes: FakeProviders, flow: Flow, tmp_path: Path
) -> None:
    fakes.buildkite.add_artifact("acme", "web", 9, "kept.txt", b"kept")
    fakes.buildkite.add_artifact("acme", "web", 9, "new.bin", b"n" * 300)
    fakes.buildkite.add_artifact("acme", "web", 9, "pending.txt", b"p", state="new")
    fakes.buildkite.add_artifact("acme", "web", 9, "../evil", b"e")
    (tmp_path / "kept.txt").write_bytes(b"kept")

    report = flow.download_all("buildkite:acme/web/9", tmp_path, dry_run=True, raise_on_error=False)

    assert fakes.storage.requests == []
    assert files_under(tmp_path) == {"kept.txt": b"kept"}
    status = {r.artifact.path: r.status for r in report.results}
    assert status == {
        "kept.txt": "unchanged",
        "new.bin": "planned",
        "pending.txt": "skipped",
        "../evil": "failed",
    }
    planned = report.planned[0]
    assert planned.file == tmp_path / "new.bin"
    assert not planned.file.exists()
    assert report.downloaded == []
