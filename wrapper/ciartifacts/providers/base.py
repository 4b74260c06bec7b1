"""What a provider implements: a few sans-IO hooks over its generated client.

A provider never performs I/O. It says which generated operation to call (an :class:`ApiCall`,
runnable by the sync and the async client alike), turns typed responses into
:class:`~ciartifacts.model.Artifact` objects, and says where an artifact's bytes are and whether
its credentials may go there. The clients in :mod:`ciartifacts.client` and :mod:`ciartifacts.aio`
do the I/O, so each provider is written once for both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Sequence
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import urlsplit

import attrs

from ciartifacts.errors import InvalidRefError, UnsupportedOperationError
from ciartifacts.model import Artifact
from ciartifacts.patterns import ServerFilter
from ciartifacts.refs import Ref
from ciartifacts.settings import Settings


@attrs.frozen
class ApiCall:
    """One generated operation with its arguments, callable with a sync or an async client."""

    operation: ModuleType
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)

    def sync(self, client: Any) -> Any:
        return self.operation.sync_detailed(*self.args, client=client, **self.kwargs)

    def asyncio(self, client: Any) -> Awaitable[Any]:
        result: Awaitable[Any] = self.operation.asyncio_detailed(
            *self.args, client=client, **self.kwargs
        )
        return result


@attrs.frozen
class Page:
    """Artifacts of one response and the call for the next page, if any."""

    artifacts: Sequence[Artifact]
    next: ApiCall | None = None


@attrs.frozen
class Capabilities:
    delete: bool = False
    server_filter: bool = False


class Provider(ABC):
    """Base class of the four providers. Subclasses set the class variables and the hooks."""

    name: ClassVar[str]
    ref_types: ClassVar[tuple[type, ...]]
    capabilities: ClassVar[Capabilities] = Capabilities()
    # True where download URLs come with the listing and expire (signed): a download that meets
    # an expired URL lists the run again for a fresh one. Elsewhere the first hop is an API call
    # that hands out a fresh URL each time.
    listing_urls_expire: ClassVar[bool] = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api_origin = origin(settings.base_url)

    # --- configuration -------------------------------------------------------------------
    @abstractmethod
    def generated_package(self) -> ModuleType:
        """The generated package (imported here, so only a provider in use is imported)."""

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.token}"}

    def new_generated_client(self) -> Any:
        """A bare generated ``Client``; the caller gives it our configured httpx clients."""
        return self.generated_package().Client(base_url=self.settings.base_url)

    # --- listing ---------------------------------------------------------------------------
    def check_ref(self, ref: Ref) -> None:
        if not isinstance(ref, self.ref_types):
            raise InvalidRefError(str(ref), f"not a {self.name} ref")

    @abstractmethod
    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        """The call that lists the first page of the ref's artifacts."""

    @abstractmethod
    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        """The artifacts in a successful response, and the call for the next page."""

    # --- downloading ------------------------------------------------------------------------
    @abstractmethod
    def download_url(self, artifact: Artifact) -> str:
        """Where the artifact's bytes are (the first hop; redirects are followed after it)."""

    def may_send_credentials(self, url: str, *, first_hop: bool) -> bool:
        """Whether the API token may go to ``url``: by default to the API's own origin only."""
        return origin(url) == self.api_origin

    def disambiguator(self, artifact: Artifact) -> str:
        """A folder name telling apart artifacts that share one path (e.g. parallel nodes)."""
        return "duplicate"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        """Whether two listings describe the same artifact (to find it again in a new listing)."""
        return one.path == other.path

    # --- deleting ---------------------------------------------------------------------------
    def delete_call(self, artifact: Artifact) -> ApiCall:
        """The call deleting the artifact; only providers declaring ``capabilities.delete``."""
        raise UnsupportedOperationError(self.name, "delete")


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) — what decides where credentials may go."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    return scheme, (parts.hostname or "").lower(), port


def unset_to_none(value: Any) -> Any:
    """Generated models mark absent fields with an ``Unset`` sentinel: map it to None."""
    return None if type(value).__name__ == "Unset" else value
