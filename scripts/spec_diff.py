#!/usr/bin/env python3
"""Compare two versions of one OpenAPI 3.x document and classify every change.

    python scripts/spec_diff.py OLD.yaml NEW.yaml [--title TITLE]

A change is *breaking* when code written against the Python SDK that openapi-python-client
generates from OLD stops working (fails to import, to type-check, or at runtime) once the SDK
is regenerated from NEW. The rules, and why each one holds, are in the README
("Spec change classification").

Exit status: 1 if any change is breaking, 0 if none, 2 if a document cannot be read.
Local `$ref`s are resolved, so a schema is compared by content rather than by name.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

Node = dict[str, Any]
Direction = Literal["request", "response"]
RefPair = tuple[str | None, str | None]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI says these header parameters are ignored; the generator never exposes them.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# The only formats the generator maps to their own Python type (datetime, date, UUID, File).
TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary"})
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
SCHEMA_REF_PREFIX = "#/components/schemas/"
# Same word delimiters as openapi-python-client's `strings.DELIMITERS`.
DELIMITERS = r"\. _-"
# Hand-written specs are shallow; this only stops pathological (e.g. YAML-alias) cycles.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Change:
    """One difference between the two documents."""

    kind: str
    location: str
    message: str
    breaking: bool
    operation_id: str = ""


class SpecError(Exception):
    """A document that cannot be compared; the message names the source and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")


# --------------------------------------------------------------------------- loading


def load_spec(path: str | Path) -> Node:
    """Read and parse an OpenAPI document from a YAML or JSON file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(source, "no such file") from None
    except IsADirectoryError:
        raise SpecError(source, "is a directory, not a file") from None
    except OSError as exc:
        raise SpecError(source, f"cannot read file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SpecError(source, "not UTF-8 text") from None
    return parse_spec(text, source)


def parse_spec(text: str, source: str) -> Node:
    """Parse document text; `source` only names the document in error messages."""
    if text.lstrip().startswith("{"):
        # Real JSON may be tab-indented, which YAML rejects, so try JSON first.
        try:
            return _check_openapi(json.loads(text), source)
        except json.JSONDecodeError:
            pass
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(source, f"invalid YAML: {_yaml_problem(exc)}") from None
    return _check_openapi(document, source)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _check_openapi(document: Any, source: str) -> Node:
    if not isinstance(document, dict):
        raise SpecError(source, "not an OpenAPI document (the top level is not a mapping)")
    if "swagger" in document:
        raise SpecError(source, "Swagger 2.0 is not supported, only OpenAPI 3.x")
    version = document.get("openapi")
    if not isinstance(version, str):
        raise SpecError(source, "not an OpenAPI document (no `openapi` version field)")
    if not version.startswith("3."):
        raise SpecError(source, f"unsupported OpenAPI version {version!r}, expected 3.x")
    if not isinstance(document.get("paths", {}), dict):
        raise SpecError(source, "not an OpenAPI document (`paths` is not a mapping)")
    return document


# --------------------------------------------------------------------------- helpers


def _dict(value: Any) -> Node:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _names(value: Any) -> set[str]:
    return {v for v in _list(value) if isinstance(v, str)}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _words(value: str) -> list[str]:
    # Mirrors openapi-python-client's sanitize + split_words, which name modules and classes.
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in DELIMITERS)
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return re.findall(rf"[^{re.escape(DELIMITERS)}]+", value)


def snake_case(value: str) -> str:
    return "_".join(_words(value)).lower()


def pascal_case(value: str) -> str:
    return "".join(w if w.isupper() else w.capitalize() for w in _words(value))


def _fmt(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _fmt_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types))


def _at(where: str) -> str:
    return f"field `{where}`: " if where else ""


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _is_success(status: str) -> bool:
    # 3xx counts: the generator parses a 302 like any other documented response.
    return status[:1] in {"2", "3"}


class _Doc:
    """One side of the comparison: the document plus local `$ref` resolution."""

    def __init__(self, spec: Node) -> None:
        self.spec = spec

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.spec
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def deref(self, node: Any) -> tuple[Node, str | None]:
        """Follow a `$ref` chain; return the target and the last ref followed.

        An unresolvable (or external, or cyclic) ref comes back as `{"$ref": ...}`.
        """
        last: str | None = None
        visited: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target = self.lookup(ref)
            if ref in visited or not isinstance(target, dict):
                return {"$ref": ref}, ref
            visited.add(ref)
            last = ref
            # OpenAPI 3.1 allows siblings next to `$ref` (e.g. a description): keep them.
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if siblings else target
        return _dict(node), last

    def resolve(self, node: Any) -> Node:
        return self.deref(node)[0]

    def operations(self) -> dict[tuple[str, str], _Operation]:
        found: dict[tuple[str, str], _Operation] = {}
        for path, raw_item in _dict(self.spec.get("paths")).items():
            item = self.resolve(raw_item)
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    found[(method, str(path))] = _Operation(method, str(path), item[method], item)
        return found

    def parameters(self, op: _Operation) -> dict[tuple[str, str], Node]:
        """Effective parameters (path-level ones overridden by operation-level ones)."""
        merged: dict[tuple[str, str], Node] = {}
        for raw in [*_list(op.path_item.get("parameters")), *_list(op.node.get("parameters"))]:
            param = self.resolve(raw)
            location, name = str(param.get("in", "")), str(param.get("name", ""))
            if location == "header":
                name = name.lower()
                if name in IGNORED_HEADERS:
                    continue
            merged[(location, name)] = param
        return merged

    def effective_security(self, op: _Operation) -> list[Any]:
        if "security" in op.node:
            return _list(op.node["security"])
        return _list(self.spec.get("security"))


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    node: Node
    path_item: Node

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def operation_id(self) -> str:
        value = self.node.get("operationId")
        return value if isinstance(value, str) else ""

    @property
    def python_name(self) -> str:
        """The generated module name (`api/<tag>/<name>.py`)."""
        if self.operation_id:
            return snake_case(self.operation_id)
        # openapi-python-client's generate_operation_id() for operations without one.
        generated = self.path.replace("{", "").replace("}", "").replace("/", "_").strip("_")
        return snake_case(f"{self.method}_{generated}")

    @property
    def tag_module(self) -> str:
        tags = _list(self.node.get("tags"))
        return snake_case(str(tags[0])) if tags else "default"


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _template_renames(old_path: str, new_path: str) -> dict[str, str]:
    if _template(old_path) != _template(new_path):
        return {}
    old_vars = re.findall(r"\{([^}]*)\}", old_path)
    new_vars = re.findall(r"\{([^}]*)\}", new_path)
    return {a: b for a, b in zip(old_vars, new_vars, strict=True) if a != b}


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class _Finding:
    kind: str
    text: str
    breaking: bool


@dataclass(frozen=True)
class _Unwrapped:
    schema: Node
    nullable: bool
    ref: str | None


def _null_schema(schema: Node) -> bool:
    return schema.get("type") == "null" or schema.get("enum") == [None]


def _enum_values(schema: Node) -> list[Any] | None:
    if isinstance(schema.get("enum"), list):
        return [v for v in schema["enum"] if v is not None]
    if "const" in schema:
        return [schema["const"]]
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _is_class_schema(schema: Node) -> bool:
    """Whether the generator emits a class (attrs model or Enum) for this schema."""
    types = schema.get("type")
    is_object = types == "object" or (isinstance(types, list) and "object" in types)
    return bool(is_object or "properties" in schema or "allOf" in schema or "enum" in schema)


def _class_name(schema: Node, ref: str | None) -> str | None:
    """Name of the generated class; "" when the generator derives it from the context."""
    if not _is_class_schema(schema):
        return None
    if isinstance(schema.get("title"), str):
        return pascal_case(schema["title"])
    if ref and ref.startswith(SCHEMA_REF_PREFIX):
        return pascal_case(ref[len(SCHEMA_REF_PREFIX) :])
    return ""


def _single(schema: Node) -> Any:
    """The one schema a wrapper stands for, if it is just a wrapper.

    `anyOf: [X, {type: null}]` is 3.1's "nullable X", and the generator passes a lone `$ref`
    in allOf/anyOf/oneOf straight through to the referenced class.
    """
    subs = [*_list(schema.get("allOf")), *_list(schema.get("anyOf")), *_list(schema.get("oneOf"))]
    if len(subs) != 1 or any(k in schema for k in ("type", "properties")):
        return None
    if isinstance(subs[0], dict) and "$ref" in subs[0]:
        return subs[0]
    return None if "allOf" in schema else subs[0]


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


class _SchemaDiff:
    """Compares two schemas as seen from one direction of the API.

    `request`: values the SDK user sends; narrowing what is accepted breaks calls.
    `response`: values the SDK parses and hands back; widening them breaks user code.
    """

    def __init__(self, old: _Doc, new: _Doc, direction: Direction) -> None:
        self.old = old
        self.new = new
        self.request = direction == "request"

    def compare(
        self, old: Any, new: Any, where: str = "", seen: frozenset[RefPair] = frozenset()
    ) -> Iterator[_Finding]:
        if len(seen) > MAX_DEPTH or where.count(".") + where.count("[") > MAX_DEPTH:
            return
        o, n = self._unwrap(self.old, old), self._unwrap(self.new, new)
        if "$ref" in o.schema or "$ref" in n.schema:
            if o.ref != n.ref:
                text = f"{_at(where)}unresolvable `$ref` changed `{o.ref}` -> `{n.ref}`"
                yield _Finding("unresolved-ref", text + ": review by hand", True)
            return
        if o.ref or n.ref:
            # Recursive schemas: a pair of refs already being compared on this path is done.
            if (o.ref, n.ref) in seen:
                return
            seen = seen | {(o.ref, n.ref)}
        yield from self._class_rename(o, n, where)
        yield from self._nullability(o.nullable, n.nullable, where)
        if self._variants(o.schema) or self._variants(n.schema):
            yield from self._union(o, n, where, seen)
            return
        type_findings = list(self._types(o.schema, n.schema, where))
        yield from type_findings
        if any(f.breaking for f in type_findings):
            return  # Field-level details of a retyped value would only repeat the type change.
        yield from self._enum(o.schema, n.schema, where)
        yield from self._format(o.schema, n.schema, where)
        yield from self._bounds(o.schema, n.schema, where)
        yield from self._default(o.schema, n.schema, where)
        yield from self._properties(o.schema, n.schema, where, seen)
        if "items" in o.schema or "items" in n.schema:
            items_where = f"{where}[]"
            yield from self.compare(o.schema.get("items"), n.schema.get("items"), items_where, seen)
        yield from self._additional(o.schema, n.schema, where, seen)

    # -- normalisation

    def _unwrap(self, doc: _Doc, node: Any) -> _Unwrapped:
        """Deref, strip `null` out of the schema (recording nullability) and flatten allOf."""
        nullable = False
        ref: str | None = None
        schema: Node = {}
        for _ in range(MAX_DEPTH):
            schema, followed = doc.deref(node)
            ref = followed or ref
            if "$ref" in schema:
                break
            schema, became_nullable, single = self._split_null(doc, schema)
            nullable = nullable or became_nullable
            if single is None:
                break
            node = single
        return _Unwrapped(self._flatten(doc, schema, frozenset()), nullable, ref)

    def _split_null(self, doc: _Doc, schema: Node) -> tuple[Node, bool, Any]:
        out = dict(schema)
        nullable = out.pop("nullable", False) is True  # OpenAPI 3.0 spelling
        types = out.get("type")
        if isinstance(types, list) and "null" in types and len(types) > 1:
            rest = [t for t in types if t != "null"]
            out["type"] = rest[0] if len(rest) == 1 else rest
            nullable = True
        if isinstance(out.get("enum"), list) and None in out["enum"]:
            nullable = True
        for key in ("anyOf", "oneOf"):
            variants = _list(out.get(key))
            kept = [v for v in variants if not _null_schema(doc.resolve(v))]
            if len(kept) < len(variants):
                nullable = True
                out[key] = kept
        return out, nullable, _single(out)

    def _flatten(self, doc: _Doc, schema: Node, guard: frozenset[str]) -> Node:
        parts = _list(schema.get("allOf"))
        if not parts:
            return schema
        merged: Node = {}
        properties: Node = {}
        required: list[str] = []
        for part in parts:
            sub, ref = doc.deref(part)
            if ref is not None and ref in guard:
                continue
            sub = self._flatten(doc, sub, guard | {ref} if ref else guard)
            properties.update(_dict(sub.get("properties")))
            required.extend(_names(sub.get("required")))
            # A part's title names the part's class, not this one.
            merged.update(
                {k: v for k, v in sub.items() if k not in {"properties", "required", "title"}}
            )
        merged.update({k: v for k, v in schema.items() if k != "allOf"})
        properties.update(_dict(schema.get("properties")))
        required.extend(_names(schema.get("required")))
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = list(dict.fromkeys(required))
        return merged

    def _variants(self, schema: Node) -> list[Any]:
        # The generator turns oneOf and anyOf into the same Python union.
        return [*_list(schema.get("oneOf")), *_list(schema.get("anyOf"))]

    def _type_set(self, doc: _Doc, schema: Node, depth: int = 0) -> frozenset[str] | None:
        types = schema.get("type")
        if isinstance(types, str):
            return frozenset({types}) - {"null"} or frozenset({"null"})
        if isinstance(types, list):
            return frozenset(str(t) for t in types if t != "null") or frozenset({"null"})
        if "properties" in schema:
            return frozenset({"object"})
        if "items" in schema:
            return frozenset({"array"})
        values = _enum_values(schema)
        if values:
            return frozenset(_json_type(v) for v in values)
        variants = self._variants(schema)
        if not variants or depth > MAX_DEPTH:
            return None
        union: set[str] = set()
        for variant in variants:
            sub = self._type_set(doc, self._unwrap(doc, variant).schema, depth + 1)
            if sub is None:
                return None
            union |= sub
        return frozenset(union)

    # -- individual checks

    def _class_rename(self, o: _Unwrapped, n: _Unwrapped, where: str) -> Iterator[_Finding]:
        old_name, new_name = _class_name(o.schema, o.ref), _class_name(n.schema, n.ref)
        if old_name is None or new_name is None or old_name == new_name:
            return
        old_label = f"`{old_name}`" if old_name else "an inline (auto-named) class"
        new_label = f"`{new_name}`" if new_name else "an inline (auto-named) class"
        text = f"{_at(where)}generated model class renamed from {old_label} to {new_label}"
        yield _Finding("model-renamed", text, True)

    def _nullability(self, old: bool, new: bool, where: str) -> Iterator[_Finding]:
        if old == new:
            return
        if new:
            text = f"{_at(where)}became nullable"
            yield _Finding("became-nullable", text, not self.request)
        else:
            text = f"{_at(where)}no longer nullable"
            yield _Finding("no-longer-nullable", text, self.request)

    def _types(self, old: Node, new: Node, where: str) -> Iterator[_Finding]:
        old_t, new_t = self._type_set(self.old, old), self._type_set(self.new, new)
        if old_t == new_t:
            return
        compatible = _covers(new_t, old_t) if self.request else _covers(old_t, new_t)
        text = f"{_at(where)}type changed {_fmt_types(old_t)} -> {_fmt_types(new_t)}"
        yield _Finding("type-changed", text, not compatible)

    def _enum(self, old: Node, new: Node, where: str) -> Iterator[_Finding]:
        old_e, new_e = _enum_values(old), _enum_values(new)
        if old_e is None and new_e is None:
            return
        if old_e is None:
            # Requests: a free value became a closed set. Responses: str becomes a StrEnum (a str).
            text = f"{_at(where)}enum constraint added ({', '.join(map(_fmt, new_e or []))})"
            yield _Finding("enum-added", text, self.request)
            return
        if new_e is None:
            # Responses: user code using the Enum class/members gets a plain value instead.
            text = f"{_at(where)}enum constraint removed"
            yield _Finding("enum-removed", text, not self.request)
            return
        new_keys = {_fmt(v) for v in new_e}
        old_keys = {_fmt(v) for v in old_e}
        removed = [_fmt(v) for v in old_e if _fmt(v) not in new_keys]
        added = [_fmt(v) for v in new_e if _fmt(v) not in old_keys]
        if removed:
            # Breaking both ways: requests reject the value, and the Enum member disappears.
            yield _Finding(
                "enum-values-removed",
                f"{_at(where)}enum values removed: {', '.join(removed)}",
                True,
            )
        if added:
            yield _Finding(
                "enum-values-added", f"{_at(where)}enum values added: {', '.join(added)}", False
            )

    def _format(self, old: Node, new: Node, where: str) -> Iterator[_Finding]:
        old_f, new_f = old.get("format"), new.get("format")
        if old_f == new_f:
            return
        python_type_changes = any(f in TYPED_FORMATS for f in (old_f, new_f) if isinstance(f, str))
        if old_f is None:
            text = f"{_at(where)}format added `{new_f}`"
        elif new_f is None:
            text = f"{_at(where)}format removed (was `{old_f}`)"
        else:
            text = f"{_at(where)}format changed `{old_f}` -> `{new_f}`"
        narrows_input = self.request and new_f is not None
        yield _Finding("format-changed", text, python_type_changes or narrows_input)

    def _bounds(self, old: Node, new: Node, where: str) -> Iterator[_Finding]:
        for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            old_v, new_v = old.get(key), new.get(key)
            if old_v == new_v or not all(v is None or _is_number(v) for v in (old_v, new_v)):
                continue
            lower = key in LOWER_BOUNDS
            if old_v is None:
                text, narrowed = f"{key} added {new_v}", True
            elif new_v is None:
                text, narrowed = f"{key} removed (was {old_v})", False
            else:
                narrowed = new_v > old_v if lower else new_v < old_v
                verb = "raised" if new_v > old_v else "lowered"
                text = f"{key} {verb} {old_v} -> {new_v}"
            yield self._constraint(where, text, narrowed)
        for key in ("pattern", "multipleOf"):
            old_v, new_v = old.get(key), new.get(key)
            if old_v == new_v:
                continue
            if old_v is None:
                text = f"{key} added {_fmt(new_v)}"
            elif new_v is None:
                text = f"{key} removed (was {_fmt(old_v)})"
            else:
                text = f"{key} changed {_fmt(old_v)} -> {_fmt(new_v)}"
            yield self._constraint(where, text, new_v is not None)
        if bool(new.get("uniqueItems")) != bool(old.get("uniqueItems")):
            narrowed = bool(new.get("uniqueItems"))
            yield self._constraint(where, f"uniqueItems set to {_fmt(narrowed)}", narrowed)

    def _constraint(self, where: str, text: str, narrowed: bool) -> _Finding:
        # The generated SDK validates nothing, so only the server's stricter input checks bite.
        label = "narrowed" if narrowed else "widened"
        kind = f"constraint-{label}"
        return _Finding(kind, f"{_at(where)}{text} ({label})", self.request and narrowed)

    def _default(self, old: Node, new: Node, where: str) -> Iterator[_Finding]:
        if self.request and old.get("default") != new.get("default"):
            text = f"default changed {_fmt(old.get('default'))} -> {_fmt(new.get('default'))}"
            yield _Finding("default-changed", f"{_at(where)}{text}", False)

    def _properties(
        self, old: Node, new: Node, where: str, seen: frozenset[RefPair]
    ) -> Iterator[_Finding]:
        old_p, new_p = _dict(old.get("properties")), _dict(new.get("properties"))
        old_req, new_req = _names(old.get("required")), _names(new.get("required"))
        for name, old_schema in old_p.items():
            field = _join(where, str(name))
            if name not in new_p:
                # Both directions: the attribute (or constructor argument) disappears.
                yield _Finding("field-removed", f"field `{field}` removed", True)
                continue
            yield from self._required(name in old_req, name in new_req, field)
            yield from self.compare(old_schema, new_p[name], field, seen)
        for name in new_p:
            if name in old_p:
                continue
            field = _join(where, str(name))
            if self.request and name in new_req:
                yield _Finding("new-required-field", f"new required field `{field}`", True)
            else:
                qualifier = "optional " if self.request else ""
                yield _Finding("new-field", f"new {qualifier}field `{field}`", False)

    def _required(self, was: bool, now: bool, field: str) -> Iterator[_Finding]:
        if was == now:
            return
        if now:
            yield _Finding("field-made-required", f"field `{field}` became required", self.request)
        else:
            text = f"field `{field}` became optional"
            if not self.request:
                text += " (the generated attribute may now be `Unset`)"
            yield _Finding("field-made-optional", text, not self.request)

    def _additional(
        self, old: Node, new: Node, where: str, seen: frozenset[RefPair]
    ) -> Iterator[_Finding]:
        if not (_is_class_schema(old) or _is_class_schema(new)):
            return
        old_a, new_a = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if old_a is False and new_a is False:
            return
        if new_a is False:
            text = f"{_at(where)}additional properties no longer allowed"
            yield _Finding("additional-properties-closed", text, True)
        elif old_a is False:
            text = f"{_at(where)}additional properties now allowed"
            yield _Finding("additional-properties-opened", text, False)
        else:
            yield from self.compare(_dict(old_a), _dict(new_a), f"{where}.*", seen)

    def _union(
        self, o: _Unwrapped, n: _Unwrapped, where: str, seen: frozenset[RefPair]
    ) -> Iterator[_Finding]:
        # A plain schema on one side is a one-variant union, so `X` -> `X | str` is one change.
        old_v = self._variants(o.schema) or [{"$ref": o.ref} if o.ref else o.schema]
        new_v = self._variants(n.schema) or [{"$ref": n.ref} if n.ref else n.schema]
        pairs, removed, added = self._match_variants(old_v, new_v)
        for old_variant, new_variant in pairs:
            yield from self.compare(old_variant, new_variant, where, seen)
        for variant in removed:
            text = f"{_at(where)}union variant `{self._variant_key(self.old, variant)}` removed"
            yield _Finding("variant-removed", text, self.request)
        for variant in added:
            text = f"{_at(where)}union variant `{self._variant_key(self.new, variant)}` added"
            yield _Finding("variant-added", text, not self.request)

    def _variant_key(self, doc: _Doc, variant: Any) -> str:
        unwrapped = self._unwrap(doc, variant)
        name = _class_name(unwrapped.schema, unwrapped.ref)
        if name:
            return name
        return _fmt_types(self._type_set(doc, unwrapped.schema))

    def _match_variants(
        self, old_v: list[Any], new_v: list[Any]
    ) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
        new_left = list(new_v)
        pairs: list[tuple[Any, Any]] = []
        unmatched: list[Any] = []
        for variant in old_v:
            key = self._variant_key(self.old, variant)
            match = next((v for v in new_left if self._variant_key(self.new, v) == key), None)
            if match is None:
                unmatched.append(variant)
            else:
                pairs.append((variant, match))
                new_left.remove(match)
        # Whatever is left pairs up by position: an edited inline variant is still that variant.
        while unmatched and new_left:
            pairs.append((unmatched.pop(0), new_left.pop(0)))
        return pairs, unmatched, new_left


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True)
class _Note:
    kind: str
    message: str
    breaking: bool


class _SpecDiff:
    def __init__(self, old: Node, new: Node) -> None:
        self.old = _Doc(old)
        self.new = _Doc(new)
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        self._document()
        self._operations()
        self._models()
        return self.changes

    def _add(self, location: str, notes: Iterable[_Note], operation_id: str = "") -> None:
        for note in notes:
            self.changes.append(
                Change(note.kind, location, note.message, note.breaking, operation_id)
            )

    # -- document level

    def _document(self) -> None:
        old, new = self.old.spec, self.new.spec
        if old.get("openapi") != new.get("openapi"):
            text = f"OpenAPI version {old.get('openapi')} -> {new.get('openapi')}"
            self._add("openapi", [_Note("openapi-version", text, False)])
        old_urls = [_dict(s).get("url") for s in _list(old.get("servers"))]
        new_urls = [_dict(s).get("url") for s in _list(new.get("servers"))]
        # The generated Client takes base_url from the caller; servers never reach the code.
        for url in old_urls:
            if url not in new_urls:
                self._add("servers", [_Note("server-removed", f"server `{url}` removed", False)])
        for url in new_urls:
            if url not in old_urls:
                self._add("servers", [_Note("server-added", f"server `{url}` added", False)])
        old_schemes = _dict(_dict(old.get("components")).get("securitySchemes"))
        new_schemes = _dict(_dict(new.get("components")).get("securitySchemes"))
        for name in dict.fromkeys([*old_schemes, *new_schemes]):
            old_scheme = self.old.resolve(old_schemes.get(name))
            new_scheme = self.new.resolve(new_schemes.get(name))
            if old_scheme == new_scheme:
                continue
            # Which schemes an operation needs is checked per operation; this is a review hint.
            verb = "added" if not old_scheme else "removed" if not new_scheme else "changed"
            text = f"security scheme `{name}` {verb}: check how AuthenticatedClient is set up"
            self._add("components.securitySchemes", [_Note(f"security-scheme-{verb}", text, False)])

    def _models(self) -> None:
        """Every components schema becomes a model class, used by an operation or not."""
        old_classes = self._component_classes(self.old)
        new_classes = self._component_classes(self.new)
        for name, component in old_classes.items():
            if name not in new_classes:
                text = f"model class `{name}` removed (it can no longer be imported)"
                self._add(f"components.schemas.{component}", [_Note("model-removed", text, True)])
        for name, component in new_classes.items():
            if name not in old_classes:
                text = f"new model class `{name}`"
                self._add(f"components.schemas.{component}", [_Note("model-added", text, False)])

    @staticmethod
    def _component_classes(doc: _Doc) -> dict[str, str]:
        schemas = _dict(_dict(doc.spec.get("components")).get("schemas"))
        classes: dict[str, str] = {}
        for component, raw in schemas.items():
            name = _class_name(doc.resolve(raw), SCHEMA_REF_PREFIX + str(component))
            if name:
                classes[name] = str(component)
        return classes

    # -- operations

    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations(), self.new.operations()
        pairs, removed, added = _match_operations(old_ops, new_ops)
        for old_op, new_op in pairs:
            operation_id = new_op.operation_id or old_op.operation_id
            self._add(new_op.label, self._operation(old_op, new_op), operation_id)
        self._removed(removed, {op.path for op in new_ops.values()})
        for op in added:
            self._add(op.label, [_Note("operation-added", "new operation", False)], op.operation_id)

    def _removed(self, removed: list[_Operation], new_paths: set[str]) -> None:
        gone_paths: dict[str, list[_Operation]] = {}
        for op in removed:
            if op.path in new_paths:
                note = _Note("removed-operation", "removed operation", True)
                self._add(op.label, [note], op.operation_id)
            else:
                gone_paths.setdefault(op.path, []).append(op)
        for path, ops in gone_paths.items():
            listed = ", ".join(f"{op.method.upper()} {op.operation_id}".strip() for op in ops)
            self._add(path, [_Note("removed-path", f"removed path (operations: {listed})", True)])

    def _operation(self, old: _Operation, new: _Operation) -> Iterator[_Note]:
        yield from _path_notes(old, new)
        yield from _naming_notes(old, new)
        yield from self._security(old, new)
        if not old.node.get("deprecated") and new.node.get("deprecated"):
            yield _Note("deprecated", "operation deprecated", False)
        yield from self._parameters(old, new)
        yield from self._request_body(old, new)
        yield from self._responses(old, new)

    def _security(self, old: _Operation, new: _Operation) -> Iterator[_Note]:
        old_eff, new_eff = self.old.effective_security(old), self.new.effective_security(new)
        old_open = not old_eff or {} in old_eff
        new_open = not new_eff or {} in new_eff
        reasons = []
        if old_open and not new_open:
            reasons.append("calls without a token (plain `Client`) now get 401")
        # openapi-python-client looks only at the operation's own `security` for the client type.
        if not old.node.get("security") and new.node.get("security"):
            reasons.append("the generated functions now require `client: AuthenticatedClient`")
        if reasons:
            yield _Note("security-added", f"security added: {'; '.join(reasons)}", True)
        elif not old_open and new_open:
            yield _Note("security-removed", "security removed or made optional", False)
        elif _scheme_names(old_eff) != _scheme_names(new_eff):
            old_s, new_s = sorted(_scheme_names(old_eff)), sorted(_scheme_names(new_eff))
            yield _Note("security-changed", f"security schemes {old_s} -> {new_s}", False)

    def _parameters(self, old: _Operation, new: _Operation) -> Iterator[_Note]:
        renames = _template_renames(old.path, new.path)
        old_params = {
            (loc, renames.get(name, name) if loc == "path" else name): p
            for (loc, name), p in self.old.parameters(old).items()
        }
        new_params = self.new.parameters(new)
        moved: set[tuple[str, str]] = set()
        for key, old_param in old_params.items():
            location, name = key
            label = f"{location} parameter `{name}`"
            if key in new_params:
                yield from self._parameter(label, old_param, new_params[key])
                continue
            elsewhere = [k for k in new_params if k[1] == name and k not in old_params]
            if elsewhere:
                moved.add(elsewhere[0])
                yield _Note(
                    "parameter-moved", f"{label} location changed to {elsewhere[0][0]}", True
                )
            else:
                text = f"{label} removed (the generated function loses this argument)"
                yield _Note("parameter-removed", text, True)
        for key, param in new_params.items():
            if key in old_params or key in moved:
                continue
            if _param_required(param):
                yield _Note(
                    "new-required-parameter", f"new required {key[0]} parameter `{key[1]}`", True
                )
            else:
                yield _Note(
                    "new-optional-parameter", f"new optional {key[0]} parameter `{key[1]}`", False
                )

    def _parameter(self, label: str, old: Node, new: Node) -> Iterator[_Note]:
        was, now = _param_required(old), _param_required(new)
        if not was and now:
            yield _Note("parameter-made-required", f"{label} became required", True)
        elif was and not now:
            yield _Note("parameter-made-optional", f"{label} became optional", False)
        if not old.get("deprecated") and new.get("deprecated"):
            yield _Note("parameter-deprecated", f"{label} deprecated", False)
        differ = _SchemaDiff(self.old, self.new, "request")
        for finding in differ.compare(_param_schema(old), _param_schema(new)):
            yield _Note(f"parameter.{finding.kind}", f"{label}: {finding.text}", finding.breaking)

    def _request_body(self, old: _Operation, new: _Operation) -> Iterator[_Note]:
        has_old, has_new = "requestBody" in old.node, "requestBody" in new.node
        if not has_old and not has_new:
            return
        old_body = self.old.resolve(old.node.get("requestBody"))
        new_body = self.new.resolve(new.node.get("requestBody"))
        if not has_new:
            yield _Note("request-body-removed", "request body removed (`body` argument gone)", True)
            return
        if not has_old:
            required = bool(new_body.get("required"))
            kind = "required" if required else "optional"
            yield _Note(f"new-{kind}-request-body", f"new {kind} request body", required)
            return
        if not old_body.get("required") and new_body.get("required"):
            yield _Note("request-body-made-required", "request body became required", True)
        yield from self._content(old_body, new_body, "request body", "request")

    def _responses(self, old: _Operation, new: _Operation) -> Iterator[_Note]:
        old_r = {str(k): self.old.resolve(v) for k, v in _dict(old.node.get("responses")).items()}
        new_r = {str(k): self.new.resolve(v) for k, v in _dict(new.node.get("responses")).items()}
        old_ok = [s for s in old_r if _is_success(s)]
        new_ok = [s for s in new_r if _is_success(s)]
        removed_ok = [s for s in old_ok if s not in new_r]
        added_ok = [s for s in new_ok if s not in old_r]
        if removed_ok and added_ok:
            text = f"changed success status {', '.join(removed_ok)} -> {', '.join(added_ok)}"
            yield _Note("changed-success-status", text, True)
            if len(removed_ok) == len(added_ok) == 1:
                subject = f"response {removed_ok[0]} -> {added_ok[0]}"
                yield from self._content(old_r[removed_ok[0]], new_r[added_ok[0]], subject)
        else:
            for status in removed_ok:
                yield _Note("success-response-removed", f"success response {status} removed", True)
        for status, response in old_r.items():
            if status in new_r:
                yield from self._content(response, new_r[status], f"response {status}")
            elif not _is_success(status):
                # The status now parses to None (or raises UnexpectedStatus), not to a model.
                yield _Note("error-response-removed", f"response {status} removed", True)
        for status in new_r:
            if status not in old_r and status not in added_ok:
                yield _Note("response-added", f"new response {status}", False)
        if added_ok and not removed_ok:
            yield _Note("response-added", f"new success response {', '.join(added_ok)}", False)

    def _content(
        self, old: Node, new: Node, subject: str, direction: Direction = "response"
    ) -> Iterator[_Note]:
        old_c = {str(k).lower(): _dict(v) for k, v in _dict(old.get("content")).items()}
        new_c = {str(k).lower(): _dict(v) for k, v in _dict(new.get("content")).items()}
        removed = [m for m in old_c if m not in new_c]
        added = [m for m in new_c if m not in old_c]
        pairs = [(m, m) for m in old_c if m in new_c]
        if len(removed) == 1 and len(added) == 1:
            text = f"{subject}: changed media type `{removed[0]}` -> `{added[0]}`"
            same = _media_family(removed[0], direction) == _media_family(added[0], direction)
            if same:
                text += " (the generated SDK handles both the same way)"
            yield _Note("changed-media-type", text, not same)
            pairs.append((removed[0], added[0]))
        else:
            for media in removed:
                yield _Note("media-type-removed", f"{subject}: media type `{media}` removed", True)
            for media in added:
                yield _Note("media-type-added", f"{subject}: media type `{media}` added", False)
        differ = _SchemaDiff(self.old, self.new, direction)
        area = "request" if direction == "request" else "response"
        for old_media, new_media in pairs:
            label = f"{subject} ({new_media})"
            old_schema, new_schema = old_c[old_media].get("schema"), new_c[new_media].get("schema")
            for finding in differ.compare(old_schema, new_schema):
                yield _Note(f"{area}.{finding.kind}", f"{label}: {finding.text}", finding.breaking)


def _match_operations(
    old_ops: dict[tuple[str, str], _Operation], new_ops: dict[tuple[str, str], _Operation]
) -> tuple[list[tuple[_Operation, _Operation]], list[_Operation], list[_Operation]]:
    """Pair operations; an operation whose path or method changed is paired, not removed+added."""
    pairs = [(op, new_ops[key]) for key, op in old_ops.items() if key in new_ops]
    new_left = {key: op for key, op in new_ops.items() if key not in old_ops}
    removed: list[_Operation] = []
    for key, op in old_ops.items():
        if key in new_ops:
            continue
        candidates = [
            n
            for n in new_left.values()
            if n.method == op.method and _template(n.path) == _template(op.path)
        ] or [n for n in new_left.values() if op.operation_id and n.operation_id == op.operation_id]
        if candidates:
            pairs.append((op, candidates[0]))
            del new_left[candidates[0].key]
        else:
            removed.append(op)
    return pairs, removed, list(new_left.values())


def _path_notes(old: _Operation, new: _Operation) -> Iterator[_Note]:
    if old.method != new.method:
        text = f"changed method {old.method.upper()} -> {new.method.upper()}"
        yield _Note("changed-method", text, True)
    if old.path != new.path:
        renames = _template_renames(old.path, new.path)
        text = f"changed path `{old.path}` -> `{new.path}`"
        if renames:
            renamed = ", ".join(f"`{a}` -> `{b}`" for a, b in renames.items())
            text += f" (path parameter renamed: {renamed}, so the generated argument is too)"
        yield _Note("changed-path", text, True)


def _naming_notes(old: _Operation, new: _Operation) -> Iterator[_Note]:
    """operationId and first tag name the generated module `api/<tag>/<operation>.py`."""
    if old.operation_id != new.operation_id:
        ids = f"`{old.operation_id or '(none)'}` -> `{new.operation_id or '(none)'}`"
        if old.python_name == new.python_name:
            yield _Note("operation-id-respelled", f"operationId {ids}, same Python name", False)
        else:
            text = (
                f"renamed operationId {ids}: generated module `{old.python_name}` "
                f"becomes `{new.python_name}`"
            )
            yield _Note("renamed-operation-id", text, True)
    if old.tag_module != new.tag_module:
        text = (
            f"first tag changed: the generated module moves from `api.{old.tag_module}` "
            f"to `api.{new.tag_module}`"
        )
        yield _Note("changed-tag", text, True)


def _media_family(media: str, direction: Direction) -> str:
    """What decides the generated (de)serialisation: JSON, text (responses only) or the type."""
    base = media.partition(";")[0].strip()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if direction == "response" and base.startswith("text/"):
        return "text"
    return base


def _scheme_names(requirements: list[Any]) -> set[str]:
    return {str(name) for req in requirements for name in _dict(req)}


def _param_required(param: Node) -> bool:
    # Path parameters are always required, whatever the document says.
    return param.get("in") == "path" or param.get("required") is True


def _param_schema(param: Node) -> Any:
    if "schema" in param:
        return param["schema"]
    content = _dict(param.get("content"))
    return _dict(next(iter(content.values()), {})).get("schema")


# --------------------------------------------------------------------------- API


def diff_specs(old: Node, new: Node) -> list[Change]:
    """All changes from `old` to `new`, in document order."""
    return _SpecDiff(old, new).run()


def has_breaking(changes: Iterable[Change]) -> bool:
    return any(change.breaking for change in changes)


def summary_line(breaking: int, other: int) -> str:
    if breaking:
        return f"**{breaking} breaking**, {other} non-breaking."
    if other:
        return f"No breaking changes ({other} non-breaking)."
    return "No changes."


def _bullet(change: Change) -> str:
    label = "**breaking**" if change.breaking else "non-breaking"
    where = f"`{change.location}`"
    if change.operation_id:
        where += f" ({change.operation_id})"
    return f"- {label} {where}: {change.message}"


def render_markdown(changes: Sequence[Change], title: str, level: int = 2) -> str:
    """A Markdown report: heading, summary line, then breaking and other changes."""
    heading = "#" * level
    breaking = [c for c in changes if c.breaking]
    other = [c for c in changes if not c.breaking]
    lines = [f"{heading} {title}", "", summary_line(len(breaking), len(other))]
    for section, items in (("Breaking changes", breaking), ("Other changes", other)):
        if items:
            lines += ["", f"{heading}# {section}", "", *map(_bullet, items)]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the previous version of the document")
    parser.add_argument("new", help="the new version of the document")
    parser.add_argument("--title", help="report heading (default: the two file names)")
    args = parser.parse_args(argv)
    try:
        old, new = load_spec(args.old), load_spec(args.new)
    except SpecError as exc:
        print(f"spec_diff: error: {exc}", file=sys.stderr)
        return 2
    changes = diff_specs(old, new)
    title = args.title or f"Spec changes: `{args.old}` -> `{args.new}`"
    print(render_markdown(changes, title), end="")
    return 1 if has_breaking(changes) else 0


if __name__ == "__main__":
    sys.exit(main())
