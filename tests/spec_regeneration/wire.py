"""Would a server that follows the spec accept this request? Parameters are parsed back from the
bytes the SDK sent, by the parameter's `style` and `explode`, then validated like the body."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from .schema_check import SchemaChecker

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def find_operation(spec: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]]:
    """The path template and operation a request for METHOD path is routed to."""
    for template, item in (spec.get("paths") or {}).items():
        pattern = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and isinstance(item.get(method.lower()), dict):
            return template, item
    raise LookupError(f"no operation {method} {path}")


class RequestCheck:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.schemas = SchemaChecker(spec)

    def problems(self, request: httpx.Request) -> list[str]:
        """Why a server following the spec would reject `request` (empty: it accepts it)."""
        path = request.url.raw_path.decode().split("?")[0]
        try:
            template, item = find_operation(self.spec, request.method, path)
        except LookupError as exc:
            return [str(exc)]
        op = item[request.method.lower()]
        found: list[str] = []
        for param in self._parameters(item, op):
            found += self._parameter(param, template, path, request)
        found += self._body(op, request)
        found += self._security(op, request)
        return found

    def _parameters(self, item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = self.schemas.resolve(raw)
            merged[(param["in"], param["name"])] = param
        return list(merged.values())

    def _parameter(
        self, param: dict[str, Any], template: str, path: str, request: httpx.Request
    ) -> list[str]:
        name, location = param["name"], param["in"]
        schema = self.schemas.resolve(param.get("schema") or {})
        label = f"{location} parameter {name}"
        raw = self._raw_values(param, schema, template, path, request)
        if raw is None:
            required = location == "path" or param.get("required") is True
            return [f"{label} missing"] if required else []
        if isinstance(raw, str) and raw.startswith("!"):
            return [f"{label}: {raw[1:]}"]
        value = self._coerce(schema, raw)
        return [f"{label}: {e}" for e in self.schemas.errors(schema, value)]

    def _raw_values(
        self,
        param: dict[str, Any],
        schema: dict[str, Any],
        template: str,
        path: str,
        request: httpx.Request,
    ) -> Any:
        """The parameter's value as strings (a str, list or dict), None when absent."""
        name, location = param["name"], param["in"]
        default_style = "form" if location in {"query", "cookie"} else "simple"
        style = param.get("style", default_style)
        explode = param.get("explode", style == "form")
        kind = _kind(schema, self.schemas)
        if location == "path":
            names = re.findall(r"\{([^}]*)\}", template)
            values = re.match(
                "^" + re.sub(r"\\\{[^}]*\\\}", "([^/]+)", re.escape(template)) + "$", path
            )
            if values is None or name not in names:
                return None
            text = unquote(values.group(names.index(name) + 1))
            return text.split(",") if kind == "array" else text
        if location == "header":
            if name not in request.headers:
                return None
            text = request.headers[name]
            return text.split(",") if kind == "array" else text
        if location == "cookie":
            cookies = dict(
                part.strip().split("=", 1)
                for part in request.headers.get("cookie", "").split(";")
                if "=" in part
            )
            return cookies.get(name)
        pairs = parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True)
        own = [v for k, v in pairs if k == name]
        if kind == "array":
            if explode and style == "form":
                return own or None
            if len(own) > 1:
                return f"!sent {len(own)} times; style {style} without explode expects one value"
            if not own:
                return None
            separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
            return own[0].split(separator)
        if kind == "object":
            properties = set((schema.get("properties") or {}).keys())
            if style == "deepObject":
                found = {k[len(name) + 1 : -1]: v for k, v in pairs if k.startswith(f"{name}[")}
                return found or None
            if explode:
                found = {k: v for k, v in pairs if k in properties}
                return found or None
            if not own:
                return None
            parts = own[0].split(",")
            return dict(zip(parts[::2], parts[1::2], strict=False))
        if len(own) > 1:
            return f"!sent {len(own)} times"
        return own[0] if own else None

    def _coerce(self, schema: dict[str, Any], raw: Any) -> Any:
        """Strings from the URL or headers, read as the types the schema asks for."""
        schema = self.schemas.resolve(schema)
        if isinstance(raw, list):
            return [self._coerce(schema.get("items") or {}, item) for item in raw]
        if isinstance(raw, dict):
            properties = schema.get("properties") or {}
            return {k: self._coerce(properties.get(k) or {}, v) for k, v in raw.items()}
        for candidate in _candidate_types(schema, self.schemas):
            try:
                if candidate == "integer":
                    return int(raw)
                if candidate == "number":
                    return float(raw)
                if candidate == "boolean" and raw in {"true", "false"}:
                    return raw == "true"
            except ValueError:
                continue
        return raw

    def _body(self, op: dict[str, Any], request: httpx.Request) -> list[str]:
        body = self.schemas.resolve(op.get("requestBody"))
        content = body.get("content") or {}
        sent = request.content
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        # The generator sets `Content-Type: application/json` even when it sends no body.
        if not sent:
            return ["request body missing"] if body.get("required") else []
        if not content:
            return [] if not sent else ["request body sent, but the operation takes none"]
        declared = {str(k).lower(): v for k, v in content.items()}
        if media not in declared:
            return [f"request body sent as {media!r}; the spec takes {sorted(declared)}"]
        schema = (declared[media] or {}).get("schema") or {}
        if media == "application/json" or media.endswith("+json"):
            try:
                value = json.loads(sent)
            except ValueError:
                return ["request body is not JSON"]
            return [f"request body: {e}" for e in self.schemas.errors(schema, value)]
        if media == "application/x-www-form-urlencoded":
            fields = dict(parse_qsl(sent.decode(), keep_blank_values=True))
            value = self._coerce(schema, fields)
            return [f"request body: {e}" for e in self.schemas.errors(schema, value)]
        return []

    def _security(self, op: dict[str, Any], request: httpx.Request) -> list[str]:
        requirements = op.get("security", self.spec.get("security")) or []
        if not requirements or {} in requirements:
            return []
        schemes = (self.spec.get("components") or {}).get("securitySchemes") or {}
        for requirement in requirements:
            if all(_credential_sent(schemes.get(name) or {}, request) for name in requirement):
                return []
        # The same words whatever the requirements are: a call the old spec already refused
        # must not count as newly refused because an alternative was added.
        return ["no credentials that any security requirement accepts"]


