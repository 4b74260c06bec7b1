"""Tokens and base URLs: arguments first, then the environment, then the defaults."""

from __future__ import annotations

import pytest

from ciartifacts.errors import ConfigurationError
from ciartifacts.settings import resolve_settings


def test_defaults_and_environment() -> None:
    settings = resolve_settings("buildkite", environ={"BUILDKITE_API_TOKEN": "bk-secret"})
    assert settings.base_url == "https://api.buildkite.com/v2"
    assert settings.token == "bk-secret"
    assert "bk-secret" not in repr(settings)


def test_circleci_falls_back_to_the_cli_token() -> None:
    env = {"CIRCLECI_CLI_TOKEN": "cli", "CIRCLECI_API_URL": "https://ci.example.com/api/v1.1/"}
    settings = resolve_settings("circleci", environ=env)
    assert settings.token == "cli"
    assert settings.base_url == "https://ci.example.com/api/v1.1"
    assert resolve_settings("circleci", environ={**env, "CIRCLE_TOKEN": "main"}).token == "main"


def test_github_reads_gh_token_then_github_token_and_the_runners_api_url() -> None:
    settings = resolve_settings("github", environ={"GITHUB_TOKEN": "actions"})
    assert (settings.token, settings.base_url) == ("actions", "https://api.github.com")
    env = {"GH_TOKEN": "gh", "GITHUB_TOKEN": "actions"}
    env["GITHUB_API_URL"] = "https://ghe.example.com/api/v3"
    settings = resolve_settings("github", environ=env)
    assert (settings.token, settings.base_url) == ("gh", "https://ghe.example.com/api/v3")
    with pytest.raises(ConfigurationError, match="looked at: GH_TOKEN, GITHUB_TOKEN"):
        resolve_settings("github", environ={})


def test_arguments_win_and_path_prefixes_stay() -> None:
    settings = resolve_settings(
        "empirical",
        token="arg",
        base_url="http://proxy.local:8080/empirical",
        environ={"EMPIRICALRUN_KEY": "env", "EMPIRICAL_API_URL": "https://elsewhere"},
    )
    assert (settings.token, settings.base_url) == ("arg", "http://proxy.local:8080/empirical")


def test_missing_token_names_the_variables() -> None:
    with pytest.raises(ConfigurationError, match="SOURCECRAFT_TOKEN"):
        resolve_settings("sourcecraft", environ={})


@pytest.mark.parametrize(
    "url", ["ftp://x", "api.buildkite.com", "https://", "https://h/v2?token=abc", "https://u:p@h/"]
)
def test_bad_base_urls_are_refused_without_echoing_secrets(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings("buildkite", token="t", base_url=url)
    assert "abc" not in str(caught.value)
    assert "u:p" not in str(caught.value)


@pytest.mark.parametrize("token", ["abc\ndef-SECRET", "tök-SECRET", "a b-SECRET", "x\x00SECRET"])
def test_tokens_that_cannot_be_headers_are_refused_without_echoing_them(token: str) -> None:
    with pytest.raises(ConfigurationError, match="BUILDKITE_API_TOKEN") as caught:
        resolve_settings("buildkite", environ={"BUILDKITE_API_TOKEN": token})
    assert "SECRET" not in str(caught.value) + repr(caught.value)


def test_blank_token_counts_as_missing() -> None:
    with pytest.raises(ConfigurationError, match="no API token"):
        resolve_settings("buildkite", token="   ", environ={"BUILDKITE_API_TOKEN": " "})
