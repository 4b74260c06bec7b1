"""What a request log line shows of a URL: nothing that may be a credential."""

from __future__ import annotations

import httpx

from ciartifacts.logs import shown_url


def test_storage_urls_lose_their_whole_query() -> None:
    url = httpx.URL("https://bucket.example.com/a/b.txt?X-Amz-Signature=abc&X-Amz-Expires=60")
    shown = shown_url(url, trusted=False, credential_parameters=(), secrets=())
    assert shown == "https://bucket.example.com/a/b.txt?[REDACTED]"


def test_api_urls_keep_short_values_only() -> None:
    secret = "0123456789abcdef0123456789abcdef01234567"
    url = httpx.URL(
        f"https://api.example.com/v2/builds/42/artifacts?page=2&per_page=100&api_key={secret}"
        "&include_retried_jobs=true&cursor=eyJpZCI6IjEyMzQ1Njc4OTAifQ"
    )
    shown = shown_url(url, trusted=True, credential_parameters=(), secrets=())
    assert shown == (
        "https://api.example.com/v2/builds/42/artifacts?page=2&per_page=100&api_key=[REDACTED]"
        "&include_retried_jobs=true&cursor=[REDACTED]"
    )


def test_credential_parameters_and_tokens_are_redacted_whatever_their_length() -> None:
    url = httpx.URL("https://user:pw@api.example.com/v1/tok3n/x?circle-token=short&page=1")
    shown = shown_url(
        url, trusted=True, credential_parameters=("Circle-Token",), secrets=("tok3n",)
    )
    assert shown == "https://api.example.com/v1/[REDACTED]/x?circle-token=[REDACTED]&page=1"
