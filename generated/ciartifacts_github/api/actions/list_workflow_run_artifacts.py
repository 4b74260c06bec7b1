from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact_list import ArtifactList
from ...models.basic_error import BasicError
from ...models.sort_direction import SortDirection
from ...types import UNSET, Response, Unset


def _get_kwargs(
    owner: str,
    repo: str,
    run_id: int,
    *,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    name: str | Unset = UNSET,
    direction: SortDirection | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["per_page"] = per_page

    params["page"] = page

    params["name"] = name

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction.value

    params["direction"] = json_direction

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts".format(
            owner=quote(str(owner), safe=""),
            repo=quote(str(repo), safe=""),
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ArtifactList | BasicError | None:
    if response.status_code == 200:
        response_200 = ArtifactList.from_dict(response.json())

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
) -> Response[ArtifactList | BasicError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    owner: str,
    repo: str,
    run_id: int,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    name: str | Unset = UNSET,
    direction: SortDirection | Unset = UNSET,
) -> Response[ArtifactList | BasicError]:
    """List workflow run artifacts

     The artifacts of one workflow run (GitHub: `actions/list-workflow-run-artifacts`), sorted
    by creation time, newest first unless `direction=asc`. A run's artifacts are shared by
    all its attempts. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        run_id (int):
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        name (str | Unset):
        direction (SortDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ArtifactList | BasicError]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        run_id=run_id,
        per_page=per_page,
        page=page,
        name=name,
        direction=direction,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    owner: str,
    repo: str,
    run_id: int,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    name: str | Unset = UNSET,
    direction: SortDirection | Unset = UNSET,
) -> ArtifactList | BasicError | None:
    """List workflow run artifacts

     The artifacts of one workflow run (GitHub: `actions/list-workflow-run-artifacts`), sorted
    by creation time, newest first unless `direction=asc`. A run's artifacts are shared by
    all its attempts. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        run_id (int):
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        name (str | Unset):
        direction (SortDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ArtifactList | BasicError
    """

    return sync_detailed(
        owner=owner,
        repo=repo,
        run_id=run_id,
        client=client,
        per_page=per_page,
        page=page,
        name=name,
        direction=direction,
    ).parsed


async def asyncio_detailed(
    owner: str,
    repo: str,
    run_id: int,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    name: str | Unset = UNSET,
    direction: SortDirection | Unset = UNSET,
) -> Response[ArtifactList | BasicError]:
    """List workflow run artifacts

     The artifacts of one workflow run (GitHub: `actions/list-workflow-run-artifacts`), sorted
    by creation time, newest first unless `direction=asc`. A run's artifacts are shared by
    all its attempts. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        run_id (int):
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        name (str | Unset):
        direction (SortDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ArtifactList | BasicError]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        run_id=run_id,
        per_page=per_page,
        page=page,
        name=name,
        direction=direction,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    owner: str,
    repo: str,
    run_id: int,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    name: str | Unset = UNSET,
    direction: SortDirection | Unset = UNSET,
) -> ArtifactList | BasicError | None:
    """List workflow run artifacts

     The artifacts of one workflow run (GitHub: `actions/list-workflow-run-artifacts`), sorted
    by creation time, newest first unless `direction=asc`. A run's artifacts are shared by
    all its attempts. "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        run_id (int):
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        name (str | Unset):
        direction (SortDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ArtifactList | BasicError
    """

    return (
        await asyncio_detailed(
            owner=owner,
            repo=repo,
            run_id=run_id,
            client=client,
            per_page=per_page,
            page=page,
            name=name,
            direction=direction,
        )
    ).parsed
