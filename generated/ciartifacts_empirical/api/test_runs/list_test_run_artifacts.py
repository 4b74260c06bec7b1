from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.test_run_artifacts_response import TestRunArtifactsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    key: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["key"] = key

    params["prefix"] = prefix

    params["suffix"] = suffix

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/test-runs/{id}/artifacts".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TestRunArtifactsResponse | None:
    if response.status_code == 200:
        response_200 = TestRunArtifactsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | TestRunArtifactsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    key: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Response[Error | TestRunArtifactsResponse]:
    """List artifacts

     Returns URLs to artifacts stored for a test run. Filter by exact key, prefix, suffix, or
    retrieve all artifacts.

    Args:
        id (int):
        key (str | Unset):
        prefix (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TestRunArtifactsResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        key=key,
        prefix=prefix,
        suffix=suffix,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    key: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Error | TestRunArtifactsResponse | None:
    """List artifacts

     Returns URLs to artifacts stored for a test run. Filter by exact key, prefix, suffix, or
    retrieve all artifacts.

    Args:
        id (int):
        key (str | Unset):
        prefix (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TestRunArtifactsResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        key=key,
        prefix=prefix,
        suffix=suffix,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    key: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Response[Error | TestRunArtifactsResponse]:
    """List artifacts

     Returns URLs to artifacts stored for a test run. Filter by exact key, prefix, suffix, or
    retrieve all artifacts.

    Args:
        id (int):
        key (str | Unset):
        prefix (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TestRunArtifactsResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        key=key,
        prefix=prefix,
        suffix=suffix,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    key: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Error | TestRunArtifactsResponse | None:
    """List artifacts

     Returns URLs to artifacts stored for a test run. Filter by exact key, prefix, suffix, or
    retrieve all artifacts.

    Args:
        id (int):
        key (str | Unset):
        prefix (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TestRunArtifactsResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            key=key,
            prefix=prefix,
            suffix=suffix,
        )
    ).parsed
