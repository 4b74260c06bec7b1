"""Downloads are verified while streaming, written to registered temporary files and placed
atomically with ordinary permissions; nothing temporary outlives its operation."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from ciartifacts._concurrency import Cancelled
from ciartifacts.errors import ChecksumMismatchError, SizeMismatchError
from ciartifacts.integrity import TEMP_PREFIX, TempFiles, Verifier
from ciartifacts.model import Artifact, Checksum, State
from ciartifacts.providers.buildkite import BuildkiteRef

REF = BuildkiteRef("acme", "web", 1)


def artifact(size: int | None, sha1: str | None = None) -> Artifact:
    checksum = Checksum("sha1", sha1) if sha1 else None
    return Artifact("buildkite", REF, "a.bin", size, None, checksum, State.READY, "finished")


def test_verifier_accepts_exact_bytes() -> None:
    verifier = Verifier(artifact(5, hashlib.sha1(b"hello").hexdigest().upper()))
    verifier.update(b"hel")
    verifier.update(b"lo")
    verifier.verify()


def test_verifier_stops_as_soon_as_the_body_is_too_long() -> None:
    verifier = Verifier(artifact(4))
    verifier.update(b"1234")
    with pytest.raises(SizeMismatchError, match="expected 4 bytes, got 5"):
        verifier.update(b"5")


def test_verifier_reports_short_bodies_and_wrong_checksums() -> None:
    short = Verifier(artifact(10))
    short.update(b"123")
    with pytest.raises(SizeMismatchError):
        short.verify()
    wrong = Verifier(artifact(None, "0" * 40))
    wrong.update(b"x")
    with pytest.raises(ChecksumMismatchError, match="expected 0000"):
        wrong.verify()


def test_a_committed_file_is_placed_with_umask_permissions(tmp_path: Path) -> None:
    temp_files = TempFiles(tmp_path / "out")
    sink = temp_files.create()
    assert sink.path.parent == tmp_path / "out"
    assert sink.path.name.startswith(TEMP_PREFIX)
    sink.write(b"data")
    sink.commit()
    target = tmp_path / "out" / "deep" / ("n" * 250)  # a name at the file system's limit
    temp_files.place(sink.path, target)
    assert target.read_bytes() == b"data"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    temp_files.close()
    assert target.read_bytes() == b"data"  # placed files are not temporary any more
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["deep"]


def test_discarded_and_leftover_files_are_removed_and_an_old_file_stays(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"old")
    temp_files = TempFiles(tmp_path)
    discarded = temp_files.create()
    discarded.write(b"half")
    discarded.discard()
    leftover = temp_files.create()
    leftover.write(b"half")
    committed = temp_files.create()
    committed.commit()
    temp_files.close()
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]
    assert (tmp_path / "a.bin").read_bytes() == b"old"


def test_after_close_nothing_can_be_created_or_placed(tmp_path: Path) -> None:
    temp_files = TempFiles(tmp_path)
    sink = temp_files.create()
    sink.commit()
    temp_files.close()
    with pytest.raises(Cancelled):
        temp_files.place(sink.path, tmp_path / "late.bin")
    with pytest.raises(Cancelled):
        temp_files.create()
    assert list(tmp_path.iterdir()) == []


def test_files_created_by_many_threads_are_all_cleaned_up(tmp_path: Path) -> None:
    temp_files = TempFiles(tmp_path)
    start = threading.Barrier(8)

    def create_many() -> None:
        start.wait()
        for _ in range(20):
            try:
                temp_files.create().write(b"x")
            except Cancelled:
                return

    threads = [threading.Thread(target=create_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    temp_files.close()  # races with the creators on purpose
    for thread in threads:
        thread.join()
    assert list(tmp_path.iterdir()) == []
