from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact import Artifact
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    org_slug: str,
    job_id: str,
    artifact_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{org_slug}/jobs/{job_id}/artifacts/{artifact_id}".format(
            org_slug=quote(str(org_slug), safe=""),
            job_id=quote(str(job_id), safe=""),
            artifact_id=quote(str(artifact_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Artifact | Error | RateLimitError | None:
    if response.status_code == 200:
        response_200 = Artifact.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Artifact | Error | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_slug: str,
    job_id: str,
    artifact_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Artifact | Error | RateLimitError]:
    """Get an artifact (organization route)

     Scope `read_artifacts`.

    Args:
        org_slug (str):
        job_id (str):
        artifact_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Artifact | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        job_id=job_id,
        artifact_id=artifact_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_slug: str,
    job_id: str,
    artifact_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Artifact | Error | RateLimitError | None:
    """Get an artifact (organization route)

     Scope `read_artifacts`.

    Args:
        org_slug (str):
        job_id (str):
        artifact_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Artifact | Error | RateLimitError
    """

    return sync_detailed(
        org_slug=org_slug,
        job_id=job_id,
        artifact_id=artifact_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    job_id: str,
    artifact_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Artifact | Error | RateLimitError]:
    """Get an artifact (organization route)

     Scope `read_artifacts`.

    Args:
        org_slug (str):
        job_id (str):
        artifact_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Artifact | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        job_id=job_id,
        artifact_id=artifact_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    job_id: str,
    artifact_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Artifact | Error | RateLimitError | None:
    """Get an artifact (organization route)

     Scope `read_artifacts`.

    Args:
        org_slug (str):
        job_id (str):
        artifact_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Artifact | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            job_id=job_id,
            artifact_id=artifact_id,
            client=client,
        )
    ).parsed
