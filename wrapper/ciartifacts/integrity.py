"""Bytes on their way to disk: size and checksum checks, temporary files, durable writes.

Every download is written to a temporary file in the destination folder, checked, made durable
(``fsync``) and only then renamed to its final name, so a file under its final name is always
complete and verified. :class:`TempFiles` knows every temporary file of one operation and
removes what is left at its end, whatever ended it: an error, a cancelled task, Ctrl-C.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ciartifacts._concurrency import Cancelled
from ciartifacts.errors import ChecksumMismatchError, SizeMismatchError
from ciartifacts.model import Artifact

TEMP_PREFIX = ".ciartifacts-"
# Bodies up to this size are held in memory and written in one go once verified; at most
# LANDING_LIMIT bytes of them wait to be written at a time.
SMALL_FILE = 1024 * 1024
LANDING_LIMIT = 32 * 1024 * 1024
TEMP_SUFFIX = ".part"
TEMP_FOLDER_SUFFIX = ".unpacking"


class Verifier:
    """Counts and hashes bytes as they stream, then checks them against the listing.

    A download hashes in its :class:`Sink` (off the receiving thread): it only counts here
    and passes the digest to :meth:`verify`. A plain stream hashes here with :meth:`update`.
    """

    def __init__(self, artifact: Artifact) -> None:
        self.artifact = artifact
        self.size = 0
        self._hash = self.new_digest()

    def new_digest(self) -> Any:
        checksum = self.artifact.checksum
        return hashlib.new(checksum.algorithm) if checksum is not None else None

    def digest_of(self, parts: list[bytes]) -> str | None:
        """The digest of ``parts`` with the listing's algorithm (None without a checksum)."""
        digest = self.new_digest()
        if digest is None:
            return None
        for part in parts:
            digest.update(part)
        return str(digest.hexdigest())

    def count(self, chunk: bytes) -> None:
        self.size += len(chunk)
        artifact = self.artifact
        # Stop as soon as it is too long: a server sending without end must not fill the disk.
        if artifact.size is not None and self.size > artifact.size:
            raise SizeMismatchError(artifact.provider, artifact.path, artifact.size, self.size)

    def update(self, chunk: bytes) -> None:
        self.count(chunk)
        if self._hash is not None:
            self._hash.update(chunk)

    def verify(self, digest: str | None = None) -> None:
        """Check the size, and the checksum: ``digest`` if given, else the one hashed here."""
        artifact = self.artifact
        if artifact.size is not None and self.size != artifact.size:
            raise SizeMismatchError(artifact.provider, artifact.path, artifact.size, self.size)
        if digest is None and self._hash is not None:
            digest = self._hash.hexdigest()
        checksum = artifact.checksum
        if checksum is not None and digest is not None and digest != checksum.hex:
            raise ChecksumMismatchError(
                artifact.provider, artifact.path, checksum.algorithm, checksum.hex, digest
            )


def _read_umask() -> int:
    # os.umask can only be read by setting it: do it once, at import, before any thread runs.
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()


class _Flusher:
    """Writes a growing file back to disk while it is still being received.

    ``fsync`` at the end of a large download would otherwise wait for every byte to reach the
    disk after the last one arrived; flushing as it goes overlaps the disk with the network,
    so a durable download costs about what the slower of the two costs. It works on its own
    duplicate of the file descriptor, so closing the file never races it.
    """

    def __init__(self, fd: int) -> None:
        self._fd = os.dup(fd)
        self._due = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="ciartifacts-flush", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        self._due.set()

    def _run(self) -> None:
        try:
            while True:
                self._due.wait()
                self._due.clear()
                if self._stopped:
                    return
                try:
                    os.fdatasync(self._fd)
                except OSError:
                    return  # the final fsync will report it
        finally:
            os.close(self._fd)

    def stop(self, *, wait: bool) -> None:
        self._stopped = True
        self._due.set()
        if wait:
            self._thread.join()


