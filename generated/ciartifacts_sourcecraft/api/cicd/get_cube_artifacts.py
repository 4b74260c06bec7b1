from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_cube_artifacts_response import GetCubeArtifactsResponse
from ...types import Response


def _get_kwargs(
    org_slug: str,
    repo_slug: str,
    run_slug: str,
    workflow_slug: str,
    task_slug: str,
    cube_slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/repos/{org_slug}/{repo_slug}/cicd/artifacts/{run_slug}/{workflow_slug}/{task_slug}/{cube_slug}".format(
            org_slug=quote(str(org_slug), safe=""),
            repo_slug=quote(str(repo_slug), safe=""),
            run_slug=quote(str(run_slug), safe=""),
            workflow_slug=quote(str(workflow_slug), safe=""),
            task_slug=quote(str(task_slug), safe=""),
            cube_slug=quote(str(cube_slug), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetCubeArtifactsResponse:
    if response.status_code == 200:
        response_200 = GetCubeArtifactsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetCubeArtifactsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_slug: str,
    repo_slug: str,
    run_slug: str,
    workflow_slug: str,
    task_slug: str,
    cube_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetCubeArtifactsResponse]:
    """Get artifacts from a CI run

     Lists the artifacts of one cube, each with a temporary download URL.

    Args:
        org_slug (str):
        repo_slug (str):
        run_slug (str):
        workflow_slug (str):
        task_slug (str):
        cube_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCubeArtifactsResponse]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        repo_slug=repo_slug,
        run_slug=run_slug,
        workflow_slug=workflow_slug,
        task_slug=task_slug,
        cube_slug=cube_slug,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_slug: str,
    repo_slug: str,
    run_slug: str,
    workflow_slug: str,
    task_slug: str,
    cube_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetCubeArtifactsResponse | None:
    """Get artifacts from a CI run

     Lists the artifacts of one cube, each with a temporary download URL.

    Args:
        org_slug (str):
        repo_slug (str):
        run_slug (str):
        workflow_slug (str):
        task_slug (str):
        cube_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCubeArtifactsResponse
    """

    return sync_detailed(
        org_slug=org_slug,
        repo_slug=repo_slug,
        run_slug=run_slug,
        workflow_slug=workflow_slug,
        task_slug=task_slug,
        cube_slug=cube_slug,
        client=client,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    repo_slug: str,
    run_slug: str,
    workflow_slug: str,
    task_slug: str,
    cube_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetCubeArtifactsResponse]:
    """Get artifacts from a CI run

     Lists the artifacts of one cube, each with a temporary download URL.

    Args:
        org_slug (str):
        repo_slug (str):
        run_slug (str):
        workflow_slug (str):
        task_slug (str):
        cube_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCubeArtifactsResponse]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        repo_slug=repo_slug,
        run_slug=run_slug,
        workflow_slug=workflow_slug,
        task_slug=task_slug,
        cube_slug=cube_slug,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    repo_slug: str,
    run_slug: str,
    workflow_slug: str,
    task_slug: str,
    cube_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetCubeArtifactsResponse | None:
    """Get artifacts from a CI run

     Lists the artifacts of one cube, each with a temporary download URL.

    Args:
        org_slug (str):
        repo_slug (str):
        run_slug (str):
        workflow_slug (str):
        task_slug (str):
        cube_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCubeArtifactsResponse
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            repo_slug=repo_slug,
            run_slug=run_slug,
            workflow_slug=workflow_slug,
            task_slug=task_slug,
            cube_slug=cube_slug,
            client=client,
        )
    ).parsed
