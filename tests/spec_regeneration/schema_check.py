"""JSON Schema validation of values against a spec's schemas, as a server following it would."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(datetime.datetime.fromisoformat(value).tzinfo)


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or bool(datetime.date.fromisoformat(value))


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value: object) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlparse(value).scheme)


@FORMATS.checks("email")
def _email(value: object) -> bool:
    return not isinstance(value, str) or value.count("@") == 1


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or -(2**31) <= value < 2**31


class SchemaChecker:
    """Validates values against schemas of one spec, resolving its local `$ref`s."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, node: Any) -> dict[str, Any]:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}
            seen.add(ref)
            target: Any = self.spec
            for part in ref[2:].split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings}
        return node if isinstance(node, dict) else {}

    def merge_all_of(self, schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties = dict(merged.get("properties") or {})
        required = list(merged.get("required") or [])
        for part in schema.get("allOf") or []:
            sub = self.resolve(part)
            if "allOf" in sub:
                sub = self.merge_all_of(sub)
            properties.update(sub.get("properties") or {})
            required += sub.get("required") or []
            merged.update({k: v for k, v in sub.items() if k not in {"properties", "required"}})
        merged["properties"] = properties
        merged["required"] = list(dict.fromkeys(required))
        merged.setdefault("type", "object")
        return merged

    def errors(self, schema: Any, value: Any) -> list[str]:
        root = {"components": self.spec.get("components", {}), **(schema or {})}
        validator = Draft202012Validator(root, format_checker=FORMATS)
        return sorted(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(value)
        )

    def is_valid(self, schema: Any, value: Any) -> bool:
        return not self.errors(schema, value)
