"""The asynchronous client, :class:`AsyncClient`: the same operations as
:class:`ciartifacts.Client`, awaitable. Imported on first use, so that synchronous users never
import asyncio."""

from ciartifacts._async.client import AsyncClient

__all__ = ["AsyncClient"]
