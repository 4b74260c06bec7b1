"""Which proxy, if any, a request goes through: the environment's, as curl reads it.

``http_proxy`` / ``HTTP_PROXY`` for http:// URLs, ``https_proxy`` / ``HTTPS_PROXY`` for https://
ones, ``all_proxy`` / ``ALL_PROXY`` for both, the lower-case form winning; ``no_proxy`` /
``NO_PROXY`` lists hosts that go direct: ``*`` for all, a host name (which covers its
subdomains; a leading ``.`` is the same), an IP address or a CIDR block, each optionally with
``:port``. Only http:// and https:// proxies are supported.
"""

from __future__ import annotations

import base64
import ipaddress
import os
from collections.abc import Mapping

import attrs
import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}


@attrs.frozen
class Proxy:
    """Where to send a request instead of its origin."""

    url: httpx.URL

    @property
    def authorization(self) -> bytes | None:
        """``Proxy-Authorization`` for credentials in the proxy URL, if any."""
        if not self.url.username:
            return None
        pair = f"{self.url.username}:{self.url.password}".encode()
        return b"Basic " + base64.b64encode(pair)


def _variable(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name.lower()) or environ.get(name.upper()) or "").strip()


@attrs.frozen
class _Exception:
    host: str
    port: int | None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None

    def matches(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            try:
                return ipaddress.ip_address(host) in self.network
            except ValueError:
                return False
        return host == self.host or host.endswith("." + self.host)


def _exceptions(text: str) -> tuple[bool, tuple[_Exception, ...]]:
    found = []
    for item in (part.strip().lower() for part in text.split(",")):
        if not item:
            continue
        if item == "*":
            return True, ()
        host, port = item, None
        if item.startswith("["):  # [IPv6]:port
            host, _, rest = item[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
        elif item.count(":") == 1:
            name, _, number = item.partition(":")
            if number.isdigit():
                host, port = name, int(number)
        host = host.lstrip(".")
        try:
            network = ipaddress.ip_network(host, strict=False) if host else None
        except ValueError:
            network = None
        found.append(_Exception(host, port, network))
    return False, tuple(found)


class ProxyRules:
    """The proxies of an environment, read once; :meth:`for_url` chooses for each request."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self._proxies = {
            scheme: _variable(env, f"{scheme}_proxy") for scheme in ("http", "https", "all")
        }
        self._bypass_all, self._bypass = _exceptions(_variable(env, "no_proxy"))
        self._chosen: dict[tuple[str, str, int], Proxy | None] = {}

    def for_url(self, url: httpx.URL) -> Proxy | None:
        port = url.port or DEFAULT_PORTS.get(url.scheme, 0)
        key = (url.scheme, url.host, port)
        if key not in self._chosen:
            self._chosen[key] = self._choose(url.scheme, url.host.lower(), port)
        return self._chosen[key]

    def _choose(self, scheme: str, host: str, port: int) -> Proxy | None:
        text = self._proxies.get(scheme) or self._proxies["all"]
        if not text or self._bypass_all:
            return None
        if any(rule.matches(host, port) for rule in self._bypass):
            return None
        if "://" not in text:
            text = f"http://{text}"
        try:
            url = httpx.URL(text)
        except httpx.InvalidURL as exc:
            raise httpx.UnsupportedProtocol(f"the proxy URL in the environment: {exc}") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise httpx.UnsupportedProtocol(
                f"proxy scheme {url.scheme!r} is not supported (http:// and https:// are)"
            )
        return Proxy(url)
