"""Every operation of every generated client, called against a Prism mock of its spec."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from tests.contract.cases import CASES, Case
from tests.contract.conftest import PrismMocks
from tests.specs import PROVIDERS, operations, ref_name, resolve, strict_module

TIMEOUT = httpx.Timeout(10.0)


def authenticated_client(provider: str, base_url: str) -> Any:
    package = importlib.import_module(f"ciartifacts_{provider}")
    if provider == "circleci":
        return package.AuthenticatedClient(
            base_url,
            token="contract-token",
            prefix="",
            auth_header_name="Circle-Token",
            timeout=TIMEOUT,
        )
    return package.AuthenticatedClient(base_url, token="contract-token", timeout=TIMEOUT)


def anonymous_client(provider: str, base_url: str) -> Any:
    return importlib.import_module(f"ciartifacts_{provider}").Client(base_url, timeout=TIMEOUT)


def success_schema_name(case: Case) -> str | None:
    _, _, operation = operations(case.provider)[case.operation_id]
    response = resolve(case.provider, operation["responses"][str(case.status)])
    content = response.get("content", {}).get("application/json")
    return ref_name(content["schema"]) if content else None


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_spec_operation_has_a_contract_case(provider: str) -> None:
    covered = {case.operation_id for case in CASES if case.provider == provider}
    assert covered == set(operations(provider))


@pytest.mark.contract
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_operation_passes_prism_validation_and_parses(case: Case, prism: PrismMocks) -> None:
    client = authenticated_client(case.provider, prism.url(case.provider))
    with client:
        response = case.call(client=client, **case.kwargs)

    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    assert response.status_code == case.status, response.content[:500]
    for header in case.headers:
        assert response.headers.get(header), f"Prism did not send the declared {header} header"
    if case.parsed is None:
        assert response.parsed is None
    elif case.is_list:
        assert response.parsed, "the spec example has items; the parsed list must too"
        assert all(isinstance(item, case.parsed) for item in response.parsed)
    else:
        assert isinstance(response.parsed, case.parsed)

    schema = success_schema_name(case)
    if schema is not None:
        strict_model = getattr(strict_module(case.provider), schema)
        strict_model.model_validate_json(response.content)


@pytest.mark.contract
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_operation_without_credentials_gets_401(case: Case, prism: PrismMocks) -> None:
    with anonymous_client(case.provider, prism.url(case.provider)) as client:
        response = case.call(client=client, **case.kwargs)

    assert response.status_code == 401
    assert '"code":401' in response.headers.get("sl-violations", "")
    # The spec documents the 401 body (explicitly or as `default`), so it parses into a model.
    assert response.parsed is not None


@pytest.mark.contract
def test_prism_reports_an_invalid_request(prism: PrismMocks) -> None:
    """Guards the suite itself: a request outside the spec must not pass silently."""
    from ciartifacts_buildkite.api.artifacts import list_build_artifacts
    from tests.contract.cases import BK_BUILD

    with authenticated_client("buildkite", prism.url("buildkite")) as client:
        response = list_build_artifacts.sync_detailed(client=client, **BK_BUILD, per_page=500)

    assert response.status_code == 422
    assert b"per_page" in response.content
