from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.basic_error import BasicError
from ...types import Response


def _get_kwargs(
    owner: str,
    repo: str,
    artifact_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}".format(
            owner=quote(str(owner), safe=""),
            repo=quote(str(repo), safe=""),
            artifact_id=quote(str(artifact_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | BasicError | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | BasicError]:
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
) -> Response[Any | BasicError]:
    """Delete an artifact

     Deletes the artifact (GitHub: `actions/delete-artifact`); it then answers 404.
    "Actions" repository permission (write); classic tokens need the `repo` scope.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BasicError]
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
) -> Any | BasicError | None:
    """Delete an artifact

     Deletes the artifact (GitHub: `actions/delete-artifact`); it then answers 404.
    "Actions" repository permission (write); classic tokens need the `repo` scope.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BasicError
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
) -> Response[Any | BasicError]:
    """Delete an artifact

     Deletes the artifact (GitHub: `actions/delete-artifact`); it then answers 404.
    "Actions" repository permission (write); classic tokens need the `repo` scope.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BasicError]
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
) -> Any | BasicError | None:
    """Delete an artifact

     Deletes the artifact (GitHub: `actions/delete-artifact`); it then answers 404.
    "Actions" repository permission (write); classic tokens need the `repo` scope.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BasicError
    """

    return (
        await asyncio_detailed(
            owner=owner,
            repo=repo,
            artifact_id=artifact_id,
            client=client,
        )
    ).parsed
