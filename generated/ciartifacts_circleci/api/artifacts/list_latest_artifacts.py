from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact import Artifact
from ...models.error import Error
from ...models.latest_artifacts_filter import LatestArtifactsFilter
from ...types import UNSET, Response, Unset


def _get_kwargs(
    vcs_type: str,
    username: str,
    project: str,
    *,
    branch: str | Unset = UNSET,
    filter_: LatestArtifactsFilter | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["branch"] = branch

    json_filter_: str | Unset = UNSET
    if not isinstance(filter_, Unset):
        json_filter_ = filter_.value

    params["filter"] = json_filter_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/project/{vcs_type}/{username}/{project}/latest/artifacts".format(
            vcs_type=quote(str(vcs_type), safe=""),
            username=quote(str(username), safe=""),
            project=quote(str(project), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | list[Artifact] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for componentsschemas_artifact_list_item_data in _response_200:
            componentsschemas_artifact_list_item = Artifact.from_dict(componentsschemas_artifact_list_item_data)

            response_200.append(componentsschemas_artifact_list_item)

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
) -> Response[Error | list[Artifact]]:
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
    branch: str | Unset = UNSET,
    filter_: LatestArtifactsFilter | Unset = UNSET,
) -> Response[Error | list[Artifact]]:
    """Artifacts of the latest job run

     Returns an array of artifacts produced by the latest job run on a given branch.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        branch (str | Unset):
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[Artifact]]
    """

    kwargs = _get_kwargs(
        vcs_type=vcs_type,
        username=username,
        project=project,
        branch=branch,
        filter_=filter_,
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
    branch: str | Unset = UNSET,
    filter_: LatestArtifactsFilter | Unset = UNSET,
) -> Error | list[Artifact] | None:
    """Artifacts of the latest job run

     Returns an array of artifacts produced by the latest job run on a given branch.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        branch (str | Unset):
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[Artifact]
    """

    return sync_detailed(
        vcs_type=vcs_type,
        username=username,
        project=project,
        client=client,
        branch=branch,
        filter_=filter_,
    ).parsed


async def asyncio_detailed(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    filter_: LatestArtifactsFilter | Unset = UNSET,
) -> Response[Error | list[Artifact]]:
    """Artifacts of the latest job run

     Returns an array of artifacts produced by the latest job run on a given branch.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        branch (str | Unset):
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[Artifact]]
    """

    kwargs = _get_kwargs(
        vcs_type=vcs_type,
        username=username,
        project=project,
        branch=branch,
        filter_=filter_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    vcs_type: str,
    username: str,
    project: str,
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    filter_: LatestArtifactsFilter | Unset = UNSET,
) -> Error | list[Artifact] | None:
    """Artifacts of the latest job run

     Returns an array of artifacts produced by the latest job run on a given branch.

    Args:
        vcs_type (str):
        username (str):
        project (str):
        branch (str | Unset):
        filter_ (LatestArtifactsFilter | Unset): Which jobs `latest` may pick from, or a recent-
            builds listing may return.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[Artifact]
    """

    return (
        await asyncio_detailed(
            vcs_type=vcs_type,
            username=username,
            project=project,
            client=client,
            branch=branch,
            filter_=filter_,
        )
    ).parsed
