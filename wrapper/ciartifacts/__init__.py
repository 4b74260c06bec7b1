"""ciartifacts: one typed interface over the CI artifact APIs of several providers.

    from ciartifacts import Client

    with Client() as client:  # tokens from BUILDKITE_API_TOKEN, CIRCLE_TOKEN, ...
        for artifact in client.list_artifacts("buildkite:my-org/my-pipeline/42", ["dist/**"]):
            print(artifact.path, artifact.size)
        client.download_all("circleci:github/my-org/my-repo/1234", "out", ["**/*.xml"])

Importing this package imports no generated client: a provider's is imported on first use.
"""

from typing import TYPE_CHECKING, Any

from ciartifacts.client import Client
from ciartifacts.errors import (
    APIError,
    AuthenticationError,
    ChecksumMismatchError,
    CIArtifactsError,
    ConfigurationError,
    CorruptArchiveError,
    DownloadError,
    IntegrityError,
    InvalidPatternError,
    InvalidRefError,
    LocalWriteError,
    NoMatchingRunError,
    NotDownloadableError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    SizeMismatchError,
    TransportError,
    UnexpectedResponseError,
    UnsafePathError,
    UnsupportedOperation,
    UnsupportedOperationError,
)
from ciartifacts.model import Artifact, Checksum, State
from ciartifacts.refs import Ref, RunRef, Selection, parse_ref
from ciartifacts.version import __version__

if TYPE_CHECKING:
    from ciartifacts.aio import AsyncClient
    from ciartifacts.downloads import DownloadReport, DownloadResult


def __getattr__(name: str) -> Any:
    # asyncio costs as much to import as the rest of the package: only async users pay for it.
    if name == "AsyncClient":
        from ciartifacts.aio import AsyncClient

        return AsyncClient
    # Results of downloads, loaded with the download machinery (listing needs none of it).
    if name in ("DownloadReport", "DownloadResult"):
        from ciartifacts import downloads

        return getattr(downloads, name)
    # A provider's ref classes live in its module (ciartifacts.providers.<name>, where type
    # checkers see them); they are reachable from here too, for code written before the registry.
    # Only class names are looked for: `from ciartifacts import <submodule>` asks here first,
    # and must not load every provider on the way.
    if not name[:1].isupper():
        raise AttributeError(f"module 'ciartifacts' has no attribute {name!r}")
    from ciartifacts.providers import provider_export

    found = provider_export(name)
    if found is not None:
        return found
    raise AttributeError(f"module 'ciartifacts' has no attribute {name!r}")


__all__ = [
    "APIError",
    "Artifact",
    "AsyncClient",
    "AuthenticationError",
    "CIArtifactsError",
    "Checksum",
    "ChecksumMismatchError",
    "Client",
    "ConfigurationError",
    "CorruptArchiveError",
    "DownloadError",
    "DownloadReport",
    "DownloadResult",
    "IntegrityError",
    "InvalidPatternError",
    "InvalidRefError",
    "LocalWriteError",
    "NoMatchingRunError",
    "NotDownloadableError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "Ref",
    "RequestTimeoutError",
    "RunRef",
    "Selection",
    "ServerError",
    "SizeMismatchError",
    "State",
    "TransportError",
    "UnexpectedResponseError",
    "UnsafePathError",
    "UnsupportedOperation",
    "UnsupportedOperationError",
    "__version__",
    "parse_ref",
]
