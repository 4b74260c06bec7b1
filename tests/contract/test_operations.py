"""Every operation of every generated client, called against a Prism mock of its spec."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from tests.contract.cases import CASES, Case
from tests.contract.conftest import PrismMocks
from tests.specs import PROVIDERS, ROOT, load_spec, operations, ref_name, resolve, strict_module

TIMEOUT = httpx.Timeout(10.0)


def authenticated_client(provider: str, base_url: str) -> Any:
    """The generated AuthenticatedClient, sending the token as the spec's first scheme says."""
    package = importlib.import_module(f"ciartifacts_{provider}")
    spec = load_spec(provider)
    scheme = spec["components"]["securitySchemes"][next(iter(spec["security"][0]))]
    options: dict[str, Any] = {}
    if scheme["type"] == "apiKey":
        assert scheme["in"] == "header", scheme
        options = {"prefix": "", "auth_header_name": scheme["name"]}
    else:
        assert (scheme["type"], scheme["scheme"]) == ("http", "bearer"), scheme
    return package.AuthenticatedClient(base_url, token="contract-token", timeout=TIMEOUT, **options)


def anonymous_client(provider: str, base_url: str) -> Any:
    return importlib.import_module(f"ciartifacts_{provider}").Client(base_url, timeout=TIMEOUT)


def success_schema_name(case: Case) -> str | None:
    _, _, operation = operations(case.provider)[case.operation_id]
    response = resolve(case.provider, operation["responses"][str(case.status)])
    content = response.get("content", {}).get("application/json")
    return ref_name(content["schema"]) if content else None


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_generated_operation_is_a_spec_operation_with_a_case(provider: str) -> None:
    api = ROOT / "generated" / f"ciartifacts_{provider}" / "api"
    modules = {
        f"{path.parent.name}.{path.stem}" for path in api.glob("*/*.py") if path.stem != "__init__"
    }
    covered = {
        f"{case.call.__module__.split('.')[-2]}.{case.call.__module__.split('.')[-1]}"
        for case in CASES
        if case.provider == provider
    }
    assert modules == covered
    assert len(covered) == len(operations(provider))


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
        assert {type(item).__name__ for item in response.parsed} == {case.parsed}
    else:
        assert type(response.parsed).__name__ == case.parsed

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
    (case,) = [c for c in CASES if c.id == "buildkite.listBuildArtifacts"]
    with authenticated_client("buildkite", prism.url("buildkite")) as client:
        response = case.call(client=client, **{**case.kwargs, "per_page": 500})

    assert response.status_code == 422
    assert b"per_page" in response.content
