from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.basic_error import BasicError
from ...models.validation_error import ValidationError
from ...models.workflow_run_list import WorkflowRunList
from ...models.workflow_run_status_filter import WorkflowRunStatusFilter
from ...types import UNSET, Response, Unset


def _get_kwargs(
    owner: str,
    repo: str,
    *,
    actor: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    event: str | Unset = UNSET,
    status: WorkflowRunStatusFilter | Unset = UNSET,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    created: str | Unset = UNSET,
    exclude_pull_requests: bool | Unset = False,
    check_suite_id: int | Unset = UNSET,
    head_sha: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["actor"] = actor

    params["branch"] = branch

    params["event"] = event

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["per_page"] = per_page

    params["page"] = page

    params["created"] = created

    params["exclude_pull_requests"] = exclude_pull_requests

    params["check_suite_id"] = check_suite_id

    params["head_sha"] = head_sha

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/repos/{owner}/{repo}/actions/runs".format(
            owner=quote(str(owner), safe=""),
            repo=quote(str(repo), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BasicError | ValidationError | WorkflowRunList | None:
    if response.status_code == 200:
        response_200 = WorkflowRunList.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = BasicError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BasicError | ValidationError | WorkflowRunList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    owner: str,
    repo: str,
    *,
    client: AuthenticatedClient | Client,
    actor: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    event: str | Unset = UNSET,
    status: WorkflowRunStatusFilter | Unset = UNSET,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    created: str | Unset = UNSET,
    exclude_pull_requests: bool | Unset = False,
    check_suite_id: int | Unset = UNSET,
    head_sha: str | Unset = UNSET,
) -> Response[BasicError | ValidationError | WorkflowRunList]:
    """List workflow runs for a repository

     Every workflow run of the repository, newest first (GitHub:
    `actions/list-workflow-runs-for-repo`). With any of `actor`, `branch`, `check_suite_id`,
    `created`, `event`, `head_sha` or `status`, at most 1,000 results are returned.
    "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        actor (str | Unset):
        branch (str | Unset):
        event (str | Unset):
        status (WorkflowRunStatusFilter | Unset): The `status` filter of the run listings accepts
            statuses and conclusions alike.
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        created (str | Unset):
        exclude_pull_requests (bool | Unset):  Default: False.
        check_suite_id (int | Unset):
        head_sha (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasicError | ValidationError | WorkflowRunList]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        actor=actor,
        branch=branch,
        event=event,
        status=status,
        per_page=per_page,
        page=page,
        created=created,
        exclude_pull_requests=exclude_pull_requests,
        check_suite_id=check_suite_id,
        head_sha=head_sha,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    owner: str,
    repo: str,
    *,
    client: AuthenticatedClient | Client,
    actor: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    event: str | Unset = UNSET,
    status: WorkflowRunStatusFilter | Unset = UNSET,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    created: str | Unset = UNSET,
    exclude_pull_requests: bool | Unset = False,
    check_suite_id: int | Unset = UNSET,
    head_sha: str | Unset = UNSET,
) -> BasicError | ValidationError | WorkflowRunList | None:
    """List workflow runs for a repository

     Every workflow run of the repository, newest first (GitHub:
    `actions/list-workflow-runs-for-repo`). With any of `actor`, `branch`, `check_suite_id`,
    `created`, `event`, `head_sha` or `status`, at most 1,000 results are returned.
    "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        actor (str | Unset):
        branch (str | Unset):
        event (str | Unset):
        status (WorkflowRunStatusFilter | Unset): The `status` filter of the run listings accepts
            statuses and conclusions alike.
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        created (str | Unset):
        exclude_pull_requests (bool | Unset):  Default: False.
        check_suite_id (int | Unset):
        head_sha (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasicError | ValidationError | WorkflowRunList
    """

    return sync_detailed(
        owner=owner,
        repo=repo,
        client=client,
        actor=actor,
        branch=branch,
        event=event,
        status=status,
        per_page=per_page,
        page=page,
        created=created,
        exclude_pull_requests=exclude_pull_requests,
        check_suite_id=check_suite_id,
        head_sha=head_sha,
    ).parsed


async def asyncio_detailed(
    owner: str,
    repo: str,
    *,
    client: AuthenticatedClient | Client,
    actor: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    event: str | Unset = UNSET,
    status: WorkflowRunStatusFilter | Unset = UNSET,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    created: str | Unset = UNSET,
    exclude_pull_requests: bool | Unset = False,
    check_suite_id: int | Unset = UNSET,
    head_sha: str | Unset = UNSET,
) -> Response[BasicError | ValidationError | WorkflowRunList]:
    """List workflow runs for a repository

     Every workflow run of the repository, newest first (GitHub:
    `actions/list-workflow-runs-for-repo`). With any of `actor`, `branch`, `check_suite_id`,
    `created`, `event`, `head_sha` or `status`, at most 1,000 results are returned.
    "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        actor (str | Unset):
        branch (str | Unset):
        event (str | Unset):
        status (WorkflowRunStatusFilter | Unset): The `status` filter of the run listings accepts
            statuses and conclusions alike.
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        created (str | Unset):
        exclude_pull_requests (bool | Unset):  Default: False.
        check_suite_id (int | Unset):
        head_sha (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasicError | ValidationError | WorkflowRunList]
    """

    kwargs = _get_kwargs(
        owner=owner,
        repo=repo,
        actor=actor,
        branch=branch,
        event=event,
        status=status,
        per_page=per_page,
        page=page,
        created=created,
        exclude_pull_requests=exclude_pull_requests,
        check_suite_id=check_suite_id,
        head_sha=head_sha,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    owner: str,
    repo: str,
    *,
    client: AuthenticatedClient | Client,
    actor: str | Unset = UNSET,
    branch: str | Unset = UNSET,
    event: str | Unset = UNSET,
    status: WorkflowRunStatusFilter | Unset = UNSET,
    per_page: int | Unset = 30,
    page: int | Unset = 1,
    created: str | Unset = UNSET,
    exclude_pull_requests: bool | Unset = False,
    check_suite_id: int | Unset = UNSET,
    head_sha: str | Unset = UNSET,
) -> BasicError | ValidationError | WorkflowRunList | None:
    """List workflow runs for a repository

     Every workflow run of the repository, newest first (GitHub:
    `actions/list-workflow-runs-for-repo`). With any of `actor`, `branch`, `check_suite_id`,
    `created`, `event`, `head_sha` or `status`, at most 1,000 results are returned.
    "Actions" repository permission (read).

    Args:
        owner (str):
        repo (str):
        actor (str | Unset):
        branch (str | Unset):
        event (str | Unset):
        status (WorkflowRunStatusFilter | Unset): The `status` filter of the run listings accepts
            statuses and conclusions alike.
        per_page (int | Unset):  Default: 30.
        page (int | Unset):  Default: 1.
        created (str | Unset):
        exclude_pull_requests (bool | Unset):  Default: False.
        check_suite_id (int | Unset):
        head_sha (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasicError | ValidationError | WorkflowRunList
    """

    return (
        await asyncio_detailed(
            owner=owner,
            repo=repo,
            client=client,
            actor=actor,
            branch=branch,
            event=event,
            status=status,
            per_page=per_page,
            page=page,
            created=created,
            exclude_pull_requests=exclude_pull_requests,
            check_suite_id=check_suite_id,
            head_sha=head_sha,
        )
    ).parsed
