"""A client library for accessing GitHub REST API — Actions artifacts and workflow runs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
