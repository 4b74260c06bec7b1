"""Small, deterministic sets of JSON values that a schema accepts, chosen to hit its edges.

The first sample is the "full" one (every property, first choice everywhere); the others vary
one choice at a time (every property once before any property twice): each enum value, each union
variant, `null`, the default, only the required properties, the longest and shortest strings the
constraints allow. Each is checked against the schema.
"""

from __future__ import annotations

from typing import Any

from .schema_check import SchemaChecker

MAX_SAMPLES = 24
STRING_CANDIDATES = ("x", "artifact-1", "dist/app 1.tar.gz", "Mixed Case: é/ü?&=", "0123456789")
FORMAT_SAMPLES = {
    "date-time": "2024-05-06T07:08:09+00:00",
    "date": "2024-05-06",
    "uuid": "5f0c6d2e-9a47-4c1b-8c1e-2b7d2f8f6a11",
    "uri": "https://example.com/files/app.tar.gz",
    "email": "dev@example.com",
    "binary": "binary-content",
    "int32": 7,
    "int64": 7,
}


class SampleError(Exception):
    """No value of the schema could be made; the harness cannot judge this pair."""


class Samples:
    def __init__(self, checker: SchemaChecker) -> None:
        self.checker = checker

    def of(self, schema: Any, depth: int = 0) -> list[Any]:
        """Valid values of `schema`, the full one first; at least one."""
        values = self._raw(schema, depth)
        resolved = self.checker.resolve(schema)
        if "default" in resolved:
            # Second: the value that code relying on the default ends up sending.
            values = [*values[:1], resolved["default"], *values[1:]]
        values = [v for v in values if self.checker.is_valid(schema, v)]
        unique: list[Any] = []
        for value in values:
            if value not in unique:
                unique.append(value)
        if not unique:
            raise SampleError(f"no valid sample for schema {schema!r}")
        return unique[:MAX_SAMPLES]

    def _raw(self, node: Any, depth: int) -> list[Any]:
        schema = self.checker.resolve(node)
        if depth > 12:
            return [None, {}, [], "x", 1]
        if "const" in schema:
            return [schema["const"]]
        if isinstance(schema.get("enum"), list):
            return list(schema["enum"])
        if "allOf" in schema:
            return self._raw(self.checker.merge_all_of(schema), depth)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                return _interleave([self._raw(v, depth + 1) for v in schema[key]])
        types = schema.get("type")
        if isinstance(types, list):
            return _interleave([self._raw({**schema, "type": name}, depth) for name in types])
        if types == "null":
            return [None]
        if types == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, depth)
        if types == "array" or "items" in schema:
            return self._array(schema, depth)
        if types == "string":
            return self._string(schema)
        if types == "integer":
            return self._number(schema, integer=True)
        if types == "number":
            return self._number(schema, integer=False) + self._number(schema, integer=True)
        if types == "boolean":
            return [True, False]
        return ["x", 1, {"any": "value"}]

    def _object(self, schema: dict[str, Any], depth: int) -> list[Any]:
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        choices = {name: self.of(sub, depth + 1) for name, sub in properties.items()}
        full = {name: values[0] for name, values in choices.items()}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            extras = self.of(extra, depth + 1)
            full["extra_key"] = extras[0]
            variants = [{**full, "extra_key": value} for value in extras[1:]]
        else:
            variants = []
        minimal = {name: value for name, value in full.items() if name in required}
        # One other choice of every property before a second one of any: every property varies
        # within the samples kept, however many properties come first.
        others = [[{**full, name: v} for v in values[1:3]] for name, values in choices.items()]
        return [full, minimal, *variants, *_interleave(others)]

    def _array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        items = self.of(schema.get("items", {}), depth + 1)
        # Two elements where allowed, so serialisations that differ only for lists show up.
        count = max(2, int(schema.get("minItems", 0)))
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        distinct = [items[i % len(items)] for i in range(count)]
        if schema.get("uniqueItems") and len(items) < count:
            distinct = items[:count]
        return [distinct, [items[-1]] * min(1, count) + distinct[1:]]

    def _string(self, schema: dict[str, Any]) -> list[Any]:
        found: list[Any] = []
        if schema.get("format") in FORMAT_SAMPLES:
            found.append(FORMAT_SAMPLES[str(schema["format"])])
        # The longest value the constraints allow comes second: lowered maxima must show up.
        high = schema.get("maxLength")
        found.append("z" * int(high) if high is not None else "y" * 300)
        found += STRING_CANDIDATES
        found.append("z" * max(int(schema.get("minLength", 0)), 1))
        return found

    def _number(self, schema: dict[str, Any], integer: bool) -> list[Any]:
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        candidates: list[Any] = [7, 1, 0, -3, 100_000] if integer else [2.5, 0.5, -1.5]
        if low is not None:
            candidates += [low, low + 1]
        if high is not None:
            candidates += [high, high - 1]
        if integer:
            return [int(c) for c in candidates if float(c).is_integer()]
        return [float(c) for c in candidates]


def _interleave(groups: list[list[Any]]) -> list[Any]:
    """First choice of every variant first, so each variant shows up among the few kept."""
    found: list[Any] = []
    for index in range(max((len(g) for g in groups), default=0)):
        found += [g[index] for g in groups if index < len(g)]
    return found
