from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact import Artifact
from ...models.basic_error import BasicError
from ...types import Response


def _get_kwargs(
    owner: str,
    repo: str,
    artifact_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}".format(
            owner=quote(str(owner), safe=""),
            repo=quote(str(repo), safe=""),
            artifact_id=quote(str(artifact_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Artifact | BasicError | None:
    if response.status_code == 200:
        response_200 = Artifact.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = BasicError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = BasicError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = BasicError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = BasicError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = BasicError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Artifact | BasicError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    owner: str,
    repo: str,
    artifact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Artifact | BasicError]:
    """Get an artifact

     One artifact of the repository (GitHub: `actions/get-artifact`); expired artifacts answer
    200 with `expired: true`. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Artifact | BasicError]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        artifact_id=artifact_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    owner: str,
    repo: str,
    artifact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Artifact | BasicError | None:
    """Get an artifact

     One artifact of the repository (GitHub: `actions/get-artifact`); expired artifacts answer
    200 with `expired: true`. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Artifact | BasicError
    """

    return sync_detailed(
        owner=owner,
        repo=repo,
        artifact_id=artifact_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    owner: str,
    repo: str,
    artifact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Artifact | BasicError]:
    """Get an artifact

     One artifact of the repository (GitHub: `actions/get-artifact`); expired artifacts answer
    200 with `expired: true`. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Artifact | BasicError]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        artifact_id=artifact_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    owner: str,
    repo: str,
    artifact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Artifact | BasicError | None:
    """Get an artifact

     One artifact of the repository (GitHub: `actions/get-artifact`); expired artifacts answer
    200 with `expired: true`. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Artifact | BasicError
    """

    return (
        await asyncio_detailed(
            owner=owner,
            repo=repo,
            artifact_id=artifact_id,
            client=client,
        )
    ).parsed
