"""Every example in every spec validates against the strict models and round-trips via attrs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter

from tests.specs import PROVIDERS, attrs_models, load_spec, ref_name, resolve, strict_module


def media_examples(provider: str) -> Iterator[tuple[str, str, Any]]:
    """(location, schema component name, example value) for every JSON body example."""
    spec = load_spec(provider)
    responses = [
        (f"{path} {method} {status}", response)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
        for status, response in operation["responses"].items()
    ]
    responses += [
        (f"components.responses.{name}", response)
        for name, response in spec["components"].get("responses", {}).items()
    ]
    for location, response in responses:
        if "$ref" in response:
            continue  # its examples are collected once, under components.responses
        for media in response.get("content", {}).values():
            name = ref_name(media["schema"])
            assert name, f"{provider} {location}: body schema is not a component"
            if "example" in media:
                yield location, name, media["example"]
            for example_name, example in media.get("examples", {}).items():
                yield f"{location} {example_name}", name, resolve(provider, example)["value"]


def schema_examples(provider: str) -> Iterator[tuple[str, str, str | None, Any]]:
    """(location, component, property or None, example) for examples written on schemas."""
    for name, schema in load_spec(provider)["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            yield f"components.schemas.{name}[{index}]", name, None, example
        for prop, prop_schema in schema.get("properties", {}).items():
            for index, example in enumerate(prop_schema.get("examples", [])):
                yield f"components.schemas.{name}.{prop}[{index}]", name, prop, example


def all_examples() -> list[Any]:
    cases = []
    for provider in PROVIDERS:
        for location, name, value in media_examples(provider):
            cases.append(pytest.param(provider, name, None, value, id=f"{provider}:{location}"))
        for location, name, prop, value in schema_examples(provider):
            cases.append(pytest.param(provider, name, prop, value, id=f"{provider}:{location}"))
    return cases


def instants(value: Any) -> Any:
    """The same value with ISO 8601 timestamps parsed, so `...00.000Z` equals `...00+00:00`."""
    if isinstance(value, dict):
        return {key: instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [instants(item) for item in value]
    if isinstance(value, str) and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def round_trip(provider: str, schema_name: str, value: Any) -> Any:
    """from_dict then to_dict through the attrs model of the schema (item model for arrays)."""
    schema = load_spec(provider)["components"]["schemas"][schema_name]
    if schema.get("type") == "array":
        item_model = getattr(attrs_models(provider), ref_name(schema["items"]) or "")
        return [item_model.from_dict(item).to_dict() for item in value]
    return getattr(attrs_models(provider), schema_name).from_dict(value).to_dict()


@pytest.mark.parametrize(("provider", "schema_name", "prop", "example"), all_examples())
def test_example_is_valid_and_round_trips(
    provider: str, schema_name: str, prop: str | None, example: Any
) -> None:
    strict_model = getattr(strict_module(provider), schema_name)
    if prop is not None:
        field = strict_model.model_fields[prop]
        TypeAdapter(Annotated[field.annotation, field]).validate_python(example)
        return
    strict_model.model_validate(example)
    assert instants(round_trip(provider, schema_name, example)) == instants(example)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_success_response_has_an_example(provider: str) -> None:
    with_examples = {location.split(" ")[0] for location, _, _ in media_examples(provider)}
    spec = load_spec(provider)
    for path, item in spec["paths"].items():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, response in operation["responses"].items():
                resolved = resolve(provider, response)
                if status.startswith(("2", "3")):
                    if "content" not in resolved:
                        continue
                    examples = next(iter(resolved["content"].values())).get("examples")
                    assert examples, f"{provider} {path} {status} has no example"
    assert with_examples


def test_strict_models_reject_unknown_fields() -> None:
    """The strict models are the tool that catches spec drift: an unknown key must fail."""
    from pydantic import ValidationError

    example = next(value for _, name, value in media_examples("buildkite") if name == "Artifact")
    with pytest.raises(ValidationError, match="surprise"):
        strict_module("buildkite").Artifact.model_validate({**example, "surprise": 1})
