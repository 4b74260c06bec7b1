from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.build import Build
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["include_retried_jobs"] = include_retried_jobs

    params["exclude_jobs"] = exclude_jobs

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}".format(
            org_slug=quote(str(org_slug), safe=""),
            pipeline_slug=quote(str(pipeline_slug), safe=""),
            build_number=quote(str(build_number), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Build | Error | RateLimitError | None:
    if response.status_code == 200:
        response_200 = Build.from_dict(response.json())

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
) -> Response[Build | Error | RateLimitError]:
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
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
) -> Response[Build | Error | RateLimitError]:
    """Get a build

     The build with its jobs. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Build | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
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
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
) -> Build | Error | RateLimitError | None:
    """Get a build

     The build with its jobs. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Build | Error | RateLimitError
    """

    return sync_detailed(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        client=client,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
) -> Response[Build | Error | RateLimitError]:
    """Get a build

     The build with its jobs. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Build | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        build_number=build_number,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    pipeline_slug: str,
    build_number: int,
    *,
    client: AuthenticatedClient | Client,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
) -> Build | Error | RateLimitError | None:
    """Get a build

     The build with its jobs. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        build_number (int):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Build | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            pipeline_slug=pipeline_slug,
            build_number=build_number,
            client=client,
            include_retried_jobs=include_retried_jobs,
            exclude_jobs=exclude_jobs,
        )
    ).parsed
