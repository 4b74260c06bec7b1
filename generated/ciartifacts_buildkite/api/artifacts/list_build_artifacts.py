from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact import Artifact
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts".format(
            org_slug=quote(str(org_slug), safe=""),
            pipeline_slug=quote(str(pipeline_slug), safe=""),
            build_number=quote(str(build_number), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RateLimitError | list[Artifact] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for componentsschemas_artifact_list_item_data in _response_200:
            componentsschemas_artifact_list_item = Artifact.from_dict(componentsschemas_artifact_list_item_data)

            response_200.append(componentsschemas_artifact_list_item)

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

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RateLimitError | list[Artifact]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Response[Error | RateLimitError | list[Artifact]]:
    """List artifacts for a build

     Returns a paginated list of a build's artifacts across all of its jobs. Scope `read_artifacts`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Artifact]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Error | RateLimitError | list[Artifact] | None:
    """List artifacts for a build

     Returns a paginated list of a build's artifacts across all of its jobs. Scope `read_artifacts`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Artifact]
    """

    return sync_detailed(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Response[Error | RateLimitError | list[Artifact]]:
    """List artifacts for a build

     Returns a paginated list of a build's artifacts across all of its jobs. Scope `read_artifacts`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Artifact]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Error | RateLimitError | list[Artifact] | None:
    """List artifacts for a build

     Returns a paginated list of a build's artifacts across all of its jobs. Scope `read_artifacts`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Artifact]
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            pipeline_slug=pipeline_slug,
            build_number=build_number,
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
