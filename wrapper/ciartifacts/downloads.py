"""One run's download as bookkeeping: which artifacts go where, and what became of each.

Sans-IO and thread-safe. Downloads start while the run is still being listed, so where a file
finally goes is known only once the listing is complete: two artifacts sharing a path are both
moved into per-job (or per-node) folders, and the first listed wins a clash. Transfers
therefore write temporary files at once, and :class:`DownloadJob` says when each may be
renamed into place: immediately if the listing is complete, else as soon as it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import attrs

from ciartifacts.errors import CIArtifactsError, LocalWriteError, UnsafePathError
from ciartifacts.integrity import TempFiles
from ciartifacts.local_paths import inside, plan, relative_path
from ciartifacts.model import Artifact
from ciartifacts.progress import Reporter
from ciartifacts.unchanged import unchanged_by

if TYPE_CHECKING:
    from ciartifacts.sync_record import SyncRecord


@attrs.frozen
class DownloadResult:
    """What happened to one artifact: written to ``file``, found ``unchanged`` there,
    ``skipped`` (why), or ``error``; in a dry run, ``planned`` to be written to ``file``."""

    artifact: Artifact
    file: Path | None = None
    skipped: str | None = None
    error: CIArtifactsError | None = None
    unchanged: str | None = None
    """Left as it was: ``file`` already held the artifact, as its checksum (the algorithm's
    name, ``"sha256"``) or, without one, its ``"size"`` showed. Nothing was fetched."""
    planned: bool = False
    """A dry run's result: ``file`` is where the artifact would be written."""

    @property
    def status(self) -> str:
        """``downloaded``, ``unchanged``, ``planned``, ``skipped`` or ``failed``."""
        if self.error is not None:
            return "failed"
        if self.skipped is not None:
            return "skipped"
        if self.unchanged is not None:
            return "unchanged"
        return "planned" if self.planned else "downloaded"

    def unwrap(self) -> Path:
        """The written file, or the reason there is none raised as an exception."""
        if self.error is not None:
            raise self.error
        if self.file is None:
            from ciartifacts.errors import NotDownloadableError

            artifact = self.artifact
            state = artifact.raw_state or artifact.state.value
            raise NotDownloadableError(artifact.provider, artifact.path, state)
        return self.file


@attrs.frozen
class DownloadReport:
    """The outcome of downloading a run, one result per listed artifact, in listing order."""

    results: tuple[DownloadResult, ...]

    @property
    def downloaded(self) -> list[DownloadResult]:
        return [r for r in self.results if r.status == "downloaded"]

    @property
    def unchanged(self) -> list[DownloadResult]:
        return [r for r in self.results if r.unchanged is not None]

    @property
    def planned(self) -> list[DownloadResult]:
        return [r for r in self.results if r.planned]

    @property
    def skipped(self) -> list[DownloadResult]:
        return [r for r in self.results if r.skipped is not None]

    @property
    def failed(self) -> list[DownloadResult]:
        return [r for r in self.results if r.error is not None]

    @property
    def ok(self) -> bool:
        return not self.failed


@attrs.frozen
class Transfer:
    """An artifact to fetch, by its position in the listing."""

    index: int
    artifact: Artifact


