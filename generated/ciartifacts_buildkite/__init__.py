"""A client library for accessing Buildkite REST API v2 — Artifacts and builds"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
