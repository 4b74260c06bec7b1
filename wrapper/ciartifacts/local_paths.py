"""Where an artifact lands on disk, and proof that it never lands outside the chosen folder."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

import attrs

from ciartifacts.errors import UnsafePathError
from ciartifacts.model import Artifact

_DRIVE = re.compile(r"^[A-Za-z]:")
# Unicode category Cc: C0 and C1 controls and DEL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED_SEGMENTS = frozenset({"", ".", ".."})


def relative_path(artifact_path: str, provider: str | None = None) -> PurePosixPath:
    """The artifact's path made relative, or UnsafePathError saying why it cannot be.

    A leading ``/`` is dropped (CircleCI paths may be absolute) and empty or ``.`` segments are
    skipped; ``..``, backslashes, drive letters and control characters are refused rather than
    cleaned, since any "fixed" reading of them would be a guess about where the file belongs.
    """
    path = unicodedata.normalize("NFC", artifact_path)
    if "\\" in path:
        raise UnsafePathError(artifact_path, "it contains a backslash", provider)
    if _CONTROL.search(path):
        raise UnsafePathError(artifact_path, "it contains a control character", provider)
    segments = path.split("/")
    if ".." in segments:
        raise UnsafePathError(artifact_path, "it contains a '..' segment", provider)
    kept = [segment for segment in segments if segment not in _RESERVED_SEGMENTS]
    if not kept:
        raise UnsafePathError(artifact_path, "the path names no file", provider)
    # Checked on what is kept, so that "./C:/x" is refused like "C:/x".
    if _DRIVE.match(kept[0]):
        raise UnsafePathError(artifact_path, "it starts with a drive letter", provider)
    return PurePosixPath(*kept)


def inside(folder: Path, relative: PurePosixPath, artifact: Artifact) -> Path:
    """``folder / relative``, checked after resolving symlinks already on disk."""
    try:
        root = folder.resolve()
        target = root.joinpath(*relative.parts)
        resolved = target.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop, an unreadable folder
        raise UnsafePathError(
            artifact.path, f"cannot resolve it: {exc}", artifact.provider
        ) from exc
    if resolved != root and root not in resolved.parents:
        raise UnsafePathError(
            artifact.path, "it would be written outside the destination folder", artifact.provider
        )
    return target


@attrs.frozen
class PlannedFile:
    """An artifact and the file it goes to, or the reason it will not be downloaded."""

    artifact: Artifact
    relative: PurePosixPath | None
    skipped: str | None = None
    error: UnsafePathError | None = None


def plan(
    artifacts: Sequence[Artifact], disambiguator: Callable[[Artifact], str]
) -> list[PlannedFile]:
    """Local paths for a set of artifacts: unsafe ones refused, non-ready ones skipped, and
    artifacts sharing one path put in folders named by ``disambiguator`` (e.g. ``node-1/``) so
    none overwrites another."""
    planned: list[PlannedFile] = []
    for artifact in artifacts:
        if not artifact.downloadable:
            state = artifact.raw_state or artifact.state.value
            reason = f"not downloadable in state {state!r}"
            planned.append(PlannedFile(artifact, None, skipped=reason))
            continue
        try:
            planned.append(PlannedFile(artifact, relative_path(artifact.path, artifact.provider)))
        except UnsafePathError as exc:
            planned.append(PlannedFile(artifact, None, error=exc))
    counts = Counter(_key(item.relative) for item in planned if item.relative is not None)
    return _refuse_remaining_clashes(
        [
            attrs.evolve(item, relative=_safe_segment(disambiguator(item.artifact)) / item.relative)
            if item.relative is not None and counts[_key(item.relative)] > 1
            else item
            for item in planned
        ]
    )


def _key(path: PurePosixPath) -> str:
    # Case-insensitive file systems (macOS, Windows) would merge names differing in case only.
    return os.path.normcase(str(path)).casefold()


def _safe_segment(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".") or "duplicate"


def _refuse_remaining_clashes(planned: list[PlannedFile]) -> list[PlannedFile]:
    """Refuse, after the first, artifacts that would still share a file, or need a file where
    another needs a folder (``a`` and ``a/b``): deterministic, whatever the download order."""
    files: set[str] = set()
    folders: set[str] = set()
    result = []
    for item in planned:
        if item.relative is None:
            result.append(item)
            continue
        key = _key(item.relative)
        parents = {_key(parent) for parent in item.relative.parents if parent.parts}
        reason = None
        if key in files:
            reason = "another artifact maps to the same local file"
        elif key in folders or parents & files:
            reason = "another artifact needs a file where this one needs a folder, or the reverse"
        if reason is not None:
            error = UnsafePathError(item.artifact.path, reason, item.artifact.provider)
            result.append(attrs.evolve(item, relative=None, error=error))
            continue
        files.add(key)
        folders |= parents
        result.append(item)
    return result
