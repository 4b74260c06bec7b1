import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.build import Build
from ...models.build_state_filter import BuildStateFilter
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_slug: str,
    pipeline_slug: str,
    *,
    branch: str | Unset = UNSET,
    state: BuildStateFilter | str | Unset = UNSET,
    commit: str | Unset = UNSET,
    created_from: datetime.datetime | Unset = UNSET,
    created_to: datetime.datetime | Unset = UNSET,
    finished_from: datetime.datetime | Unset = UNSET,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["branch"] = branch

    json_state: str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, BuildStateFilter):
        json_state = state.value
    else:
        json_state = state
    params["state"] = json_state

    params["commit"] = commit

    json_created_from: str | Unset = UNSET
    if not isinstance(created_from, Unset):
        json_created_from = created_from.isoformat()
    params["created_from"] = json_created_from

    json_created_to: str | Unset = UNSET
    if not isinstance(created_to, Unset):
        json_created_to = created_to.isoformat()
    params["created_to"] = json_created_to

    json_finished_from: str | Unset = UNSET
    if not isinstance(finished_from, Unset):
        json_finished_from = finished_from.isoformat()
    params["finished_from"] = json_finished_from

    params["include_retried_jobs"] = include_retried_jobs

    params["exclude_jobs"] = exclude_jobs

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds".format(
            org_slug=quote(str(org_slug), safe=""),
            pipeline_slug=quote(str(pipeline_slug), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RateLimitError | list[Build] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for componentsschemas_build_list_item_data in _response_200:
            componentsschemas_build_list_item = Build.from_dict(componentsschemas_build_list_item_data)

            response_200.append(componentsschemas_build_list_item)

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

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
) -> Response[Error | RateLimitError | list[Build]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_slug: str,
    pipeline_slug: str,
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    state: BuildStateFilter | str | Unset = UNSET,
    commit: str | Unset = UNSET,
    created_from: datetime.datetime | Unset = UNSET,
    created_to: datetime.datetime | Unset = UNSET,
    finished_from: datetime.datetime | Unset = UNSET,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Response[Error | RateLimitError | list[Build]]:
    """List builds for a pipeline

     Returns a paginated list of the pipeline's builds, newest first (the order they were
    created in). Filters combine with AND. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        branch (str | Unset):
        state (BuildStateFilter | str | Unset):
        commit (str | Unset):
        created_from (datetime.datetime | Unset):
        created_to (datetime.datetime | Unset):
        finished_from (datetime.datetime | Unset):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Build]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        branch=branch,
        state=state,
        commit=commit,
        created_from=created_from,
        created_to=created_to,
        finished_from=finished_from,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
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
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    state: BuildStateFilter | str | Unset = UNSET,
    commit: str | Unset = UNSET,
    created_from: datetime.datetime | Unset = UNSET,
    created_to: datetime.datetime | Unset = UNSET,
    finished_from: datetime.datetime | Unset = UNSET,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Error | RateLimitError | list[Build] | None:
    """List builds for a pipeline

     Returns a paginated list of the pipeline's builds, newest first (the order they were
    created in). Filters combine with AND. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        branch (str | Unset):
        state (BuildStateFilter | str | Unset):
        commit (str | Unset):
        created_from (datetime.datetime | Unset):
        created_to (datetime.datetime | Unset):
        finished_from (datetime.datetime | Unset):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Build]
    """

    return sync_detailed(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        client=client,
        branch=branch,
        state=state,
        commit=commit,
        created_from=created_from,
        created_to=created_to,
        finished_from=finished_from,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    pipeline_slug: str,
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    state: BuildStateFilter | str | Unset = UNSET,
    commit: str | Unset = UNSET,
    created_from: datetime.datetime | Unset = UNSET,
    created_to: datetime.datetime | Unset = UNSET,
    finished_from: datetime.datetime | Unset = UNSET,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Response[Error | RateLimitError | list[Build]]:
    """List builds for a pipeline

     Returns a paginated list of the pipeline's builds, newest first (the order they were
    created in). Filters combine with AND. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        branch (str | Unset):
        state (BuildStateFilter | str | Unset):
        commit (str | Unset):
        created_from (datetime.datetime | Unset):
        created_to (datetime.datetime | Unset):
        finished_from (datetime.datetime | Unset):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Build]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        pipeline_slug=pipeline_slug,
        branch=branch,
        state=state,
        commit=commit,
        created_from=created_from,
        created_to=created_to,
        finished_from=finished_from,
        include_retried_jobs=include_retried_jobs,
        exclude_jobs=exclude_jobs,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    pipeline_slug: str,
    *,
    client: AuthenticatedClient | Client,
    branch: str | Unset = UNSET,
    state: BuildStateFilter | str | Unset = UNSET,
    commit: str | Unset = UNSET,
    created_from: datetime.datetime | Unset = UNSET,
    created_to: datetime.datetime | Unset = UNSET,
    finished_from: datetime.datetime | Unset = UNSET,
    include_retried_jobs: bool | Unset = UNSET,
    exclude_jobs: bool | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 30,
) -> Error | RateLimitError | list[Build] | None:
    """List builds for a pipeline

     Returns a paginated list of the pipeline's builds, newest first (the order they were
    created in). Filters combine with AND. Scope `read_builds`.

    Args:
        org_slug (str):
        pipeline_slug (str):
        branch (str | Unset):
        state (BuildStateFilter | str | Unset):
        commit (str | Unset):
        created_from (datetime.datetime | Unset):
        created_to (datetime.datetime | Unset):
        finished_from (datetime.datetime | Unset):
        include_retried_jobs (bool | Unset):
        exclude_jobs (bool | Unset):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Build]
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            pipeline_slug=pipeline_slug,
            client=client,
            branch=branch,
            state=state,
            commit=commit,
            created_from=created_from,
            created_to=created_to,
            finished_from=finished_from,
            include_retried_jobs=include_retried_jobs,
            exclude_jobs=exclude_jobs,
            page=page,
            per_page=per_page,
        )
    ).parsed
