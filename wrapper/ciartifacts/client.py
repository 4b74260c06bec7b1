"""The synchronous client, :class:`Client`: the download flow's threaded twin.

It is generated from :mod:`ciartifacts._async.client` (see ``scripts/generate_sync.py``), so
it behaves exactly as :class:`ciartifacts.AsyncClient` does, with threads for concurrency.
"""

from ciartifacts._sync.client import Client

__all__ = ["Client"]
