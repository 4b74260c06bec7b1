"""One call per operation of every spec, made through its generated client, derived from the spec.

Nothing here names a provider or an operation: for each operation of each spec, the case finds
the generated module (the generator's own naming: ``api/<first tag>/<operationId>``), gives every
parameter a value from its example (or, lacking one, a value its schema allows), and expects the
operation's first success status, the headers that answer declares, and a body of its schema.
A spec whose parameter cannot be given a value (a pattern without an example) fails here, naming
the parameter: add an example to the spec.
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType, UnionType
from typing import Any

from openapi_python_client.strings import ClassName, PythonIdentifier, snake_case

from tests.specs import PROVIDERS, load_spec, operations, ref_name, resolve

SAMPLE_UUID = "123e4567-e89b-42d3-a456-426614174000"
SAMPLE_TIME = "2025-01-01T00:00:00Z"


@dataclass(frozen=True)
class Case:
    provider: str
    operation_id: str
    call: Callable[..., Any]  # the generated module's sync_detailed
    kwargs: dict[str, Any]
    status: int
    parsed: str | None  # the class name the parsed body must have (list items for lists)
    is_list: bool = False
    headers: tuple[str, ...] = field(default=())  # declared required on the success answer

    @property
    def id(self) -> str:
        return f"{self.provider}.{self.operation_id}"


def generated_module(provider: str, operation_id: str) -> ModuleType:
    """The generator's module for an operation: ``api/<first tag>/<operationId>``, snake_case."""
    _, _, operation = operations(provider)[operation_id]
    tag = snake_case((operation.get("tags") or ["default"])[0])
    return importlib.import_module(f"ciartifacts_{provider}.api.{tag}.{snake_case(operation_id)}")


def parameters(provider: str, path: str, method: str) -> list[dict[str, Any]]:
    item = load_spec(provider)["paths"][path]
    declared = [*item.get("parameters", []), *item[method].get("parameters", [])]
    return [resolve(provider, parameter) for parameter in declared]


def example_of(provider: str, parameter: dict[str, Any]) -> Any:
    """The parameter's example, else one its schema allows (None: leave it out)."""
    schema = resolve(provider, parameter.get("schema", {}))
    for candidate in (
        parameter.get("example"),
        *(example.get("value") for example in parameter.get("examples", {}).values()),
        schema.get("example"),
        *schema.get("examples", []),
    ):
        if candidate is not None:
            return candidate
    if not parameter.get("required"):
        return None  # the generated default, if any, is sent
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "boolean":
        return True
    if kind == "string" and "pattern" not in schema:
        return {"uuid": SAMPLE_UUID, "date-time": SAMPLE_TIME}.get(
            schema.get("format", ""), f"sample-{parameter['name']}"
        )
    raise AssertionError(
        f"{provider}: parameter {parameter['name']!r} needs an example in the spec"
    )


def as_argument(value: Any, annotation: Any) -> Any:
    """``value`` in the type the generated function takes (an enum member, a datetime)."""
    options = typing.get_args(annotation) if isinstance(annotation, UnionType) else (annotation,)
    for option in options:
        if isinstance(option, type) and issubclass(option, enum.Enum):
            return option(value)
        if option is datetime and isinstance(value, str):
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def arguments(
    provider: str, path: str, method: str, function: Callable[..., Any]
) -> dict[str, Any]:
    hints = typing.get_type_hints(function)
    names = set(inspect.signature(function).parameters)
    kwargs: dict[str, Any] = {}
    for parameter in parameters(provider, path, method):
        value = example_of(provider, parameter)
        if value is None:
            continue
        name = PythonIdentifier(parameter["name"], prefix="field_")
        assert name in names, f"{provider} {method} {path}: no argument {name!r} generated"
        kwargs[name] = as_argument(value, hints.get(name))
    return kwargs


def success(provider: str, operation: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    statuses = sorted(int(s) for s in operation["responses"] if s.isdigit() and int(s) < 400)
    assert statuses, "every operation documents a success answer"
    return statuses[0], resolve(provider, operation["responses"][str(statuses[0])])


def body_class(provider: str, response: dict[str, Any]) -> tuple[str | None, bool]:
    """The generated class of the answer's JSON body (of its items, for a list)."""
    content = response.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    if media is None:
        return None, False
    schema = media["schema"]
    is_list = resolve(provider, schema).get("type") == "array"
    if is_list:
        schema = resolve(provider, schema)["items"]
    name = ref_name(schema)
    assert name is not None, f"{provider}: a success body is a component schema"
    title = resolve(provider, schema).get("title")
    return ClassName(title or name, prefix=""), is_list


def required_headers(provider: str, response: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        name
        for name, header in response.get("headers", {}).items()
        if resolve(provider, header).get("required")
    )


@functools.cache
def all_cases() -> tuple[Case, ...]:
    cases = []
    for provider in PROVIDERS:
        for operation_id, (method, path, operation) in operations(provider).items():
            function = generated_module(provider, operation_id).sync_detailed
            status, response = success(provider, operation)
            parsed, is_list = body_class(provider, response)
            cases.append(
                Case(
                    provider,
                    operation_id,
                    function,
                    arguments(provider, path, method, function),
                    status,
                    parsed,
                    is_list,
                    required_headers(provider, response),
                )
            )
    return tuple(cases)


CASES = all_cases()
