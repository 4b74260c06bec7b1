"""Reading an OpenAPI 3.x document, resolving local `$ref`s, and the names the generator derives.

The naming helpers mirror openapi-python-client 0.29.1 (`utils.split_words`, `ClassName`,
`PythonIdentifier`); the regeneration harness checks them against the classes and modules it
actually emits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Node = dict[str, Any]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF_PREFIX = "#/components/schemas/"
# Same word delimiters as openapi-python-client's `utils.DELIMITERS`.
DELIMITERS = r"\. _-"
# Hand-written specs are shallow; this only stops pathological (e.g. YAML-alias) cycles.
MAX_DEPTH = 64
# libyaml's safe loader when PyYAML has it: the same documents, parsed ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        document = yaml.load(text, Loader=SAFE_LOADER)
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


def as_dict(value: Any) -> Node:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def name_set(value: Any) -> set[str]:
    return {v for v in as_list(value) if isinstance(v, str)}


def is_number(value: Any) -> bool:
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


def fmt(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def fmt_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types))


def at(where: str) -> str:
    return f"field `{where}`: " if where else ""


def join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def is_success(status: str) -> bool:
    # 3xx counts: the generator parses a 302 like any other documented response.
    return status[:1] in {"2", "3"}


class Document:
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
        return as_dict(node), last

    def resolve(self, node: Any) -> Node:
        return self.deref(node)[0]

    def operations(self) -> dict[tuple[str, str], Operation]:
        found: dict[tuple[str, str], Operation] = {}
        for path, raw_item in as_dict(self.spec.get("paths")).items():
            item = self.resolve(raw_item)
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    found[(method, str(path))] = Operation(method, str(path), item[method], item)
        return found

    def parameters(self, op: Operation) -> dict[tuple[str, str], Node]:
        """Effective parameters (path-level ones overridden by operation-level ones)."""
        merged: dict[tuple[str, str], Node] = {}
        for raw in [*as_list(op.path_item.get("parameters")), *as_list(op.node.get("parameters"))]:
            param = self.resolve(raw)
            location, name = str(param.get("in", "")), str(param.get("name", ""))
            if location == "header":
                # Header names are case-insensitive; the generator keeps even Accept,
                # Content-Type and Authorization as arguments, so nothing is skipped.
                name = name.lower()
            merged[(location, name)] = param
        return merged

    def effective_security(self, op: Operation) -> list[Any]:
        if "security" in op.node:
            return as_list(op.node["security"])
        return as_list(self.spec.get("security"))


@dataclass(frozen=True)
class Operation:
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
        tags = as_list(self.node.get("tags"))
        return snake_case(str(tags[0])) if tags else "default"


def template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def template_renames(old_path: str, new_path: str) -> dict[str, str]:
    if template(old_path) != template(new_path):
        return {}
    old_vars = re.findall(r"\{([^}]*)\}", old_path)
    new_vars = re.findall(r"\{([^}]*)\}", new_path)
    return {a: b for a, b in zip(old_vars, new_vars, strict=True) if a != b}