class Sink:
    """One temporary file being written, hashing what it writes (for :meth:`finish`).

    Close it with :meth:`commit` or :meth:`discard`.
    """

    # Large files are written back to disk in steps of this many bytes while they arrive.
    FLUSH_STEP = 32 * 1024 * 1024

    def __init__(self, owner: TempFiles, path: Path, file: BinaryIO) -> None:
        self._owner = owner
        self.path = path
        self._file = file
        self._digest: Any = None
        self._written = 0
        self._flushed = 0
        self._flusher: _Flusher | None = None

    def hash_with(self, digest: Any) -> None:
        """Hash every byte written with ``digest`` (a hashlib object, or None not to)."""
        self._digest = digest

    def write(self, chunk: bytes) -> None:
        if self._digest is not None:
            self._digest.update(chunk)
        self._file.write(chunk)
        self._written += len(chunk)
        if self._written - self._flushed >= self.FLUSH_STEP:
            self._flushed = self._written
            self._file.flush()
            if self._flusher is None:
                self._flusher = _Flusher(self._file.fileno())
            self._flusher.kick()

    def finish(self) -> str | None:
        """The hex digest of everything written, if hashed."""
        return None if self._digest is None else str(self._digest.hexdigest())

    def commit(self) -> None:
        """Make the bytes durable and close the file (it stays registered until placed)."""
        if self._flusher is not None:
            self._flusher.stop(wait=True)
        with self._file:
            self._file.flush()
            os.fsync(self._file.fileno())
        # Temporary files are created 0600; give the result the mode any new file would get.
        os.chmod(self.path, 0o666 & ~_UMASK)

    def discard(self) -> None:
        if self._flusher is not None:
            self._flusher.stop(wait=False)
        with contextlib.suppress(OSError):
            self._file.close()
        self._owner.remove(self.path)


class TempFiles:
    """The temporary files of one operation, all in ``folder``; thread-safe.

    After :meth:`close`, a file still being created (by a thread abandoned after a cancellation)
    is removed as soon as it exists, and nothing can be placed any more.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._paths: set[Path] = set()
        self._closed = False
        self._folder_made = False
        self._folders: set[Path] = set()

    @property
    def closed(self) -> bool:
        return self._closed

    def create(self) -> Sink:
        if not self._folder_made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._folder_made = True
        # A short fixed-length name: the artifact's own may already be at the file system's limit.
        while True:
            path = self.folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                continue
            break
        with self._lock:
            if not self._closed:
                self._paths.add(path)
                return Sink(self, path, os.fdopen(fd, "wb"))
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise Cancelled

    def create_folder(self) -> Path:
        """A new empty temporary folder (for an archive being unpacked), removed at the end
        like the temporary files unless placed."""
        if not self._folder_made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._folder_made = True
        while True:
            path = self.folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_FOLDER_SUFFIX}"
            try:
                path.mkdir(mode=0o700)
            except FileExistsError:
                continue
            break
        with self._lock:
            if not self._closed:
                self._paths.add(path)
                return path
        _remove(path)
        raise Cancelled

    def remove(self, path: Path) -> None:
        with self._lock:
            self._paths.discard(path)
        _remove(path)

    def place_folder(self, path: Path, final: Path, check: Callable[[Path, Path], None]) -> None:
        """Move a complete temporary folder onto ``final``, unless closed.

        A new ``final`` is one rename. An existing folder keeps what the archive does not
        hold: each file is renamed over its namesake, after ``check(final, file)`` (which
        raises) said the file's place is safe (no symlink leading out on the way).
        """
        with self._lock:
            if self._closed or path not in self._paths:
                raise Cancelled
            if final.parent not in self._folders:
                final.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(final.parent)
            os.chmod(path, 0o777 & ~_UMASK)
            if not final.exists() and not final.is_symlink():
                os.rename(path, final)
                self._paths.discard(path)
                return
            if not final.is_dir() or final.is_symlink():
                raise NotADirectoryError(20, "a file is in the way of the folder", str(final))
            for file in sorted(p for p in path.rglob("*") if not p.is_dir()):
                relative = file.relative_to(path)
                check(final, relative)
                target = final / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)
            for folder in sorted((p for p in path.rglob("*") if p.is_dir()), reverse=True):
                (final / folder.relative_to(path)).mkdir(parents=True, exist_ok=True)
            self._paths.discard(path)
        _remove(path)

    def place(self, path: Path, final: Path) -> None:
        """Rename a committed temporary file onto ``final`` (parents created), unless closed."""
        with self._lock:
            if self._closed or path not in self._paths:
                raise Cancelled
            if final.parent not in self._folders:
                final.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(final.parent)
            os.replace(path, final)
            self._paths.discard(path)

    def close(self) -> None:
        """Remove every temporary file left; refuse new ones and placements from now on."""
        with self._lock:
            self._closed = True
            paths, self._paths = self._paths, set()
        for path in paths:
            _remove(path)


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, if it is still there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
