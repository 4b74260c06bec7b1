from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.build_summary import BuildSummary
from ...models.error import Error
from ...models.latest_artifacts_filter import LatestArtifactsFilter
from ...types import UNSET, Response, Unset


def _get_kwargs(
    vcs_type: str,
    username: str,
    project: str,
    *,
    limit: int | Unset = 30,
    offset: int | Unset = 0,
    filter_: LatestArtifactsFilter | Unset = UNSET,
    shallow: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    json_filter_: str | Unset = UNSET
    if not isinstance(filter_, Unset):
        json_filter_ = filter_.value

    params["filter"] = json_filter_

    params["shallow"] = shallow

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/project/{vcs_type}/{username}/{project}".format(
            vcs_type=quote(str(vcs_type), safe=""),
            username=quote(str(username), safe=""),
            project=quote(str(project), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[BuildSummary] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for componentsschemas_build_summary_list_item_data in _response_200:
            componentsschemas_build_summary_list_item = BuildSummary.from_dict(
                componentsschemas_build_summary_list_item_data
            )

            response_200.append(componentsschemas_build_summary_list_item)

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | list[BuildSummary]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 30,
    offset: int | Unset = 0,
    filter_: LatestArtifactsFilter | Unset = UNSET,
    shallow: bool | Unset = UNSET,
) -> Response[Error | list[BuildSummary]]:
    """Recent builds for a single project

     Returns a build summary for each of the project's most recent jobs, newest first (by
    `build_num`): 30 unless `limit` says otherwise.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        limit (int | Unset):  Default: 30.
        offset (int | Unset):  Default: 0.
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.
        shallow (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[BuildSummary]]
    """

    kwargs = _get_kwargs(
        vcs_type=vcs_type,
        username=username,
        project=project,
        limit=limit,
        offset=offset,
        filter_=filter_,
        shallow=shallow,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 30,
    offset: int | Unset = 0,
    filter_: LatestArtifactsFilter | Unset = UNSET,
    shallow: bool | Unset = UNSET,
) -> Error | list[BuildSummary] | None:
    """Recent builds for a single project

     Returns a build summary for each of the project's most recent jobs, newest first (by
    `build_num`): 30 unless `limit` says otherwise.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        limit (int | Unset):  Default: 30.
        offset (int | Unset):  Default: 0.
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.
        shallow (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[BuildSummary]
    """

    return sync_detailed(
        vcs_type=vcs_type,
        username=username,
        project=project,
        client=client,
        limit=limit,
        offset=offset,
        filter_=filter_,
        shallow=shallow,
    ).parsed


async def asyncio_detailed(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 30,
    offset: int | Unset = 0,
    filter_: LatestArtifactsFilter | Unset = UNSET,
    shallow: bool | Unset = UNSET,
) -> Response[Error | list[BuildSummary]]:
    """Recent builds for a single project

     Returns a build summary for each of the project's most recent jobs, newest first (by
    `build_num`): 30 unless `limit` says otherwise.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        limit (int | Unset):  Default: 30.
        offset (int | Unset):  Default: 0.
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.
        shallow (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[BuildSummary]]
    """

    kwargs = _get_kwargs(
        vcs_type=vcs_type,
        username=username,
        project=project,
        limit=limit,
        offset=offset,
        filter_=filter_,
        shallow=shallow,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 30,
    offset: int | Unset = 0,
    filter_: LatestArtifactsFilter | Unset = UNSET,
    shallow: bool | Unset = UNSET,
) -> Error | list[BuildSummary] | None:
    """Recent builds for a single project

     Returns a build summary for each of the project's most recent jobs, newest first (by
    `build_num`): 30 unless `limit` says otherwise.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        limit (int | Unset):  Default: 30.
        offset (int | Unset):  Default: 0.
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.
        shallow (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[BuildSummary]
    """

    return (
        await asyncio_detailed(
            vcs_type=vcs_type,
            username=username,
            project=project,
            client=client,
            limit=limit,
            offset=offset,
            filter_=filter_,
            shallow=shallow,
        )
    ).parsed