def _credential_sent(scheme: dict[str, Any], request: httpx.Request) -> bool:
    kind = scheme.get("type")
    authorization = request.headers.get("authorization", "")
    if kind == "http":
        return authorization.lower().startswith(str(scheme.get("scheme", "")).lower() + " ")
    if kind in {"oauth2", "openIdConnect"}:
        return authorization.lower().startswith("bearer ")
    if kind == "apiKey":
        name, location = str(scheme.get("name")), scheme.get("in")
        if location == "header":
            return bool(request.headers.get(name))
        if location == "query":
            return name in dict(parse_qsl(request.url.query.decode()))
        return f"{name}=" in request.headers.get("cookie", "")
    return False


def _candidate_types(schema: dict[str, Any], checker: SchemaChecker) -> list[str]:
    types = schema.get("type")
    if isinstance(types, str):
        return [types]
    if isinstance(types, list):
        return [str(t) for t in types]
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for variant in schema.get(key) or []:
            found += _candidate_types(checker.resolve(variant), checker)
    return found


def _kind(schema: dict[str, Any], checker: SchemaChecker) -> str:
    types = _candidate_types(schema, checker)
    if "array" in types or "items" in schema:
        return "array"
    if "object" in types or "properties" in schema:
        return "object"
    return "primitive"


def header_problems(
    checker: SchemaChecker, declared: dict[str, Any], headers: httpx.Headers
) -> list[str]:
    """What of the response headers a spec promises (`declared`) is missing or invalid."""
    found: list[str] = []
    for name, raw in declared.items():
        header = checker.resolve(raw)
        if name not in headers:
            if header.get("required") is True:
                found.append(f"response header {name} missing")
            continue
        schema = checker.resolve(header.get("schema") or {})
        value = RequestCheck(checker.spec)._coerce(schema, headers[name])
        found += [f"response header {name}: {e}" for e in checker.errors(schema, value)]
    return found
