from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.archive_format import ArchiveFormat
from ...models.basic_error import BasicError
from ...types import Response


def _get_kwargs(
    owner: str,
    repo: str,
    artifact_id: int,
    archive_format: ArchiveFormat,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}".format(
            owner=quote(str(owner), safe=""),
            repo=quote(str(repo), safe=""),
            artifact_id=quote(str(artifact_id), safe=""),
            archive_format=quote(str(archive_format), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | BasicError | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

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

    if response.status_code == 410:
        response_410 = BasicError.from_dict(response.json())

        return response_410

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
    archive_format: ArchiveFormat,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | BasicError]:
    """Download an artifact

     Answers 302 with a URL to the artifact's content in `Location` (valid for one minute) and
    no body (GitHub: `actions/download-artifact`). `archive_format` must be `zip`, even for an
    artifact stored unzipped (upload-artifact v7 `archive: false`): the URL then leads to the
    single file itself. Follow it without the API token. An expired artifact answers 410.
    "Actions" repository permission (read); a token is needed even for public repositories.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):
        archive_format (ArchiveFormat): The only archive format of the download endpoint.

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
        archive_format=archive_format,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    owner: str,
    repo: str,
    artifact_id: int,
    archive_format: ArchiveFormat,
    *,
    client: AuthenticatedClient | Client,
) -> Any | BasicError | None:
    """Download an artifact

     Answers 302 with a URL to the artifact's content in `Location` (valid for one minute) and
    no body (GitHub: `actions/download-artifact`). `archive_format` must be `zip`, even for an
    artifact stored unzipped (upload-artifact v7 `archive: false`): the URL then leads to the
    single file itself. Follow it without the API token. An expired artifact answers 410.
    "Actions" repository permission (read); a token is needed even for public repositories.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):
        archive_format (ArchiveFormat): The only archive format of the download endpoint.

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
        archive_format=archive_format,
        client=client,
    ).parsed


async def asyncio_detailed(
    owner: str,
    repo: str,
    artifact_id: int,
    archive_format: ArchiveFormat,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | BasicError]:
    """Download an artifact

     Answers 302 with a URL to the artifact's content in `Location` (valid for one minute) and
    no body (GitHub: `actions/download-artifact`). `archive_format` must be `zip`, even for an
    artifact stored unzipped (upload-artifact v7 `archive: false`): the URL then leads to the
    single file itself. Follow it without the API token. An expired artifact answers 410.
    "Actions" repository permission (read); a token is needed even for public repositories.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):
        archive_format (ArchiveFormat): The only archive format of the download endpoint.

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
        archive_format=archive_format,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    owner: str,
    repo: str,
    artifact_id: int,
    archive_format: ArchiveFormat,
    *,
    client: AuthenticatedClient | Client,
) -> Any | BasicError | None:
    """Download an artifact

     Answers 302 with a URL to the artifact's content in `Location` (valid for one minute) and
    no body (GitHub: `actions/download-artifact`). `archive_format` must be `zip`, even for an
    artifact stored unzipped (upload-artifact v7 `archive: false`): the URL then leads to the
    single file itself. Follow it without the API token. An expired artifact answers 410.
    "Actions" repository permission (read); a token is needed even for public repositories.

    Args:
        owner (str):
        repo (str):
        artifact_id (int):
        archive_format (ArchiveFormat): The only archive format of the download endpoint.

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
            archive_format=archive_format,
            client=client,
        )
    ).parsed
