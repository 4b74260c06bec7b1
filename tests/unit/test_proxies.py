"""Proxy choice from the environment: which variable applies, and which hosts go direct."""

from __future__ import annotations

import httpx
import pytest

from ciartifacts.proxies import Proxy, ProxyRules


def proxy_for(url: str, **environ: str) -> str | None:
    chosen = ProxyRules(environ).for_url(httpx.URL(url))
    return None if chosen is None else str(chosen.url)


def test_each_scheme_has_its_variable_and_all_proxy_covers_the_rest() -> None:
    env = {"HTTP_PROXY": "http://plain:1", "ALL_PROXY": "http://every:2"}
    assert proxy_for("http://api.example/x", **env) == "http://plain:1"
    assert proxy_for("https://api.example/x", **env) == "http://every:2"
    assert proxy_for("https://api.example/x") is None


def test_the_lower_case_variable_wins_and_a_bare_host_means_http() -> None:
    env = {"https_proxy": "lower:3128", "HTTPS_PROXY": "http://upper:1"}
    assert proxy_for("https://api.example/x", **env) == "http://lower:3128"


@pytest.mark.parametrize(
    ("no_proxy", "url", "direct"),
    [
        ("*", "https://anything.example/", True),
        ("example.com", "https://example.com/", True),
        ("example.com", "https://api.example.com/", True),
        ("example.com", "https://notexample.com/", False),
        (".example.com", "https://api.example.com/", True),
        ("example.com:8443", "https://example.com:8443/", True),
        ("example.com:8443", "https://example.com/", False),
        ("10.0.0.0/8", "http://10.1.2.3:9000/", True),
        ("10.0.0.0/8", "http://11.1.2.3/", False),
        ("127.0.0.2", "http://127.0.0.2:5000/", True),
        ("[::1]:8080", "http://[::1]:8080/", True),
        (" a.example , b.example ", "http://b.example/", True),
        ("", "http://b.example/", False),
    ],
)
def test_no_proxy(no_proxy: str, url: str, direct: bool) -> None:
    env = {"ALL_PROXY": "http://proxy:1", "NO_PROXY": no_proxy}
    assert (proxy_for(url, **env) is None) is direct


def test_credentials_in_the_proxy_url_become_proxy_authorization() -> None:
    proxy = Proxy(httpx.URL("http://alice:s3cret@proxy:1"))
    assert proxy.authorization == b"Basic YWxpY2U6czNjcmV0"
    assert Proxy(httpx.URL("http://proxy:1")).authorization is None


@pytest.mark.parametrize("value", ["socks5://proxy:1080", "ftp://proxy:21"])
def test_unsupported_proxy_schemes_are_refused_by_name(value: str) -> None:
    with pytest.raises(httpx.UnsupportedProtocol, match="is not supported"):
        proxy_for("http://api.example/", HTTP_PROXY=value)
