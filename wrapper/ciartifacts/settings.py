"""Credentials and endpoints per provider: from arguments, else from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs

from ciartifacts.errors import ConfigurationError, redact_url


@attrs.frozen
class ProviderEnvironment:
    """Where a provider's token and base URL come from when not given as arguments."""

    token_vars: tuple[str, ...]
    url_var: str
    default_url: str


ENVIRONMENT: Mapping[str, ProviderEnvironment] = {
    "buildkite": ProviderEnvironment(
        ("BUILDKITE_API_TOKEN",), "BUILDKITE_API_URL", "https://api.buildkite.com/v2"
    ),
    "circleci": ProviderEnvironment(
        ("CIRCLE_TOKEN", "CIRCLECI_CLI_TOKEN"), "CIRCLECI_API_URL", "https://circleci.com/api/v1.1"
    ),
    "sourcecraft": ProviderEnvironment(
        ("SOURCECRAFT_TOKEN",), "SOURCECRAFT_API_URL", "https://api.sourcecraft.tech"
    ),
    "empirical": ProviderEnvironment(
        ("EMPIRICALRUN_KEY",), "EMPIRICAL_API_URL", "https://api.empirical.run"
    ),
}


@attrs.frozen
class Settings:
    """A provider's resolved base URL and token. The token never appears in ``repr``."""

    provider: str
    base_url: str
    token: str = attrs.field(repr=False)


def normalize_base_url(provider: str, url: str) -> str:
    """Check a base URL and drop its trailing slash; a path prefix (proxy, self-hosted) stays."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{provider}: base URL {redact_url(url)!r} is not an http(s) URL with a host"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(
            f"{provider}: base URL {redact_url(url)!r} must not carry a query, fragment or "
            "credentials; pass the token separately"
        )
    return url.strip().rstrip("/")


def resolve_settings(
    provider: str,
    *,
    token: str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings for ``provider``: arguments first, then its environment variables, then defaults."""
    env = os.environ if environ is None else environ
    spec = ENVIRONMENT[provider]
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
    url = base_url or env.get(spec.url_var) or spec.default_url
    return Settings(provider, normalize_base_url(provider, url), token)
