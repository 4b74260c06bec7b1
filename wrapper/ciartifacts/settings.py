"""Credentials and endpoints per provider: from arguments, else from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs
import httpx

from ciartifacts.errors import ConfigurationError, redact_url
from ciartifacts.fields import url_problem


@attrs.frozen
class ProviderEnvironment:
    """Where a provider's token and base URL come from when not given as arguments."""

    token_vars: tuple[str, ...]
    url_var: str
    default_url: str


@attrs.frozen
class Settings:
    """A provider's resolved base URL and token. The token never appears in ``repr``."""

    provider: str
    base_url: str
    token: str = attrs.field(repr=False)


def normalize_base_url(provider: str, url: str, source: str = "the base URL") -> str:
    """Check a base URL and drop its trailing slash; a path prefix (proxy, self-hosted) stays.

    ``source`` names where it came from (an environment variable, an argument) so that the
    error says what to fix.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # a port out of range, a broken IPv6 literal
        raise ConfigurationError(
            f"{provider}: {source} ({redact_url(text)!r}) is not a valid URL: {exc}"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{provider}: {source} ({redact_url(text)!r}) is not an http(s) URL with a host"
        )
    if port == 0 or parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(
            f"{provider}: {source} ({redact_url(text)!r}) must have a real port and no query, "
            "fragment or credentials; pass the token separately"
        )
    problem = url_problem(httpx.URL(text)) if _parses(text) else "it does not parse"
    if problem is not None:
        raise ConfigurationError(f"{provider}: {source} ({redact_url(text)!r}): {problem}")
    return text.rstrip("/")


def _parses(text: str) -> bool:
    try:
        httpx.URL(text)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return True


def resolve_settings(
    provider: str,
    *,
    token: str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings for ``provider``: arguments first, then its environment variables, then defaults."""
    from ciartifacts.providers import provider_class

    env = os.environ if environ is None else environ
    spec = provider_class(provider).environment
    source = "the token argument"
    if not (token and token.strip()):
        source, token = next(
            ((name, env[name]) for name in spec.token_vars if env.get(name, "").strip()),
            (source, None),
        )
    if not token:
        raise ConfigurationError.missing_token(provider, spec.token_vars)
    token = token.strip()
    if not all(0x21 <= ord(char) <= 0x7E for char in token):
        # Never echo the value: say where it came from instead.
        raise ConfigurationError(
            f"{provider}: the token from {source} has spaces, control or non-ASCII characters, "
            "which cannot be sent in an HTTP header"
        )
    if base_url:
        url, where = base_url, "the base_urls argument"
    elif env.get(spec.url_var, "").strip():
        url, where = env[spec.url_var], spec.url_var
    else:
        url, where = spec.default_url, "the default base URL"
    return Settings(provider, normalize_base_url(provider, url, where), token)
