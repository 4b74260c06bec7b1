"""Unpacking the zip archives some providers serve an artifact as (GitHub Actions).

The archive has been downloaded and verified against the provider's digest before it is
opened here. Unpacking then goes into an empty temporary folder, so that a member refused
halfway leaves nothing behind; only a complete folder is moved into place. Every member is
checked the way artifact paths are (no ``..``, backslash, drive letter or control character),
and absolute names and symbolic links are refused too: the whole artifact is then refused,
since a partial folder would look complete. The CRC-32 of each member is checked as it is read.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ciartifacts.errors import CorruptArchiveError, UnsafePathError
from ciartifacts.local_paths import relative_path
from ciartifacts.model import Artifact

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
"""A zip archive starts with a local file header, or (when empty) its end record."""
_COPY_CHUNK = 1024 * 1024


def is_zip(path: Path) -> bool:
    """Whether the file's first bytes are those of a zip archive."""
    with path.open("rb") as file:
        return file.read(4) in ZIP_MAGIC


def unpack(archive: Path, folder: Path, artifact: Artifact) -> None:
    """Write every member of ``archive`` under the empty ``folder``, checked.

    Raises :class:`UnsafePathError` for a member that may not be written as named (its path
    names the artifact and the member) and :class:`CorruptArchiveError` for an archive that
    cannot be read back exactly; what was written stays in ``folder`` for the caller to remove.
    """
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = _checked_members(bundle, artifact)
            for info, relative in members:
                target = folder.joinpath(*relative.parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(info) as source, target.open("xb") as sink:
                    shutil.copyfileobj(source, sink, _COPY_CHUNK)
                    sink.flush()
                    os.fsync(sink.fileno())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
        raise CorruptArchiveError(artifact.provider, artifact.path, str(exc)) from exc
    except NotImplementedError as exc:  # a compression method zipfile cannot read
        raise CorruptArchiveError(artifact.provider, artifact.path, str(exc)) from exc


def _checked_members(
    bundle: zipfile.ZipFile, artifact: Artifact
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Every member with its relative path, or an error for the first one that is refused."""
    members = []
    files: set[str] = set()
    folders: set[str] = set()
    for info in bundle.infolist():
        shown = f"{artifact.path}/{info.filename}"
        if info.flag_bits & 0x1:
            raise CorruptArchiveError(
                artifact.provider, artifact.path, f"member {info.filename!r} is encrypted"
            )
        if info.filename.startswith("/"):
            raise UnsafePathError(shown, "it is an absolute path", artifact.provider)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafePathError(shown, "it is a symbolic link", artifact.provider)
        if info.is_dir() and all(part in ("", ".") for part in info.filename.split("/")):
            continue  # the archive's own top folder, "./"
        try:
            relative = relative_path(info.filename, artifact.provider)
        except UnsafePathError as exc:
            raise UnsafePathError(shown, exc.reason, artifact.provider) from None
        key = _key(relative)
        parents = {_key(parent) for parent in relative.parents if parent.parts}
        if info.is_dir():
            if key in files:
                raise UnsafePathError(
                    shown, "a file of the archive has its name", artifact.provider
                )
            folders.add(key)
        else:
            if key in files or key in folders:
                raise UnsafePathError(
                    shown, "another member of the archive has its name", artifact.provider
                )
            files.add(key)
        if parents & files:
            raise UnsafePathError(shown, "a file of the archive is in its way", artifact.provider)
        folders |= parents
        members.append((info, relative))
    return members


def _key(path: PurePosixPath) -> str:
    # As for artifact paths: names differing in case only would meet on macOS and Windows.
    return os.path.normcase(str(path)).casefold()
