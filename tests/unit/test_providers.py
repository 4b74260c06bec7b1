"""Provider hooks that need no server: credential rules, pagination links, server filters."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from ciartifacts.patterns import server_side_hints
from ciartifacts.providers.base import next_page_number
from ciartifacts.providers.buildkite import BuildkiteProvider, ids_from_url
from ciartifacts.providers.circleci import CircleCIProvider
from ciartifacts.providers.empirical import EmpiricalProvider, EmpiricalRef
from ciartifacts.settings import Settings


def test_buildkite_next_page_comes_from_the_link_header_only_as_a_number() -> None:
    link = (
        '<https://api.buildkite.com/v2/o/p?api_key=f8582f&page=3>; rel="next", '
        '<https://api.buildkite.com/v2/o/p?api_key=f8582f&page=6>; rel="last"'
    )
    assert next_page_number(httpx.Headers({"Link": link})) == 3
    assert next_page_number(httpx.Headers({"Link": link.split(", ")[1]})) is None
    assert next_page_number(httpx.Headers()) is None


def test_buildkite_ids_follow_the_canonical_url() -> None:
    url = "https://api.buildkite.com/v2/organizations/o/pipelines/p/builds/1/jobs/J/artifacts/A2"
    assert ids_from_url(url, "J", "A1") == ("J", "A2")
    assert ids_from_url("https://x/other", "J", "A1") == ("J", "A1")


def test_buildkite_credentials_only_to_the_api_origin() -> None:
    provider = BuildkiteProvider(Settings("buildkite", "https://api.buildkite.com/v2", "t"))
    assert provider.may_send_credentials("https://api.buildkite.com/v2/x/download", first_hop=True)
    assert not provider.may_send_credentials("https://bucket.s3.amazonaws.com/x", first_hop=True)
    assert not provider.may_send_credentials("http://api.buildkite.com/v2/x", first_hop=True)
    assert not provider.may_send_credentials("https://api.buildkite.com:8443/x", first_hop=True)


@pytest.mark.parametrize(
    ("url", "first_hop", "allowed"),
    [
        ("https://24-88881093-gh.circle-artifacts.com/0/a.txt", True, True),
        ("https://24-88881093-gh.circle-artifacts.com/0/a.txt", False, False),
        ("http://24-88881093-gh.circle-artifacts.com/0/a.txt", True, False),
        ("https://evil-circle-artifacts.com/0/a.txt", True, False),
        ("https://circle-production-customer-artifacts.s3.amazonaws.com/x", True, False),
        ("https://circleci.com/api/v1.1/x", False, True),
    ],
)
def test_circleci_token_goes_to_the_artifact_host_on_the_first_hop_only(
    url: str, first_hop: bool, allowed: bool
) -> None:
    provider = CircleCIProvider(Settings("circleci", "https://circleci.com/api/v1.1", "t"))
    assert provider.may_send_credentials(url, first_hop=first_hop) is allowed


def test_circleci_self_hosted_artifact_host_shares_the_api_host() -> None:
    provider = CircleCIProvider(Settings("circleci", "http://127.0.0.1:9000/api/v1.1", "t"))
    assert provider.may_send_credentials("http://127.0.0.1:9001/1-abc/0/a", first_hop=True)
    assert not provider.may_send_credentials("http://127.0.0.1:9001/1-abc/0/a", first_hop=False)
    assert not provider.may_send_credentials("http://127.0.0.2:9002/o/x", first_hop=True)


def test_empirical_pushes_a_single_pattern_to_the_server() -> None:
    provider = EmpiricalProvider(Settings("empirical", "https://api.empirical.run", "t"))
    call = provider.first_page(EmpiricalRef(456), server_side_hints(["data/**/*.webm"]))
    assert call.kwargs == {"prefix": "data/", "suffix": ".webm"}
    assert provider.first_page(EmpiricalRef(456), None).kwargs == {}


def test_circleci_self_hosted_host_needs_the_api_scheme_too() -> None:
    provider = CircleCIProvider(Settings("circleci", "https://ci.example.com/api/v1.1", "t"))
    assert provider.may_send_credentials("https://ci.example.com:8443/1/0/a", first_hop=True)
    assert not provider.may_send_credentials("http://ci.example.com:8080/1/0/a", first_hop=True)


@pytest.mark.parametrize(
    ("current", "location", "problem"),
    [
        ("https://api.buildkite.com/v2/x", "http://bucket.example/x?sig=1", "from https to http"),
        ("https://api.buildkite.com/v2/x", "file:///etc/passwd", "from https to file"),
        ("https://api.buildkite.com/v2/x", None, "without a Location"),
    ],
)
def test_redirects_no_download_should_follow(
    current: str, location: str | None, problem: str
) -> None:
    from ciartifacts.client_core import redirect_target
    from ciartifacts.errors import CIArtifactsError

    headers = {"Location": location} if location else {}
    response = httpx.Response(302, headers=headers, request=httpx.Request("GET", current))
    with pytest.raises(CIArtifactsError, match=problem) as caught:
        redirect_target("buildkite", response)
    assert "sig=1" not in str(caught.value)


def test_relative_redirects_resolve_against_the_current_url() -> None:
    from ciartifacts.client_core import redirect_target

    request = httpx.Request("GET", "https://a.example/v2/x/download")
    response = httpx.Response(302, headers={"Location": "/objects/1?sig=2"}, request=request)
    assert redirect_target("buildkite", response) == "https://a.example/objects/1?sig=2"


def test_a_submodule_imported_from_the_package_loads_no_provider() -> None:
    # `from ciartifacts import <submodule>` asks the package's __getattr__ first, which also
    # finds providers' ref classes: a submodule's name must not load every provider.
    code = (
        "import sys, ciartifacts\n"
        "from ciartifacts import cli_config, downloads\n"
        "print(sorted(m for m in sys.modules if m.startswith('ciartifacts.providers.')"
        " and m != 'ciartifacts.providers.base'))\n"
        "from ciartifacts import BuildkiteRef, GitHubLatestRef\n"
        "print(BuildkiteRef.__module__, GitHubLatestRef.__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "[]",
        "ciartifacts.providers.buildkite ciartifacts.providers.github",
    ]
