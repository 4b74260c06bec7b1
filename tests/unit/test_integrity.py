"""Downloads are verified while streaming and land atomically with ordinary permissions."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from ciartifacts.errors import ChecksumMismatchError, SizeMismatchError
from ciartifacts.integrity import Verifier, atomic_file
from ciartifacts.model import Artifact, Checksum, State
from ciartifacts.refs import BuildkiteRef

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


def test_atomic_file_renames_on_success_with_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "a.bin"
    with atomic_file(target) as out:
        out.write(b"data")
        assert not target.exists()
    assert target.read_bytes() == b"data"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["a.bin"]


def test_atomic_file_keeps_the_old_file_and_no_temporary_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def interrupted_download() -> None:
        with atomic_file(target) as out:
            out.write(b"half")
            raise RuntimeError("network dropped")

    with pytest.raises(RuntimeError):
        interrupted_download()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_atomic_file_handles_names_at_the_length_limit(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    with atomic_file(target) as out:
        out.write(b"ok")
    assert target.read_bytes() == b"ok"