class DownloadJob:
    """The plan and the results of one download into ``destination``."""

    def __init__(
        self,
        destination: Path,
        disambiguator: Callable[[Artifact], str],
        *,
        extract: bool = True,
        force: bool = False,
        record: SyncRecord | None = None,
        progress: Reporter | None = None,
    ) -> None:
        self.destination = destination
        self.extract = extract
        self.record = record
        self.progress = progress
        # Nothing can be unchanged in a folder that was empty: skip the checks altogether.
        self._check_existing = not force and _has_entries(destination)
        self.temp_files = TempFiles(destination)
        self._disambiguator = disambiguator
        self._lock = threading.Lock()
        self._listed: list[Artifact] = []
        self._results: dict[int, DownloadResult] = {}
        self._parked: dict[int, Path] = {}
        self._final: dict[int, PurePosixPath] | None = None
        self._safe_folders: set[PurePosixPath] = set()
        self._root: Path | None = None  # the destination resolved, once a file needs it
        # Found unchanged before the listing ended, at the path it then seemed to have.
        self._unchanged: dict[int, tuple[PurePosixPath, Path, str]] = {}
        self._refetch: list[Transfer] = []
        # Results settled under the lock, reported to ``progress`` once it is released.
        self._unreported: list[tuple[int, DownloadResult]] = []

    # --- listing ------------------------------------------------------------------------------
    def add(self, artifact: Artifact) -> Transfer | None:
        """Record a listed artifact; a Transfer if it is to be fetched, None if already settled
        (not ready, or an unsafe path: neither depends on the rest of the listing)."""
        index, transfer = self._add(artifact)
        if self.progress is not None:
            # Said here, not queued: the artifact must be reported listed before settled.
            self.progress.listed(index, artifact, fetch=transfer is not None)
            if transfer is None:
                self.progress.settled(index, self._results[index])
        return transfer

    def _add(self, artifact: Artifact) -> tuple[int, Transfer | None]:
        with self._lock:
            index = len(self._listed)
            self._listed.append(artifact)
            if not artifact.downloadable:
                state = artifact.raw_state or artifact.state.value
                self._settle(index, skipped=f"not downloadable in state {state!r}", queue=False)
                return index, None
            try:
                relative_path(artifact.path, artifact.provider)
            except UnsafePathError as exc:
                self._settle(index, error=exc, queue=False)
                return index, None
            return index, Transfer(index, artifact)

    def listing_complete(self) -> list[tuple[Transfer, Path]]:
        """Fix every artifact's final path; returns the finished transfers now to be placed."""
        with self._lock:
            final: dict[int, PurePosixPath] = {}
            for index, item in enumerate(plan(self._listed, self._disambiguator)):
                if index in self._results:
                    continue
                if item.relative is None:
                    self._settle(index, error=item.error)
                    if index in self._parked:
                        self.temp_files.remove(self._parked.pop(index))
                    continue
                final[index] = item.relative
            self._final = final
            for index, (relative, target, how) in sorted(self._unchanged.items()):
                if index in self._results:
                    continue
                if final.get(index) == relative:
                    self._settle(index, file=target, unchanged=how)
                else:  # the listing moved it (a shared path): what is there is not it
                    self._refetch.append(Transfer(index, self._listed[index]))
            self._unchanged.clear()
            ready = [
                (Transfer(index, self._listed[index]), path)
                for index, path in sorted(self._parked.items())
            ]
            self._parked.clear()
        self._report()
        return ready

    def refetch(self) -> list[Transfer]:
        """Transfers found unchanged at a path the completed listing did not give them: they
        must be fetched after all."""
        with self._lock:
            refetch, self._refetch = self._refetch, []
            return refetch

    # --- files already there ------------------------------------------------------------------
    def may_be_unchanged(self, transfer: Transfer) -> bool:
        """Cheap (no reading): whether a file is where the artifact goes, worth
        :meth:`settle_if_unchanged`."""
        if not self._check_existing:
            return False
        relative = self._relative(transfer)
        return relative is not None and any(
            os.path.lexists(self.destination.joinpath(*candidate.parts))
            for candidate in self._candidates(relative, transfer.artifact)
        )

    def settle_if_unchanged(self, transfer: Transfer) -> bool:
        """True if the file already where the artifact goes holds it (by checksum, else by
        size): settled as unchanged, now or once the listing is complete; False to fetch it.
        Blocking: it reads the file."""
        artifact = transfer.artifact
        relative = self._relative(transfer)
        if relative is None:
            return True  # settled meanwhile (refused once the listing was complete)
        found = self._existing(relative, artifact)
        if found is None:
            return False
        target, how = found
        with self._lock:
            if transfer.index in self._results:
                return True
            if self._final is None:
                self._unchanged[transfer.index] = (relative, target, how)
                return True
            if self._final.get(transfer.index) != relative:
                return False
            self._settle(transfer.index, file=target, unchanged=how)
        self._report()
        return True

    def plan_all(self) -> None:
        """A dry run, once the listing is complete: each artifact still to fetch is settled as
        unchanged or as planned, with the file it would be written to (blocking)."""
        assert self._final is not None
        for index, relative in sorted(self._final.items()):
            artifact = self._listed[index]
            found = self._existing(relative, artifact) if self._check_existing else None
            try:
                target = found[0] if found else self._planned_target(relative, artifact)
            except CIArtifactsError as exc:
                with self._lock:
                    self._settle(index, error=exc)
                continue
            with self._lock:
                if found:
                    self._settle(index, file=target, unchanged=found[1])
                else:
                    self._settle(index, file=target, planned=True)
        self._report()

    def _relative(self, transfer: Transfer) -> PurePosixPath | None:
        """Where the transfer goes: final once the listing is complete, until then the path
        it has if no other artifact shares it. None if it was settled meanwhile."""
        with self._lock:
            if transfer.index in self._results:
                return None
            if self._final is not None:
                return self._final.get(transfer.index)
        return relative_path(transfer.artifact.path, transfer.artifact.provider)

    def _candidates(self, relative: PurePosixPath, artifact: Artifact) -> list[PurePosixPath]:
        """The files a download of the artifact may have written. An unpacked zip is a folder
        and cannot be compared with the artifact's checksum: it is always fetched again."""
        if artifact.packed and not self.extract:
            return [_kept_zip(relative), relative]
        return [relative]

    def _existing(self, relative: PurePosixPath, artifact: Artifact) -> tuple[Path, str] | None:
        for candidate in self._candidates(relative, artifact):
            try:
                target = self._target(candidate, artifact)
            except (CIArtifactsError, OSError):
                continue  # a symlink out of the folder: the download refuses it, with the reason
            how = unchanged_by(artifact, target)
            if how is not None:
                return target, how
            record = self.record
            if (
                record is not None
                and needs_record(artifact, self.extract)
                and record.unchanged(artifact, target)
            ):
                return target, "record"
        return None

    def remember(self, artifact: Artifact, target: Path) -> None:
        if self.record is not None and needs_record(artifact, self.extract):
            self.record.remember(artifact, target)

    def save_record(self) -> None:
        """Write down what was placed for the next download's sake (blocking)."""
        if self.record is not None:
            self.record.save()

    def _planned_target(self, relative: PurePosixPath, artifact: Artifact) -> Path:
        if artifact.packed and not self.extract:
            relative = _kept_zip(relative)
        return self._target(relative, artifact)

    # --- transfers ----------------------------------------------------------------------------
    def transferred(self, transfer: Transfer, temp: Path) -> bool:
        """A transfer's temporary file is complete and verified; True if it may be placed now,
        False if it waits for the listing to end (or was refused meanwhile and removed)."""
        with self._lock:
            if self._final is None:
                self._parked[transfer.index] = temp
                return False
            if transfer.index not in self._final:  # refused once the listing was complete
                self.temp_files.remove(temp)
                return False
            return True

    def land(self, transfer: Transfer, temp: Path) -> None:
        """A verified, committed file: place it, or keep it until the listing is complete
        (blocking: call it off the event loop)."""
        if self.transferred(transfer, temp):
            self.place(transfer, temp)

    def store(self, transfer: Transfer, parts: list[bytes]) -> None:
        """Write a small verified body to a temporary file, make it durable and land it
        (blocking); a local failure becomes the artifact's result."""
        try:
            sink = self.temp_files.create()
        except OSError as exc:
            self.failed(transfer, self.write_error(transfer.artifact, exc))
            return
        try:
            for part in parts:
                sink.write(part)
            sink.commit()
        except OSError as exc:
            sink.discard()
            self.failed(transfer, self.write_error(transfer.artifact, exc))
            return
        except BaseException:
            sink.discard()
            raise
        self.land(transfer, sink.path)

    def write_error(self, artifact: Artifact, exc: OSError) -> LocalWriteError:
        return LocalWriteError(artifact.provider, str(self.destination), _reason(exc))

    def place_all(self, finished: list[tuple[Transfer, Path]]) -> None:
        """:meth:`place` each of a batch (blocking)."""
        for transfer, temp in finished:
            self.place(transfer, temp)

    def place(self, transfer: Transfer, temp: Path) -> None:
        """Rename the transfer's file into place (blocking: call it off the event loop)."""
        artifact = transfer.artifact
        assert self._final is not None
        relative = self._final[transfer.index]
        try:
            if artifact.packed and _is_zip(temp):
                target = self._place_archive(temp, relative, artifact)
            else:
                target = self._target(relative, artifact)
                self.temp_files.place(temp, target)
        except CIArtifactsError as exc:
            self.temp_files.remove(temp)
            self.failed(transfer, exc)
        except OSError as exc:
            self.temp_files.remove(temp)
            where = str(self.destination / relative)
            self.failed(transfer, LocalWriteError(artifact.provider, where, _reason(exc)))
        else:
            with self._lock:
                self._settle(transfer.index, file=target)
            self.remember(artifact, target)
            self._report()

    def _place_archive(self, temp: Path, relative: PurePosixPath, artifact: Artifact) -> Path:
        """A zip the provider made of the uploaded files: unpacked into a folder named after
        the artifact, or kept as ``<name>.zip`` when not extracting. Returns where it went."""
        if not self.extract:
            kept = self._target(_kept_zip(relative), artifact)
            self.temp_files.place(temp, kept)
            return kept
        from ciartifacts.archives import unpack  # zipfile, loaded only when a zip comes

        target = self._target(relative, artifact)
        folder = self.temp_files.create_folder()
        try:
            unpack(temp, folder, artifact)
            self.temp_files.place_folder(
                folder, target, lambda root, relative: _inside(root, relative, artifact)
            )
        except BaseException:
            self.temp_files.remove(folder)
            raise
        self.temp_files.remove(temp)
        return target

    def _target(self, relative: PurePosixPath, artifact: Artifact) -> Path:
        """Where the file goes, checked to stay inside the destination. A folder already
        checked is not resolved again (a run of a thousand files shares a few folders); a
        symlink in its place, or at the file's own name, is checked in full. Either way the
        path is the one :func:`inside` gives, under the resolved folder, so that results and
        records name each file one way whichever check it got."""
        if self._root is None:
            self._root = self.destination.resolve()
        target = self._root.joinpath(*relative.parts)
        parent = relative.parent
        if parent in self._safe_folders and not os.path.islink(target):
            return target
        checked = inside(self.destination, relative, artifact)
        with self._lock:
            self._safe_folders.add(parent)
        return checked

    def failed(self, transfer: Transfer, error: CIArtifactsError) -> None:
        with self._lock:
            if transfer.index not in self._results:
                self._settle(transfer.index, error=error)
        self._report()

    # --- outcome ------------------------------------------------------------------------------
    def report(self) -> DownloadReport:
        with self._lock:
            return DownloadReport(tuple(self._results[i] for i in sorted(self._results)))

    def _settle(
        self,
        index: int,
        *,
        file: Path | None = None,
        skipped: str | None = None,
        error: CIArtifactsError | None = None,
        unchanged: str | None = None,
        planned: bool = False,
        queue: bool = True,
    ) -> None:
        result = DownloadResult(
            self._listed[index],
            file=file,
            skipped=skipped,
            error=error,
            unchanged=unchanged,
            planned=planned,
        )
        self._results[index] = result
        if queue and self.progress is not None:
            self._unreported.append((index, result))

    def _report(self) -> None:
        """Hand settled results to ``progress``, outside the lock: a caller's callback must
        not hold up the other workers' bookkeeping."""
        if self.progress is None:
            return
        with self._lock:
            settled, self._unreported = self._unreported, []
        for index, result in settled:
            self.progress.settled(index, result)


def _kept_zip(relative: PurePosixPath) -> PurePosixPath:
    """Where a zip kept whole (``extract=False``) goes: ``NAME.zip`` beside ``NAME``."""
    return relative.with_name(relative.name + ".zip")


def needs_record(artifact: Artifact, extract: bool) -> bool:
    """Whether only a :class:`SyncRecord` can later say the artifact's files are unchanged:
    the listing gives nothing to compare with, or they were unpacked from a zip."""
    return (artifact.checksum is None and artifact.size is None) or (artifact.packed and extract)


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:  # missing (created on the first write) or unreadable: nothing to keep
        return False


def _is_zip(path: Path) -> bool:
    from ciartifacts.archives import is_zip

    return is_zip(path)


def _inside(root: Path, relative: Path, artifact: Artifact) -> None:
    inside(root, PurePosixPath(*relative.parts), artifact)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
