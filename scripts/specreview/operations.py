"""Compare two versions of one OpenAPI document, operation by operation, into `Change`s."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .document import (
    SCHEMA_REF_PREFIX,
    Document,
    Node,
    Operation,
    as_dict,
    as_list,
    fmt,
    is_success,
    template,
    template_renames,
)
from .report import Change
from .rules import SIDES, Side
from .schemas import SchemaDiff, class_name

INPUT: tuple[Side, ...] = ("input",)
OUTPUT: tuple[Side, ...] = ("output",)
# What openapi-python-client sends for an array or object query parameter, whatever the spec
# says: repeated keys (`a=1&a=2`) and flattened properties, i.e. `form` exploded.
GENERATED_QUERY_STYLE = ("form", True)
# Credentials an AuthenticatedClient can be set up to send, by scheme type.
BEARER_SCHEMES = frozenset({"oauth2", "openIdConnect"})


@dataclass(frozen=True)
class _Note:
    kind: str
    message: str
    sides: tuple[Side, ...] = INPUT


def diff_specs(old: Node, new: Node) -> list[Change]:
    """All changes from `old` to `new`, in document order."""
    return _SpecDiff(old, new).run()


class _SpecDiff:
    def __init__(self, old: Node, new: Node) -> None:
        self.old = Document(old)
        self.new = Document(new)
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        self._document()
        self._operations()
        self._models()
        return self.changes

    def _add(self, location: str, notes: Iterable[_Note], operation_id: str = "") -> None:
        for note in notes:
            self.changes.append(Change(note.kind, note.sides, location, note.message, operation_id))

    # -- document level

    def _document(self) -> None:
        old, new = self.old.spec, self.new.spec
        old_urls = [as_dict(s).get("url") for s in as_list(old.get("servers"))]
        new_urls = [as_dict(s).get("url") for s in as_list(new.get("servers"))]
        for url in old_urls:
            if url not in new_urls:
                self._add("servers", [_Note("servers-changed", f"server `{url}` removed")])
        for url in new_urls:
            if url not in old_urls:
                self._add("servers", [_Note("servers-changed", f"server `{url}` added")])
        old_schemes = _schemes(self.old)
        new_schemes = _schemes(self.new)
        for name in dict.fromkeys([*old_schemes, *new_schemes]):
            old_scheme, new_scheme = old_schemes.get(name), new_schemes.get(name)
            if old_scheme == new_scheme:
                continue
            verb = "added" if not old_scheme else "removed" if not new_scheme else "changed"
            text = f"security scheme `{name}` {verb}: check how AuthenticatedClient is set up"
            self._add("components.securitySchemes", [_Note("security-scheme-changed", text)])

    def _models(self) -> None:
        """Every components schema becomes a model class, used by an operation or not."""
        old_classes = _component_classes(self.old)
        new_classes = _component_classes(self.new)
        for name, component in old_classes.items():
            if name not in new_classes:
                text = f"model class `{name}` removed (it can no longer be imported)"
                note = _Note("model-removed", text, SIDES)
                self._add(f"components.schemas.{component}", [note])
        for name, component in new_classes.items():
            if name not in old_classes:
                note = _Note("model-added", f"new model class `{name}`", SIDES)
                self._add(f"components.schemas.{component}", [note])

    # -- operations

    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations(), self.new.operations()
        pairs, removed, added = _match_operations(old_ops, new_ops)
        for old_op, new_op in pairs:
            operation_id = new_op.operation_id or old_op.operation_id
            self._add(new_op.label, self._operation(old_op, new_op), operation_id)
        self._removed(removed, {op.path for op in new_ops.values()})
        for op in added:
            self._add(op.label, [_Note("operation-added", "new operation")], op.operation_id)

    def _removed(self, removed: list[Operation], new_paths: set[str]) -> None:
        gone_paths: dict[str, list[Operation]] = {}
        for op in removed:
            if op.path in new_paths:
                self._add(
                    op.label, [_Note("operation-removed", "removed operation")], op.operation_id
                )
            else:
                gone_paths.setdefault(op.path, []).append(op)
        for path, ops in gone_paths.items():
            listed = ", ".join(f"{op.method.upper()} {op.operation_id}".strip() for op in ops)
            self._add(path, [_Note("path-removed", f"removed path (operations: {listed})")])

    def _operation(self, old: Operation, new: Operation) -> Iterator[_Note]:
        old_imports, new_imports = self._imports(self.old, old), self._imports(self.new, new)
        if not old_imports:
            # Nothing written against the old SDK can call this operation: no change can break it.
            if new_imports:
                text = "the operation's module imports again (its request body has one media type)"
                yield _Note("request-body-importable-again", text)
            return
        if not new_imports:
            text = (
                "request body with several media types and no optional argument: the generated "
                "module annotates `body` with `Unset` without importing it (NameError on import)"
            )
            yield _Note("request-body-unimportable", text)
        yield from _path_notes(old, new)
        yield from _naming_notes(old, new)
        yield from self._security(old, new)
        if not old.node.get("deprecated") and new.node.get("deprecated"):
            yield _Note("operation-deprecated", "operation deprecated")
        yield from self._parameters(old, new)
        yield from self._request_body(old, new)
        yield from self._responses(old, new)
        yield from self._typed_responses(old, new)

    def _security(self, old: Operation, new: Operation) -> Iterator[_Note]:
        old_alts = _alternatives(self.old, self.old.effective_security(old))
        new_alts = _alternatives(self.new, self.new.effective_security(new))
        old_open, new_open = frozenset() in old_alts, frozenset() in new_alts
        if old_open and not new_open:
            text = "security added: calls without credentials (plain `Client`) now get 401"
            yield _Note("security-required-now", text)
        elif not new_open and old_alts - new_alts:
            gone = "; ".join(_describe_alternative(a) for a in sorted(old_alts - new_alts, key=str))
            yield _Note("security-alternative-removed", f"security alternative removed: {gone}")
        if new_open and not old_open:
            text = "security removed or made optional: calls without credentials are accepted"
            yield _Note("security-relaxed", text)
        elif new_alts - old_alts and not old_open:
            more = sorted(new_alts - old_alts, key=str)
            added = "; ".join(_describe_alternative(a) for a in more)
            yield _Note("security-relaxed", f"security alternative added: {added}")
        if not _own_security(old) and _own_security(new):
            text = (
                "`security` now declared on the operation: the generated functions take "
                "`client: AuthenticatedClient` only"
            )
            yield _Note("security-declared-on-operation", text)
        elif _own_security(old) and not _own_security(new):
            text = (
                "`security` no longer declared on the operation: the generated functions take "
                "`client: AuthenticatedClient | Client`"
            )
            yield _Note("security-undeclared-on-operation", text)

    def _parameters(self, old: Operation, new: Operation) -> Iterator[_Note]:
        renames = template_renames(old.path, new.path)
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
                text = f"{label} location changed to {elsewhere[0][0]}"
                positional = "path" in {location, elsewhere[0][0]}
                kind = "parameter-location-changed" if positional else "parameter-relocated"
                yield _Note(kind, text)
            else:
                text = f"{label} removed (the generated function loses this argument)"
                yield _Note("parameter-removed", text)
        for key, param in new_params.items():
            if key in old_params or key in moved:
                continue
            kind = "required" if _param_required(param) else "optional"
            yield _Note(f"parameter-added-{kind}", f"new {kind} {key[0]} parameter `{key[1]}`")

    def _parameter(self, label: str, old: Node, new: Node) -> Iterator[_Note]:
        was, now = _param_required(old), _param_required(new)
        # The generator keeps a spec default as the argument's default, even when required.
        old_default = "default" in self.old.resolve(_param_schema(old))
        new_default = "default" in self.new.resolve(_param_schema(new))
        if not was and now:
            kind = "parameter-made-required-with-default" if new_default else None
            yield _Note(kind or "parameter-made-required", f"{label} became required")
        elif was and not now:
            yield _Note("parameter-made-optional", f"{label} became optional")
        elif was and now and old_default and not new_default:
            text = f"required {label} lost its default (the argument loses its default)"
            yield _Note("parameter-made-required", text)
        if not old.get("deprecated") and new.get("deprecated"):
            yield _Note("parameter-deprecated", f"{label} deprecated")
        yield from self._serialisation(label, old, new)
        differ = SchemaDiff(self.old, self.new, "input")
        for finding in differ.compare(_param_schema(old), _param_schema(new)):
            yield _Note(finding.kind, f"{label}: {finding.text}")

    def _serialisation(self, label: str, old: Node, new: Node) -> Iterator[_Note]:
        old_style, new_style = _style(old), _style(new)
        if old_style != new_style:
            text = f"{label}: style/explode {_fmt_style(old_style)} -> {_fmt_style(new_style)}"
            structured = self._structured(new) and new.get("in") == "query"
            diverges = old_style == GENERATED_QUERY_STYLE != new_style
            kind = "parameter-style-unsupported" if structured and diverges else None
            yield _Note(kind or "parameter-style-changed", text)
        if bool(old.get("allowReserved")) != bool(new.get("allowReserved")):
            text = f"{label}: allowReserved set to {fmt(bool(new.get('allowReserved')))}"
            yield _Note("parameter-allow-reserved-changed", text)

    def _structured(self, param: Node) -> bool:
        schema = self.new.resolve(_param_schema(param))
        types = schema.get("type")
        names = {types} if isinstance(types, str) else set(as_list(types))
        return bool(names & {"array", "object"}) or "properties" in schema or "items" in schema

    def _imports(self, doc: Document, op: Operation) -> bool:
        """Whether openapi-python-client 0.29.1's module for `op` imports. With several request
        media types it annotates `body` with `Unset`, which it imports only for an optional
        argument (an optional body or parameter)."""
        if "requestBody" not in op.node:
            return True
        body = doc.resolve(op.node["requestBody"])
        if len(as_dict(body.get("content"))) <= 1 or not body.get("required"):
            return True
        return any(not _param_required(p) for p in doc.parameters(op).values())

    def _request_body(self, old: Operation, new: Operation) -> Iterator[_Note]:
        has_old, has_new = "requestBody" in old.node, "requestBody" in new.node
        if not has_old and not has_new:
            return
        old_body = self.old.resolve(old.node.get("requestBody"))
        new_body = self.new.resolve(new.node.get("requestBody"))
        if not has_new:
            yield _Note("request-body-removed", "request body removed (`body` argument gone)")
            return
        if not has_old:
            kind = "required" if new_body.get("required") else "optional"
            yield _Note(f"request-body-added-{kind}", f"new {kind} request body")
            return
        # With several media types the generated `body` is always optional (`= UNSET`).
        old_optional = not old_body.get("required") or len(as_dict(old_body.get("content"))) > 1
        new_optional = not new_body.get("required") or len(as_dict(new_body.get("content"))) > 1
        if old_optional and not new_optional:
            yield _Note("request-body-made-required", "request body became required")
        elif new_optional and not old_optional:
            yield _Note("request-body-made-optional", "request body became optional")
        yield from self._content(old_body, new_body, "request body", "input")

    def _responses(self, old: Operation, new: Operation) -> Iterator[_Note]:
        old_r = {str(k): self.old.resolve(v) for k, v in as_dict(old.node.get("responses")).items()}
        new_r = {str(k): self.new.resolve(v) for k, v in as_dict(new.node.get("responses")).items()}
        old_ok = [s for s in old_r if is_success(s)]
        new_ok = [s for s in new_r if is_success(s)]
        removed_ok = [s for s in old_ok if s not in new_r]
        added_ok = [s for s in new_ok if s not in old_r]
        if removed_ok and added_ok:
            text = f"changed success status {', '.join(removed_ok)} -> {', '.join(added_ok)}"
            yield _Note("success-status-changed", text, OUTPUT)
            if len(removed_ok) == len(added_ok) == 1:
                old_resp, new_resp = old_r[removed_ok[0]], new_r[added_ok[0]]
                subject = f"response {removed_ok[0]} -> {added_ok[0]}"
                yield from self._content(old_resp, new_resp, subject, "output")
                yield from self._headers(old_resp, new_resp, subject)
        else:
            for status in removed_ok:
                text = f"success response {status} removed"
                yield _Note("success-response-removed", text, OUTPUT)
        for status, response in old_r.items():
            if status in new_r:
                yield from self._content(response, new_r[status], f"response {status}", "output")
                yield from self._headers(response, new_r[status], f"response {status}")
            elif not is_success(status):
                text = f"response {status} removed"
                yield _Note("error-response-removed", text, OUTPUT)
        added = [s for s in new_r if s not in old_r and (s not in added_ok or not removed_ok)]
        old_types = {_body_type(self.old, r) for r in old_r.values()}
        for status in added:
            body_type = _body_type(self.new, new_r[status])
            if body_type in old_types or _UNTYPED in old_types:
                yield _Note("response-added", f"new response {status}", OUTPUT)
            else:
                text = f"new response {status}, with a body of a type the operation did not return"
                yield _Note("response-added-new-type", text, OUTPUT)

    def _typed_responses(self, old: Operation, new: Operation) -> Iterator[_Note]:
        had, has = _has_typed_response(self.old, old), _has_typed_response(self.new, new)
        if had and not has:
            text = "no response has a body any more: `sync()` and `asyncio()` are not generated"
            yield _Note("typed-responses-removed", text, OUTPUT)
        elif has and not had:
            text = "a response now has a body: `sync()` and `asyncio()` are generated"
            yield _Note("typed-responses-added", text, OUTPUT)

    def _headers(self, old: Node, new: Node, subject: str) -> Iterator[_Note]:
        old_h = _response_headers(self.old, old)
        new_h = _response_headers(self.new, new)
        for name, header in old_h.items():
            label = f"{subject} header `{name}`"
            now = new_h.get(name)
            if header.get("required") is True and (now is None or now.get("required") is not True):
                verb = "removed" if now is None else "made optional"
                yield _Note("response-header-dropped", f"required {label} {verb}", OUTPUT)
            elif now is None:
                yield _Note("response-header-optional-removed", f"optional {label} removed", OUTPUT)
            if now is None:
                continue
            if header.get("required") is not True and now.get("required") is True:
                yield _Note("response-header-added", f"{label} made required", OUTPUT)
            differ = SchemaDiff(self.old, self.new, "output")
            for finding in differ.compare(header.get("schema"), now.get("schema")):
                yield _Note(finding.kind, f"{label}: {finding.text}", OUTPUT)
        for name in new_h:
            if name not in old_h:
                yield _Note("response-header-added", f"{subject}: new header `{name}`", OUTPUT)

    def _content(self, old: Node, new: Node, subject: str, side: Side) -> Iterator[_Note]:
        sides = (side,)
        old_c = {str(k).lower(): as_dict(v) for k, v in as_dict(old.get("content")).items()}
        new_c = {str(k).lower(): as_dict(v) for k, v in as_dict(new.get("content")).items()}
        removed = [m for m in old_c if m not in new_c]
        added = [m for m in new_c if m not in old_c]
        pairs = [(m, m) for m in old_c if m in new_c]
        if len(removed) == 1 and len(added) == 1:
            text = f"{subject}: changed media type `{removed[0]}` -> `{added[0]}`"
            same = _media_family(removed[0], side) == _media_family(added[0], side)
            if not same:
                kind = "media-type-changed"
            else:
                # A request sends the new Content-Type (other code); a response parses the same.
                kind = "request-media-type-respelled" if side == "input" else "media-type-respelled"
            yield _Note(kind, text, sides)
            pairs.append((removed[0], added[0]))
        else:
            first_old, first_new = _used_media(old_c, side), _used_media(new_c, side)
            for media in removed:
                text = f"{subject}: media type `{media}` removed"
                if first_new is None:
                    text += "; no media type is left, so there is no body"
                    yield _Note("media-type-changed", text, sides)
                    continue
                schema = old_c[media].get("schema")
                if side == "input" and all(v.get("schema") != schema for v in new_c.values()):
                    # `body` is the union of every media type's type: this one is gone.
                    text += "; `body` no longer takes its type"
                    yield _Note("request-media-type-removed", text, sides)
                    continue
                # Responses are parsed as their first supported media type; request values are
                # sent as the first media type that takes their type.
                if media == first_old:
                    same = _media_family(media, side) == _media_family(first_new, side)
                    if not same:
                        text += f"; `{first_new}` is now the one the SDK uses"
                        yield _Note("media-type-changed", text, sides)
                        continue
                if side == "input":
                    text += "; another media type takes the same schema"
                    yield _Note("request-media-type-removed-type-kept", text, sides)
                else:
                    yield _Note("media-type-removed", text, sides)
            for media in added:
                yield self._added_media(
                    media, old_c=old_c, new_c=new_c, first_old=first_old, subject=subject, side=side
                )
        differ = SchemaDiff(self.old, self.new, side)
        for old_media, new_media in pairs:
            label = f"{subject} ({new_media})"
            old_schema, new_schema = old_c[old_media].get("schema"), new_c[new_media].get("schema")
            for finding in differ.compare(old_schema, new_schema):
                yield _Note(finding.kind, f"{label}: {finding.text}", sides)

    def _added_media(
        self,
        media: str,
        *,
        old_c: dict[str, Node],
        new_c: dict[str, Node],
        first_old: str | None,
        subject: str,
        side: Side,
    ) -> _Note:
        text = f"{subject}: media type `{media}` added"
        if first_old is None:
            return _Note("response-body-added", f"{subject}: body added (`{media}`)", (side,))
        used = _used_media(new_c, side)
        family = _media_family(media, side)
        if media == used and family != _media_family(first_old, side):
            same_type = new_c[media].get("schema") == old_c[first_old].get("schema")
            if side == "output" or same_type:
                text += f"; the SDK now uses it instead of `{first_old}`"
                return _Note("media-type-changed", text, (side,))
        if side == "input":
            return _Note("request-media-type-added", text, (side,))
        if used is not None and family == _media_family(used, side):
            return _Note("media-type-added-same-family", text, (side,))
        text += f"; the SDK still parses every body as `{used}`"
        return _Note("media-type-added", text, (side,))


# A response the generator parses to `Any` (no body, no schema, or an empty schema): the return
# type then admits everything, so no new type can widen it.
_UNTYPED = "any"


def _body_type(doc: Document, response: Node) -> str:
    """What the generated parser returns for a response: its first media type's schema, a class
    by its `$ref`; an inline object schema is a class of its own (named after the status)."""
    content = as_dict(response.get("content"))
    raw = as_dict(next(iter(content.values()), {})).get("schema") if content else None
    schema, ref = doc.deref(raw)
    if not schema or "$ref" in schema:
        return _UNTYPED
    if ref is not None:
        return f"ref {ref}"
    if class_name(schema, None) is not None:
        return f"inline class {id(raw)}"  # never equal to another response's: a class of its own
    return f"inline {fmt(schema.get('type'))} {fmt(schema.get('format'))}"


def _has_typed_response(doc: Document, op: Operation) -> bool:
    """Whether openapi-python-client generates `sync()`/`asyncio()`: some response's first media
    type has a schema (an empty schema is `Any`, which does not count)."""
    for raw in as_dict(op.node.get("responses")).values():
        content = as_dict(doc.resolve(raw).get("content"))
        if content and doc.resolve(as_dict(next(iter(content.values()))).get("schema")):
            return True
    return False


def _component_classes(doc: Document) -> dict[str, str]:
    schemas = as_dict(as_dict(doc.spec.get("components")).get("schemas"))
    classes: dict[str, str] = {}
    for component, raw in schemas.items():
        name = class_name(doc.resolve(raw), SCHEMA_REF_PREFIX + str(component))
        if name:
            classes[name] = str(component)
    return classes


def _match_operations(
    old_ops: dict[tuple[str, str], Operation], new_ops: dict[tuple[str, str], Operation]
) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """Pair operations; an operation whose path or method changed is paired, not removed+added."""
    pairs = [(op, new_ops[key]) for key, op in old_ops.items() if key in new_ops]
    new_left = {key: op for key, op in new_ops.items() if key not in old_ops}
    removed: list[Operation] = []
    for key, op in old_ops.items():
        if key in new_ops:
            continue
        candidates = [
            n
            for n in new_left.values()
            if n.method == op.method and template(n.path) == template(op.path)
        ] or [n for n in new_left.values() if op.operation_id and n.operation_id == op.operation_id]
        if candidates:
            pairs.append((op, candidates[0]))
            del new_left[candidates[0].key]
        else:
            removed.append(op)
    return pairs, removed, list(new_left.values())


def _path_notes(old: Operation, new: Operation) -> Iterator[_Note]:
    if old.method != new.method:
        yield _Note(
            "method-changed", f"changed method {old.method.upper()} -> {new.method.upper()}"
        )
    if old.path != new.path:
        renames = template_renames(old.path, new.path)
        text = f"changed path `{old.path}` -> `{new.path}`"
        if renames:
            renamed = ", ".join(f"`{a}` -> `{b}`" for a, b in renames.items())
            text += f" (path parameter renamed: {renamed}, so the generated argument is too)"
        yield _Note("path-changed" if renames else "path-moved", text)


def _naming_notes(old: Operation, new: Operation) -> Iterator[_Note]:
    """operationId and first tag name the generated module `api/<tag>/<operation>.py`."""
    if old.operation_id != new.operation_id:
        ids = f"`{old.operation_id or '(none)'}` -> `{new.operation_id or '(none)'}`"
        if old.python_name == new.python_name:
            yield _Note("operation-id-respelled", f"operationId {ids}, same Python name")
        else:
            text = (
                f"renamed operationId {ids}: generated module `{old.python_name}` "
                f"becomes `{new.python_name}`"
            )
            yield _Note("operation-id-renamed", text)
    if old.tag_module != new.tag_module:
        text = (
            f"first tag changed: the generated module moves from `api.{old.tag_module}` "
            f"to `api.{new.tag_module}`"
        )
        yield _Note("tag-changed", text)


def _used_media(content: dict[str, Node], side: Side) -> str | None:
    """The media type the generated code uses first: for a response the first one the generator
    can parse (JSON, text, octet-stream; it skips others), for a request body the first one."""
    if side == "output":
        for media in content:
            if _media_family(media, side) in {"json", "text", "application/octet-stream"}:
                return media
    return next(iter(content), None)


def _media_family(media: str, side: Side) -> str:
    """What decides the generated (de)serialisation: JSON, text (responses only) or the type."""
    base = media.partition(";")[0].strip()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if side == "output" and base.startswith("text/"):
        return "text"
    return base


def _schemes(doc: Document) -> dict[str, Node]:
    schemes = as_dict(as_dict(doc.spec.get("components")).get("securitySchemes"))
    return {str(name): doc.resolve(raw) for name, raw in schemes.items()}


def _wire_credential(scheme: Node | None, name: str) -> tuple[str, ...]:
    """How a credential of this scheme travels: what an AuthenticatedClient must be set up for."""
    if scheme is None:
        return ("unknown", name)
    kind = scheme.get("type")
    if kind == "http":
        return ("header", "authorization", str(scheme.get("scheme", "")).lower())
    if kind == "apiKey":
        location = str(scheme.get("in", ""))
        key = str(scheme.get("name", ""))
        return (location, key.lower() if location == "header" else key)
    if kind in BEARER_SCHEMES:
        return ("header", "authorization", "bearer")
    return (str(kind), name)


def _alternatives(doc: Document, requirements: list[Any]) -> frozenset[frozenset[tuple[str, ...]]]:
    """Each alternative as the set of credentials it needs; the empty set is anonymous access."""
    if not requirements:
        return frozenset({frozenset()})
    schemes = _schemes(doc)
    return frozenset(
        frozenset(_wire_credential(schemes.get(str(name)), str(name)) for name in as_dict(req))
        for req in requirements
    )


def _describe_alternative(alternative: frozenset[tuple[str, ...]]) -> str:
    return " + ".join(sorted(" ".join(part) for part in alternative)) or "anonymous"


def _own_security(op: Operation) -> bool:
    return bool(as_list(op.node.get("security")))


def _style(param: Node) -> tuple[str, bool]:
    default = "form" if param.get("in") in {"query", "cookie"} else "simple"
    style = str(param.get("style", default))
    explode = param.get("explode", style == "form")
    return (style, bool(explode))


def _fmt_style(style: tuple[str, bool]) -> str:
    return f"{style[0]}{' exploded' if style[1] else ''}"


def _response_headers(doc: Document, response: Node) -> dict[str, Node]:
    headers = as_dict(response.get("headers"))
    return {str(name).lower(): doc.resolve(raw) for name, raw in headers.items()}


def _param_required(param: Node) -> bool:
    # Path parameters are always required, whatever the document says.
    return param.get("in") == "path" or param.get("required") is True


def _param_schema(param: Node) -> Any:
    if "schema" in param:
        return param["schema"]
    content = as_dict(param.get("content"))
    return as_dict(next(iter(content.values()), {})).get("schema")
