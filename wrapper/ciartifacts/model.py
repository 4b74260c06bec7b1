"""The provider-neutral artifact model."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import attrs

from ciartifacts.refs import Ref


class State(enum.StrEnum):
    """An artifact's state, normalized across providers (the provider's own is ``raw_state``)."""

    READY = "ready"
    PENDING = "pending"
    FAILED = "failed"
    DELETED = "deleted"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def _lowercase(value: str) -> str:
    return value.lower()


@attrs.frozen
class Checksum:
    """A content digest as the provider reports it; ``str()`` gives ``"sha1:<hex>"``."""

    algorithm: str
    hex: str = attrs.field(converter=_lowercase)

    def __str__(self) -> str:
        return f"{self.algorithm}:{self.hex}"


@attrs.frozen
class Artifact:
    """One file of a run, whatever the provider.

    ``packed`` is True where the provider may serve the artifact as a zip archive of the files
    uploaded (GitHub Actions): a download then unpacks it into a folder named after the
    artifact, deciding by the bytes received, not by any name or URL.

    ``raw`` is the generated model the provider returned (``ciartifacts_<provider>.models``), for
    provider-specific fields. It is left out of ``repr`` and equality: it holds download URLs,
    some of them signed, which must never end up in logs.
    """

    provider: str
    ref: Ref
    path: str
    size: int | None
    mime_type: str | None
    checksum: Checksum | None
    state: State
    raw_state: str | None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    packed: bool = False
    raw: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def downloadable(self) -> bool:
        return self.state is State.READY
