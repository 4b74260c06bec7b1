"""Whether a file already on disk is an artifact's bytes, so a second download can leave it.

The provider's checksum decides where it gives one; otherwise only the size can, which says
less, so the answer names which it was (and a report shows it). A file that cannot be read,
is not a regular file, or differs in any way is simply not unchanged: it is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ciartifacts.model import Artifact

_CHUNK = 1024 * 1024


def unchanged_by(artifact: Artifact, path: Path) -> str | None:
    """How ``path`` was found to hold ``artifact`` — ``"sha256"`` (the checksum's algorithm)
    or ``"size"`` — or None if it may not: missing, different, or nothing to compare with."""
    info = regular_file(path)
    if info is None:
        return None  # missing, or a symlink or a folder: never taken as the artifact
    if artifact.size is not None and info.st_size != artifact.size:
        return None
    checksum = artifact.checksum
    if checksum is None:
        return "size" if artifact.size is not None else None
    try:
        digest = hashlib.new(checksum.algorithm)
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return checksum.algorithm if digest.hexdigest() == checksum.hex else None


def regular_file(path: Path) -> os.stat_result | None:
    """``path``'s status if it is a regular file (a symlink is not followed), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None
