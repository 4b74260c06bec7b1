"""A client library for accessing SourceCraft API — CI/CD artifacts"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
