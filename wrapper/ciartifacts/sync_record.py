"""What earlier downloads wrote into a folder, so that a second download can leave it alone
where the listing alone cannot tell.

A provider that lists neither a checksum nor a size (CircleCI, SourceCraft), and a zip that
was unpacked into a folder (GitHub), leave nothing in the listing to compare a file on disk
with. For those, each download records which artifact it wrote to which files, with each
file's size and modification time as written; a later download into the same folder takes
them as unchanged only if the same artifact (run, path, job, checksum, size, timestamps) is
listed again and every file is still exactly as written. The record lives in the user's cache
folder (``CIARTIFACTS_CACHE_DIR``, else the platform's), never among the downloaded files;
losing it only means fetching again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ciartifacts.model import Artifact
from ciartifacts.unchanged import regular_file

CACHE_VARIABLE = "CIARTIFACTS_CACHE_DIR"
_VERSION = 1


def cache_folder(environ: Mapping[str, str]) -> Path:
    given = environ.get(CACHE_VARIABLE)
    if given:
        return Path(given)
    import platformdirs  # only when a download needs the record

    return platformdirs.user_cache_path("ciartifacts")


class SyncRecord:
    """The record of one destination folder; thread-safe, read once, written by :meth:`save`."""

    def __init__(
        self, destination: Path, cache: Path, disambiguator: Callable[[Artifact], str]
    ) -> None:
        # Resolved: targets come both as given (``out/a.txt``) and resolved (checked paths).
        self.root = destination.resolve()
        folder_id = hashlib.sha256(os.fsencode(self.root)).hexdigest()[:32]
        self.path = cache / "downloads" / f"{folder_id}.json"
        self._disambiguator = disambiguator
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, list[int]]] | None = None
        self._changed = False

    def key(self, artifact: Artifact) -> str:
        """The artifact's identity: what must be listed the same for its files to be it."""
        parts = (
            artifact.provider,
            str(artifact.ref),
            artifact.path,
            self._disambiguator(artifact),
            str(artifact.checksum),
            str(artifact.size),
            str(artifact.created_at),
            str(artifact.updated_at),
        )
        return json.dumps(parts)

    def unchanged(self, artifact: Artifact, target: Path) -> bool:
        """Whether ``target`` (a file, or an unpacked folder) is still as a download of this
        very artifact wrote it (blocking)."""
        files = self._load().get(self.key(artifact))
        if not files:
            return False
        where = self._relative(target)
        if where is None or not any(n == where or n.startswith(f"{where}/") for n in files):
            return False
        return all(_stamp(self.root / name) == stamp for name, stamp in files.items())

    def remember(self, artifact: Artifact, target: Path) -> None:
        """Record what a download of ``artifact`` just placed at ``target`` (blocking). What
        cannot be recorded is simply not: the next download fetches it again."""
        try:
            base = target.resolve()
            written = (
                [p for p in sorted(base.rglob("*")) if p.is_file() and not p.is_symlink()]
                if base.is_dir()
                else [base]
            )
        except (OSError, RuntimeError):
            return
        files: dict[str, list[int]] = {}
        for path in written:
            stamp, name = _stamp(path), self._relative(path)
            if stamp is None or name is None:
                return
            files[name] = stamp
        entries = self._load()
        with self._lock:
            entries[self.key(artifact)] = files
            self._changed = True

    def _relative(self, path: Path) -> str | None:
        """``path`` relative to the folder (symlinks resolved), or None if it is not in it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (OSError, RuntimeError, ValueError):
            return None

    def save(self) -> None:
        """Write the record if anything was added (atomically; a failure only loses it)."""
        with self._lock:
            if not self._changed or self._entries is None:
                return
            data = {
                "version": _VERSION,
                "folder": str(self.root),
                "artifacts": self._entries,
            }
            self._changed = False
        temp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".record-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temp, self.path)
        except OSError:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    def _load(self) -> dict[str, dict[str, list[int]]]:
        with self._lock:
            if self._entries is None:
                self._entries = _read(self.path)
            return self._entries


def _read(path: Path) -> dict[str, dict[str, list[int]]]:
    """The recorded artifacts; anything unreadable or unexpected counts as no record."""
    try:
        data: Any = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    artifacts = data.get("artifacts")
    if not isinstance(artifacts, dict):
        return {}
    entries: dict[str, dict[str, list[int]]] = {}
    for key, files in artifacts.items():
        if isinstance(files, dict) and all(
            isinstance(stamp, list) and len(stamp) == 2 and all(type(n) is int for n in stamp)
            for stamp in files.values()
        ):
            entries[key] = files
    return entries


def _stamp(path: Path) -> list[int] | None:
    """Size and modification time (ns) of a regular file; None for anything else."""
    info = regular_file(path)
    return None if info is None else [info.st_size, info.st_mtime_ns]
