"""A client library for accessing CircleCI API v1.1 — Artifacts and recent builds"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
