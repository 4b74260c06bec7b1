"""Packed artifacts: zips unpacked into a folder only when complete, every member checked;
everything else written as a file."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from ciartifacts.archives import is_zip, unpack
from ciartifacts.downloads import DownloadJob
from ciartifacts.errors import CorruptArchiveError, UnsafePathError
from ciartifacts.integrity import TEMP_PREFIX
from ciartifacts.model import Artifact, State
from ciartifacts.providers.buildkite import BuildkiteRef

REF = BuildkiteRef("acme", "web", 1)


def packed(name: str = "report", *, is_packed: bool = True) -> Artifact:
    return Artifact("github", REF, name, None, None, None, State.READY, "ready", packed=is_packed)


def zip_of(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return buffer.getvalue()


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write(tmp_path: Path, data: bytes) -> Path:
    archive = tmp_path / "archive.bin"
    archive.write_bytes(data)
    return archive


# --- unpack ----------------------------------------------------------------------------------
def test_members_are_written_with_their_bytes(tmp_path: Path) -> None:
    members = {"junit.xml": b"<testsuite/>", "coverage/index.html": b"<html/>" * 1000}
    folder = tmp_path / "out"
    folder.mkdir()
    unpack(write(tmp_path, zip_of(members)), folder, packed())
    assert files_under(folder) == members


def test_stored_members_and_folder_entries(tmp_path: Path) -> None:
    data = zip_of({"logs/": b"", "logs/a.txt": b"a", "./": b""}, method=zipfile.ZIP_STORED)
    folder = tmp_path / "out"
    folder.mkdir()
    unpack(write(tmp_path, data), folder, packed())
    assert files_under(folder) == {"logs/a.txt": b"a"}


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("../escape.txt", "'..' segment"),
        ("a/../../escape.txt", "'..' segment"),
        ("/etc/cron.d/x", "absolute path"),
        ("a\\..\\..\\escape.txt", "backslash"),
        ("C:/Windows/x.dll", "drive letter"),
        ("bell\x07.txt", "control character"),
    ],
)
def test_unsafe_member_names_refuse_the_artifact(member: str, reason: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    data = zip_of({"fine.txt": b"ok", member: b"evil"})
    with pytest.raises(UnsafePathError, match=reason) as caught:
        unpack(write(tmp_path, data), folder, packed("report"))
    assert caught.value.path == f"report/{member}"
    assert caught.value.provider == "github"
    assert files_under(folder) == {}  # refused before anything was written


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        link = zipfile.ZipInfo("link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc/passwd")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UnsafePathError, match="symbolic link"):
        unpack(write(tmp_path, buffer.getvalue()), folder, packed())
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "names",
    [["a.txt", "A.TXT"], ["a", "a/b"], ["a/b", "a"], ["dir/", "dir"]],
)
def test_members_that_would_meet_on_disk_are_refused(names: list[str], tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name in names:
            bundle.writestr(name, b"" if name.endswith("/") else b"x")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UnsafePathError, match="archive"):
        unpack(write(tmp_path, buffer.getvalue()), folder, packed())


def test_a_member_whose_crc_does_not_match_is_corrupt(tmp_path: Path) -> None:
    data = bytearray(zip_of({"a.txt": b"hello world"}, method=zipfile.ZIP_STORED))
    position = bytes(data).index(b"hello world")
    data[position] ^= 0xFF  # same size, other bytes: only the CRC-32 can tell
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CorruptArchiveError, match="CRC") as caught:
        unpack(write(tmp_path, bytes(data)), folder, packed("report"))
    assert str(caught.value).startswith("github: cannot unpack 'report': ")


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_a_truncated_archive_is_corrupt(keep: float, tmp_path: Path) -> None:
    data = zip_of({"a.txt": bytes(range(256)) * 400, "b.txt": b"b" * 5000})
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CorruptArchiveError):
        unpack(write(tmp_path, data[: int(len(data) * keep)]), folder, packed())


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(zip_of({"a.txt": b"secret"}, method=zipfile.ZIP_STORED))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the encryption flag in both headers
        at = bytes(data).index(header)
        flag_at = at + (6 if header == b"PK\x03\x04" else 8)
        data[flag_at] |= 0x1
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CorruptArchiveError, match="encrypted"):
        unpack(write(tmp_path, bytes(data)), folder, packed())


def test_zips_are_known_by_their_first_bytes(tmp_path: Path) -> None:
    assert is_zip(write(tmp_path, zip_of({"a": b"a"})))
    assert is_zip(write(tmp_path, zip_of({})))  # an empty archive is its end record alone
    assert not is_zip(write(tmp_path, b"PK"))
    assert not is_zip(write(tmp_path, b"plain text that happens to be long"))
    assert not is_zip(write(tmp_path, b""))


# --- placing packed artifacts ------------------------------------------------------------------
def download(job: DownloadJob, artifact: Artifact, body: bytes) -> None:
    """What the client does once the body is received and verified."""
    transfer = job.add(artifact)
    assert transfer is not None
    job.listing_complete()
    sink = job.temp_files.create()
    sink.write(body)
    sink.commit()
    job.land(transfer, sink.path)


def test_a_packed_zip_becomes_a_folder_named_after_the_artifact(tmp_path: Path) -> None:
    job = DownloadJob(tmp_path, lambda a: "x")
    download(job, packed("report"), zip_of({"junit.xml": b"<t/>", "sub/b.txt": b"b"}))
    (result,) = job.report().results
    assert result.file == tmp_path / "report"
    assert files_under(tmp_path) == {"report/junit.xml": b"<t/>", "report/sub/b.txt": b"b"}


def test_without_extraction_the_zip_is_kept_as_name_dot_zip(tmp_path: Path) -> None:
    job = DownloadJob(tmp_path, lambda a: "x", extract=False)
    body = zip_of({"junit.xml": b"<t/>"})
    download(job, packed("report"), body)
    assert job.report().results[0].file == tmp_path / "report.zip"
    assert files_under(tmp_path) == {"report.zip": body}


def test_a_packed_artifact_that_is_not_a_zip_is_written_as_is(tmp_path: Path) -> None:
    job = DownloadJob(tmp_path, lambda a: "x")
    download(job, packed("app.tar.gz"), b"\x1f\x8b not a zip")
    assert files_under(tmp_path) == {"app.tar.gz": b"\x1f\x8b not a zip"}


def test_a_zip_that_is_not_packed_by_the_provider_stays_a_file(tmp_path: Path) -> None:
    body = zip_of({"inner.txt": b"x"})
    job = DownloadJob(tmp_path, lambda a: "x")
    download(job, packed("dist/app.zip", is_packed=False), body)
    assert files_under(tmp_path) == {"dist/app.zip": body}


def test_unpacking_over_an_existing_folder_replaces_its_namesakes_only(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "junit.xml").write_bytes(b"old")
    (tmp_path / "report" / "mine.txt").write_bytes(b"kept")
    job = DownloadJob(tmp_path, lambda a: "x")
    download(job, packed("report"), zip_of({"junit.xml": b"new", "sub/c.txt": b"c"}))
    assert job.report().ok
    assert files_under(tmp_path) == {
        "report/junit.xml": b"new",
        "report/mine.txt": b"kept",
        "report/sub/c.txt": b"c",
    }


def test_a_refused_archive_leaves_nothing_and_no_temporary_folder(tmp_path: Path) -> None:
    job = DownloadJob(tmp_path, lambda a: "x")
    download(job, packed("report"), zip_of({"fine.txt": b"ok", "../evil.txt": b"evil"}))
    (result,) = job.report().results
    assert isinstance(result.error, UnsafePathError)
    assert result.file is None
    job.temp_files.close()
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_inside_an_existing_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    destination = tmp_path / "dest"
    (destination / "report").mkdir(parents=True)
    (destination / "report" / "sub").symlink_to(outside)
    job = DownloadJob(destination, lambda a: "x")
    download(job, packed("report"), zip_of({"sub/c.txt": b"c"}))
    (result,) = job.report().results
    assert isinstance(result.error, UnsafePathError)
    assert list(outside.iterdir()) == []
    job.temp_files.close()
    assert not [p for p in destination.iterdir() if p.name.startswith(TEMP_PREFIX)]
