"""Reading the specs in tests: one loader, one list of providers."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Every spec is a provider (as for scripts/generate.py).
PROVIDERS = tuple(sorted(path.stem for path in (ROOT / "specs").glob("[!.]*.yaml")))
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@functools.cache
def load_spec(provider: str) -> dict[str, Any]:
    with (ROOT / "specs" / f"{provider}.yaml").open() as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def operations(provider: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (method, path, operation) for every operation in the spec."""
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in load_spec(provider)["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                found[item[method]["operationId"]] = (method, path, item[method])
    return found


def resolve(provider: str, node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local $ref (one or more hops) to the node it names."""
    while "$ref" in node:
        target: Any = load_spec(provider)
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def generated_package(provider: str) -> ModuleType:
    return importlib.import_module(f"ciartifacts_{provider}")


def strict_module(provider: str) -> ModuleType:
    return importlib.import_module(f"ciartifacts_strict.{provider}")


def attrs_models(provider: str) -> ModuleType:
    return importlib.import_module(f"ciartifacts_{provider}.models")
