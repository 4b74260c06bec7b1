"""A client library for accessing Empirical API — test-run artifacts and resources"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
