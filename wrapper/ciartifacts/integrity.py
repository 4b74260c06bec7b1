"""Streaming a download into place: temporary file, size and checksum checks, atomic rename."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ciartifacts.errors import ChecksumMismatchError, SizeMismatchError
from ciartifacts.model import Artifact

CHUNK_SIZE = 256 * 1024


class Verifier:
    """Counts and hashes bytes as they stream, then checks them against the listing."""

    def __init__(self, artifact: Artifact) -> None:
        self.artifact = artifact
        self.size = 0
        checksum = artifact.checksum
        self._hash = hashlib.new(checksum.algorithm) if checksum is not None else None

    def update(self, chunk: bytes) -> None:
        self.size += len(chunk)
        artifact = self.artifact
        # Stop as soon as it is too long: a server sending without end must not fill the disk.
        if artifact.size is not None and self.size > artifact.size:
            raise SizeMismatchError(artifact.provider, artifact.path, artifact.size, self.size)
        if self._hash is not None:
            self._hash.update(chunk)

    def verify(self) -> None:
        artifact = self.artifact
        if artifact.size is not None and self.size != artifact.size:
            raise SizeMismatchError(artifact.provider, artifact.path, artifact.size, self.size)
        if self._hash is not None and artifact.checksum is not None:
            actual = self._hash.hexdigest()
            if actual != artifact.checksum.hex:
                raise ChecksumMismatchError(
                    artifact.provider,
                    artifact.path,
                    artifact.checksum.algorithm,
                    artifact.checksum.hex,
                    actual,
                )


def _read_umask() -> int:
    # os.umask can only be read by setting it: do it once, at import, before any thread runs.
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_file(final: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``final``, renamed onto it only if the block succeeds.

    On any failure the temporary file is removed, so nothing half-written is ever found under
    the final name, and a file already there stays as it was.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    # A short fixed name: the artifact's own name may already be at the file system's limit.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and renamed below
        mode="wb", dir=final.parent, prefix=".ciartifacts-", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # Temporary files are created 0600; give the result the mode any new file would get.
        os.chmod(handle.name, 0o666 & ~_UMASK)
        os.replace(handle.name, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise
