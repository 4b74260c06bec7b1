"""Compare two schemas from one side of a call and name each kind of change found.

Findings carry only a kind (a key of `rules.RULES`) and a description; the verdict comes from
the rules table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .document import (
    MAX_DEPTH,
    SCHEMA_REF_PREFIX,
    Document,
    Node,
    SpecError,
    as_dict,
    as_list,
    at,
    fmt,
    fmt_types,
    is_number,
    join,
    name_set,
    pascal_case,
)
from .rules import RULES, Side

RefPair = tuple[str | None, str | None]
# The only formats the generator maps to their own Python type (date, datetime, UUID, File).
TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary"})
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


@dataclass(frozen=True)
class Finding:
    """A change inside a schema: `kind` names its rule; `text` says where and what."""

    kind: str
    text: str


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


def class_name(schema: Node, ref: str | None) -> str | None:
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
    subs = [
        *as_list(schema.get("allOf")),
        *as_list(schema.get("anyOf")),
        *as_list(schema.get("oneOf")),
    ]
    if len(subs) != 1 or any(k in schema for k in ("type", "properties")):
        return None
    if isinstance(subs[0], dict) and "$ref" in subs[0]:
        return subs[0]
    return None if "allOf" in schema else subs[0]


def _has_default(doc: Document, node: Any) -> bool:
    # The generator gives a property its spec default as the constructor default.
    return "default" in doc.resolve(node)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


class SchemaDiff:
    """Compares two schemas as seen from one side of the API.

    `input`: values the SDK user sends; narrowing what is accepted breaks calls.
    `output`: values the SDK parses and hands back; widening them breaks user code.
    """

    def __init__(self, old: Document, new: Document, side: Side) -> None:
        self.old = old
        self.new = new
        self.side = side
        self.request = side == "input"

    def compare(
        self, old: Any, new: Any, where: str = "", seen: frozenset[RefPair] = frozenset()
    ) -> Iterator[Finding]:
        if len(seen) > MAX_DEPTH or where.count(".") + where.count("[") > MAX_DEPTH:
            return
        o, n = self._unwrap(self.old, old), self._unwrap(self.new, new)
        for side, unwrapped in (("old", o), ("new", n)):
            if "$ref" in unwrapped.schema:
                # External or dangling: no verdict can be right about a schema we cannot see.
                problem = f"{at(where)}cannot resolve `$ref` {unwrapped.ref}; compare by hand"
                raise SpecError(f"{side} document", problem)
        if o.ref or n.ref:
            # Recursive schemas: a pair of refs already being compared on this path is done.
            if (o.ref, n.ref) in seen:
                return
            seen = seen | {(o.ref, n.ref)}
        yield from self._class_rename(o, n, where)
        yield from self._nullability(o.nullable, n.nullable, where)
        if self._variants(o.schema) or self._variants(n.schema):
            if o.schema.get("discriminator") != n.schema.get("discriminator"):
                text = f"{at(where)}discriminator {fmt(o.schema.get('discriminator'))} -> "
                yield Finding("discriminator-changed", text + fmt(n.schema.get("discriminator")))
            yield from self._union(o, n, where, seen)
            return
        type_findings = list(self._types(o.schema, n.schema, where))
        yield from type_findings
        if any(RULES[f.kind].breaks(self.side) for f in type_findings):
            return  # Field-level details of a retyped value would only repeat the type change.
        yield from self._enum(o.schema, n.schema, where)
        yield from self._format(o.schema, n.schema, where)
        yield from self._bounds(o.schema, n.schema, where)
        yield from self._default(o.schema, n.schema, where)
        yield from self._annotations(o.schema, n.schema, where)
        yield from self._properties(o.schema, n.schema, where, seen)
        if "items" in o.schema or "items" in n.schema:
            items_where = f"{where}[]"
            yield from self.compare(o.schema.get("items"), n.schema.get("items"), items_where, seen)
        yield from self._additional(o.schema, n.schema, where, seen)

    # -- normalisation

    def _unwrap(self, doc: Document, node: Any) -> _Unwrapped:
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

    def _split_null(self, doc: Document, schema: Node) -> tuple[Node, bool, Any]:
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
            variants = as_list(out.get(key))
            kept = [v for v in variants if not _null_schema(doc.resolve(v))]
            if len(kept) < len(variants):
                nullable = True
                out[key] = kept
        return out, nullable, _single(out)

    def _flatten(self, doc: Document, schema: Node, guard: frozenset[str]) -> Node:
        parts = as_list(schema.get("allOf"))
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
            properties.update(as_dict(sub.get("properties")))
            required.extend(name_set(sub.get("required")))
            # A part's title names the part's class, not this one.
            merged.update(
                {k: v for k, v in sub.items() if k not in {"properties", "required", "title"}}
            )
        merged.update({k: v for k, v in schema.items() if k != "allOf"})
        properties.update(as_dict(schema.get("properties")))
        required.extend(name_set(schema.get("required")))
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = list(dict.fromkeys(required))
        return merged

    def _variants(self, schema: Node) -> list[Any]:
        # The generator turns oneOf and anyOf into the same Python union.
        return [*as_list(schema.get("oneOf")), *as_list(schema.get("anyOf"))]

    def _type_set(self, doc: Document, schema: Node, depth: int = 0) -> frozenset[str] | None:
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

    def _class_rename(self, o: _Unwrapped, n: _Unwrapped, where: str) -> Iterator[Finding]:
        old_name, new_name = class_name(o.schema, o.ref), class_name(n.schema, n.ref)
        if old_name == "" and new_name is None:
            # An inline (auto-named) class exists only for this value: it is no longer generated.
            text = f"{at(where)}its inline (auto-named) class is no longer generated"
            yield Finding("model-renamed", text)
            return
        if old_name is None or new_name is None or old_name == new_name:
            return
        old_label = f"`{old_name}`" if old_name else "an inline (auto-named) class"
        new_label = f"`{new_name}`" if new_name else "an inline (auto-named) class"
        text = f"{at(where)}generated model class renamed from {old_label} to {new_label}"
        yield Finding("model-renamed", text)

    def _nullability(self, old: bool, new: bool, where: str) -> Iterator[Finding]:
        if old == new:
            return
        if new:
            text = f"{at(where)}became nullable"
            yield Finding("became-nullable", text)
        else:
            text = f"{at(where)}no longer nullable"
            yield Finding("no-longer-nullable", text)

    def _types(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        old_t, new_t = self._type_set(self.old, old), self._type_set(self.new, new)
        if old_t == new_t:
            return
        widened, narrowed = _covers(new_t, old_t), _covers(old_t, new_t)
        kind = "type-widened" if widened else "type-narrowed" if narrowed else "type-changed"
        yield Finding(kind, f"{at(where)}type changed {fmt_types(old_t)} -> {fmt_types(new_t)}")

    def _enum(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        old_e, new_e = _enum_values(old), _enum_values(new)
        if old_e is None and new_e is None:
            return
        if old_e is None:
            # Requests: a free value became a closed set. Responses: str becomes a StrEnum (a str).
            text = f"{at(where)}enum constraint added ({', '.join(map(fmt, new_e or []))})"
            yield Finding("enum-constraint-added", text)
            return
        if new_e is None:
            # Responses: user code using the Enum class/members gets a plain value instead.
            text = f"{at(where)}enum constraint removed"
            yield Finding("enum-constraint-removed", text)
            return
        new_keys = {fmt(v) for v in new_e}
        old_keys = {fmt(v) for v in old_e}
        removed = [fmt(v) for v in old_e if fmt(v) not in new_keys]
        added = [fmt(v) for v in new_e if fmt(v) not in old_keys]
        if removed:
            # Breaking both ways: requests reject the value, and the Enum member disappears.
            text = f"{at(where)}enum values removed: {', '.join(removed)}"
            yield Finding("enum-values-removed", text)
        if added:
            yield Finding("enum-values-added", f"{at(where)}enum values added: {', '.join(added)}")

    def _format(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        old_f, new_f = old.get("format"), new.get("format")
        if old_f == new_f:
            return
        if old_f is None:
            kind, text = "format-added", f"{at(where)}format added `{new_f}`"
        elif new_f is None:
            kind, text = "format-removed", f"{at(where)}format removed (was `{old_f}`)"
        else:
            kind, text = "format-changed", f"{at(where)}format changed `{old_f}` -> `{new_f}`"
        if any(f in TYPED_FORMATS for f in (old_f, new_f) if isinstance(f, str)):
            kind = "format-retyped"
        yield Finding(kind, text)

    def _bounds(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            old_v, new_v = old.get(key), new.get(key)
            if old_v == new_v or not all(v is None or is_number(v) for v in (old_v, new_v)):
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
                text = f"{key} added {fmt(new_v)}"
            elif new_v is None:
                text = f"{key} removed (was {fmt(old_v)})"
            else:
                text = f"{key} changed {fmt(old_v)} -> {fmt(new_v)}"
            yield self._constraint(where, text, new_v is not None)
        if bool(new.get("uniqueItems")) != bool(old.get("uniqueItems")):
            narrowed = bool(new.get("uniqueItems"))
            yield self._constraint(where, f"uniqueItems set to {fmt(narrowed)}", narrowed)

    def _constraint(self, where: str, text: str, narrowed: bool) -> Finding:
        label = "narrowed" if narrowed else "widened"
        return Finding(f"constraint-{label}", f"{at(where)}{text} ({label})")

    def _default(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        if old.get("default") != new.get("default"):
            text = f"default changed {fmt(old.get('default'))} -> {fmt(new.get('default'))}"
            yield Finding("default-changed", f"{at(where)}{text}")

    def _annotations(self, old: Node, new: Node, where: str) -> Iterator[Finding]:
        for key, kind in (("readOnly", "read-only-changed"), ("writeOnly", "write-only-changed")):
            if bool(old.get(key)) != bool(new.get(key)):
                yield Finding(kind, f"{at(where)}`{key}` set to {fmt(bool(new.get(key)))}")

    def _properties(
        self, old: Node, new: Node, where: str, seen: frozenset[RefPair]
    ) -> Iterator[Finding]:
        old_p, new_p = as_dict(old.get("properties")), as_dict(new.get("properties"))
        old_req, new_req = name_set(old.get("required")), name_set(new.get("required"))
        for name, old_schema in old_p.items():
            field = join(where, str(name))
            if name not in new_p:
                # Both directions: the attribute (or constructor argument) disappears.
                yield Finding("field-removed", f"field `{field}` removed")
                continue
            old_default = _has_default(self.old, old_schema)
            new_default = _has_default(self.new, new_p[name])
            yield from self._required(
                (name in old_req, old_default), (name in new_req, new_default), field
            )
            yield from self.compare(old_schema, new_p[name], field, seen)
        for name, new_schema in new_p.items():
            if name in old_p:
                continue
            field = join(where, str(name))
            if name not in new_req:
                yield Finding("field-added-optional", f"new optional field `{field}`")
            elif _has_default(self.new, new_schema):
                text = f"new required field `{field}`, with a default"
                yield Finding("field-added-required-with-default", text)
            else:
                yield Finding("field-added-required", f"new required field `{field}`")

    def _required(
        self, old: tuple[bool, bool], new: tuple[bool, bool], field: str
    ) -> Iterator[Finding]:
        """`old` and `new` are (required, has a default) of the field."""
        (was, old_default), (now, new_default) = old, new
        if was and now and old_default and not new_default:
            # The generated constructor argument had the default; now it has none.
            yield Finding("field-made-required", f"required field `{field}` lost its default")
        if was == now:
            return
        if now:
            kind = "field-made-required-with-default" if new_default else "field-made-required"
            yield Finding(kind, f"field `{field}` became required")
        else:
            text = f"field `{field}` became optional"
            if not self.request:
                text += " (the generated attribute may now be `Unset`)"
            yield Finding("field-made-optional", text)

    def _additional(
        self, old: Node, new: Node, where: str, seen: frozenset[RefPair]
    ) -> Iterator[Finding]:
        if not (_is_class_schema(old) or _is_class_schema(new)):
            return
        old_a, new_a = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if old_a is False and new_a is False:
            return
        if new_a is False:
            text = f"{at(where)}additional properties no longer allowed"
            yield Finding("additional-properties-closed", text)
        elif old_a is False:
            text = f"{at(where)}additional properties now allowed"
            yield Finding("additional-properties-opened", text)
        else:
            yield from self.compare(as_dict(old_a), as_dict(new_a), f"{where}.*", seen)

    def _union(
        self, o: _Unwrapped, n: _Unwrapped, where: str, seen: frozenset[RefPair]
    ) -> Iterator[Finding]:
        # A plain schema on one side is a one-variant union, so `X` -> `X | str` is one change.
        old_v = self._variants(o.schema) or [{"$ref": o.ref} if o.ref else o.schema]
        new_v = self._variants(n.schema) or [{"$ref": n.ref} if n.ref else n.schema]
        pairs, removed, added = self._match_variants(old_v, new_v)
        for old_variant, new_variant in pairs:
            yield from self.compare(old_variant, new_variant, where, seen)
        for variant in removed:
            text = f"{at(where)}union variant `{self._variant_key(self.old, variant)}` removed"
            yield Finding("union-variant-removed", text)
        for variant in added:
            text = f"{at(where)}union variant `{self._variant_key(self.new, variant)}` added"
            yield Finding("union-variant-added", text)

    def _variant_key(self, doc: Document, variant: Any) -> str:
        unwrapped = self._unwrap(doc, variant)
        name = class_name(unwrapped.schema, unwrapped.ref)
        if name:
            return name
        return fmt_types(self._type_set(doc, unwrapped.schema))

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
