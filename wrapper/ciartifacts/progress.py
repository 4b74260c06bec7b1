"""Download progress for a caller's callback: the library reports, it never draws.

The protocol is fsspec's ``Callback`` (duck-typed: fsspec is not imported), so
``fsspec.callbacks.TqdmCallback()`` works as is, and so does any object with the two methods:

- ``set_size(total)``: the bytes expected, announced again each time it changes. Downloads
  start while later pages are still being listed, so it grows as artifacts are listed (or,
  for an artifact listed without a size, when its transfer starts: its ``Content-Length``);
  it shrinks by an artifact's size when that artifact fails or is found unchanged on disk.
- ``relative_update(n)``: ``n`` more bytes received (once per chunk). A transfer that fails
  after some of its bytes were reported takes them back with a negative ``n``, so at the end
  the count is the bytes of the files written, never bytes counted twice.

Two more methods are called if the callback has them (fsspec's ``Callback`` ignores them):

- ``file_listed(artifact)``: an artifact was listed; each gets one ``file_done`` later;
- ``file_done(result)``: its :class:`~ciartifacts.downloads.DownloadResult` (written,
  unchanged, skipped or failed).

Calls never overlap — they are serialized here, so a callback needs no lock of its own — but
they come from the threads doing the work: the event loop's for :class:`AsyncClient` (and its
file-writing threads for ``file_done``), the worker threads for :class:`Client`. Keep them
quick: ``relative_update`` is on the path of every chunk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ciartifacts.downloads import DownloadResult
    from ciartifacts.model import Artifact


class ProgressCallback(Protocol):
    """What a download reports to: fsspec's ``Callback`` protocol (bytes)."""

    def set_size(self, size: int) -> object: ...

    def relative_update(self, inc: int = 1) -> object: ...


class FileProgressCallback(ProgressCallback, Protocol):
    """A callback that also follows files (optional methods, see the module's docstring)."""

    def file_listed(self, artifact: Artifact) -> object: ...

    def file_done(self, result: DownloadResult) -> object: ...


class Reporter:
    """One download's progress fed to a caller's callback, calls serialized.

    The download flow calls :meth:`advance` per chunk and :meth:`received` once per transfer
    when it ends, whatever became of it; its :class:`~ciartifacts.downloads.DownloadJob` calls
    :meth:`listed` and :meth:`settled`. A failed transfer's bytes and size are taken back
    whichever of ``received`` and ``settled`` comes first (a transfer can be refused while
    its body is still arriving, or fail after it arrived).
    """

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback
        self._file_listed: Callable[[Artifact], object] | None = getattr(
            callback, "file_listed", None
        )
        self._file_done: Callable[[DownloadResult], object] | None = getattr(
            callback, "file_done", None
        )
        self._lock = threading.Lock()
        self._total = 0
        # Per transfer, only until both its end and its result are known:
        self._sizes: dict[int, int] = {}  # what it added to the total, until settled
        self._received: dict[int, int] = {}  # bytes reported, when it ended first
        self._settled_first: dict[int, bool] = {}  # whether it failed, when settled first

    def listed(self, index: int, artifact: Artifact, *, fetch: bool) -> None:
        """An artifact was listed; ``fetch``: it is to be downloaded (not settled already)."""
        with self._lock:
            if self._file_listed is not None:
                self._file_listed(artifact)
            if fetch:
                size = artifact.size or 0
                self._sizes[index] = size
                if size:
                    self._total += size
                    self._callback.set_size(self._total)

    def started(self, index: int, content_length: str | None) -> None:
        """A transfer's body is about to arrive: where the listing gave no size (CircleCI
        lists none), its ``Content-Length`` joins the total."""
        if content_length is None or not content_length.isdigit():
            return
        size = int(content_length)
        with self._lock:
            if self._sizes.get(index) == 0 and size:
                self._sizes[index] = size
                self._total += size
                self._callback.set_size(self._total)

    def advance(self, size: int) -> None:
        with self._lock:
            self._callback.relative_update(size)

    def received(self, index: int, size: int) -> None:
        """The transfer ended (complete or not) after ``size`` bytes were reported."""
        with self._lock:
            if index in self._settled_first:
                if self._settled_first.pop(index):
                    self._take_back(size)
            else:
                self._received[index] = size

    def settled(self, index: int, result: DownloadResult) -> None:
        with self._lock:
            if index in self._sizes:  # a transfer, not an artifact skipped when listed
                # Failed, or left unchanged (or only planned): its bytes are not to come.
                failed = result.status != "downloaded"
                size = self._sizes.pop(index)
                if failed and size:
                    self._total -= size
                    self._callback.set_size(self._total)
                if index in self._received:
                    received = self._received.pop(index)
                    if failed:
                        self._take_back(received)
                elif result.unchanged is None and not result.planned:
                    self._settled_first[index] = failed  # its transfer's end is still to come
            if self._file_done is not None:
                self._file_done(result)

    def _take_back(self, size: int) -> None:
        if size:
            self._callback.relative_update(-size)
