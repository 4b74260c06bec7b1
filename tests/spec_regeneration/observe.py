"""What breaks, observed on two regenerated SDKs: the old one (from old.yaml) and the new one.

- surface: griffe's breaking changes between the two packages' public APIs;
- input: calls written against the old SDK (every operation, sample arguments valid under the
  old spec, every way the old spec lets a caller authenticate), replayed on the new SDK the way
  the same source code would run: they must still bind, type-check (values against the new
  annotations) and send a request that the new spec accepts, unless the old request already
  broke the old spec the same way;
- output: responses the new spec allows, parsed by the new SDK, must be values that the old
  SDK's annotations admit; every status the old SDK parsed must still be parsed; response
  headers the old spec promised must still be there.
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import io
import json
import logging
import re
import sys
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import griffe
import httpx
from dateutil.parser import isoparse
from specreview import python_api
from specreview.document import snake_case

from .samples import Samples
from .schema_check import SchemaChecker
from .wire import RequestCheck, find_operation, header_problems

BASE_URL = "https://api.example.test"
TOKEN = "harness-token"


class HarnessError(Exception):
    """The harness cannot judge a pair (a sample it cannot build or a generator failure)."""


@dataclass
class Observation:
    surface: list[str] = field(default_factory=list)
    input: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.surface or self.input or self.output)


class Sdk:
    """One generated package and the spec it came from."""

    def __init__(self, root: Path, package: str, spec: dict[str, Any]) -> None:
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        self.root = root
        self.package = package
        self.spec = spec
        self.checker = SchemaChecker(spec)
        self.samples = Samples(self.checker)
        self.types = importlib.import_module(f"{package}.types")
        self.client = importlib.import_module(f"{package}.client")

    def operation_modules(self) -> dict[str, tuple[str, str]]:
        """Module path relative to the package (`api.tag.op`) -> (method, URL template)."""
        found: dict[str, tuple[str, str]] = {}
        for path in sorted((self.root / self.package / "api").rglob("*.py")):
            source = path.read_text()
            method = re.search(r'"method": "(\w+)"', source)
            url = re.search(r'"url": "([^"]*)"', source)
            if method and url:
                relative = path.relative_to(self.root / self.package).with_suffix("")
                found[".".join(relative.parts)] = (method.group(1), url.group(1))
        return found

    def module(self, relative: str) -> types.ModuleType | None:
        try:
            return importlib.import_module(f"{self.package}.{relative}")
        except ModuleNotFoundError:
            return None

    def import_error(self, relative: str) -> str | None:
        """Why a generated module that exists cannot be imported (None: it imports, or is gone)."""
        try:
            importlib.import_module(f"{self.package}.{relative}")
        except ModuleNotFoundError:
            return None
        except Exception as exc:  # whatever the generated module raises is the finding
            return f"{type(exc).__name__}: {exc}"
        return None

    def lookup_class(self, relative: str) -> type | None:
        module_name, _, name = relative.rpartition(".")
        module = self.module(module_name)
        found = getattr(module, name, None) if module else None
        return found if isinstance(found, type) else None


@functools.cache
def _public_api(root: Path, package: str) -> griffe.Module:
    """A generated package as griffe sees it, loaded once per run (old specs are shared)."""
    logging.getLogger("griffe").setLevel(logging.ERROR)
    module = griffe.load(package, search_paths=[root])
    # Packages differ in name only; compare what user code imports, relative to each.
    module.name = "sdk"  # type: ignore[misc]
    return module


def relative_name(cls: type) -> str:
    """A generated class's name as user code spells it, without the package (`models.x.X`)."""
    module = cls.__module__
    if module.startswith("sdk_"):
        return module.partition(".")[2] + "." + cls.__qualname__
    return f"{module}.{cls.__qualname__}"


# --------------------------------------------------------------------------- values


@functools.cache
def hints_of(obj: Any) -> dict[str, Any]:
    """Type hints of a generated function or class; models import each other only for typing."""
    package = obj.__module__.partition(".")[0]
    models = importlib.import_module(f"{package}.models")
    sdk_types = importlib.import_module(f"{package}.types")
    return typing.get_type_hints(obj, localns={**vars(sdk_types), **vars(models)})


def conforms(value: Any, annotation: Any, depth: int = 0) -> str | None:
    """None if `value` is admitted by `annotation` (generated classes matched by name)."""
    if depth > 20 or annotation is Any or annotation is object:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = typing.get_args(annotation)
        reasons = [conforms(value, arg, depth + 1) for arg in members]
        if None in reasons:
            return None
        # The member of the value's own class says best why it does not fit.
        same = [r for arg, r in zip(members, reasons, strict=True) if _same_class(value, arg)]
        because = f" ({same[0]})" if same else ""
        return f"{_short(value)} is none of {_label(annotation)}{because}"
    if origin is typing.Literal:
        return None if value in typing.get_args(annotation) else f"{_short(value)} not {annotation}"
    if origin in (list, dict):
        expected = list if origin is list else dict
        if not isinstance(value, expected):
            return f"{type(value).__name__} is not {expected.__name__}"
        args = typing.get_args(annotation)
        items = value if origin is list else list(value.values())
        for item in items:
            reason = conforms(item, args[-1] if args else Any, depth + 1)
            if reason:
                return reason
        return None
    if annotation is None or annotation is type(None):
        return None if value is None else f"{_short(value)} is not None"
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, typing.IO):
        # typing's IO classes are not ABCs: any file object is what user code passes.
        return None if isinstance(value, io.IOBase) else f"{_short(value)} is not a file object"
    if annotation.__module__.startswith("sdk_"):
        return _conforms_generated(value, annotation, depth)
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return None
    if isinstance(value, annotation):
        return None
    return f"{_short(value)} is not {annotation.__name__}"


def _same_class(value: Any, annotation: Any) -> bool:
    return isinstance(annotation, type) and type(value).__name__ == annotation.__name__


def _short(value: Any) -> str:
    """A value's repr cut to a readable length for evidence messages."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _label(annotation: Any) -> str:
    """An annotation as user code spells it, without the fixture package's name."""
    return re.sub(r"\bsdk_[0-9a-f]+\.", "", str(annotation))


def _conforms_generated(value: Any, annotation: type, depth: int) -> str | None:
    wanted = relative_name(annotation)
    if wanted not in {relative_name(c) for c in type(value).__mro__}:
        return f"{type(value).__name__} is not {wanted}"
    if not attrs.has(annotation):
        return None
    hints = hints_of(annotation)
    for attribute in attrs.fields(annotation):
        if not hasattr(value, attribute.name):
            return f"{wanted} has no attribute {attribute.name}"
        reason = conforms(getattr(value, attribute.name), hints[attribute.name], depth + 1)
        if reason:
            return f"{wanted}.{attribute.name}: {reason}"
    return None


def build(raw: Any, annotation: Any, sdk: Sdk) -> Any:
    """The SDK value a user would pass for the JSON value `raw` (raises if none fits)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is type(None) and raw is not None:
                continue
            if isinstance(arg, type) and arg.__name__ == "Unset":
                continue
            try:
                value = build(raw, arg, sdk)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
            if conforms(value, arg) is None:
                return value
        raise ValueError(f"{raw!r} fits no member of {annotation}")
    if origin is list:
        if not isinstance(raw, list):
            raise TypeError("not a list")
        (item,) = typing.get_args(annotation) or (Any,)
        return [build(x, item, sdk) for x in raw]
    if annotation in (None, type(None)):
        if raw is not None:
            raise TypeError("not None")
        return None
    if not isinstance(annotation, type) or origin is dict or annotation is dict:
        return raw
    if issubclass(annotation, enum.Enum):
        return annotation(raw)
    if hasattr(annotation, "from_dict"):
        if not isinstance(raw, dict):
            raise TypeError("not an object")
        return annotation.from_dict(raw)
    if annotation.__name__ == "File":
        return annotation(payload=io.BytesIO(str(raw).encode()), file_name="f.bin")
    if annotation.__name__ in {"datetime", "date"}:
        parsed = isoparse(str(raw))
        return parsed if annotation.__name__ == "datetime" else parsed.date()
    if annotation.__name__ == "UUID":
        return annotation(str(raw))
    if annotation is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    if not isinstance(raw, annotation) or (annotation is int and isinstance(raw, bool)):
        raise TypeError(f"{raw!r} is not {annotation.__name__}")
    return raw


class ReplayError(Exception):
    """The same user code cannot even build its value with the new SDK."""


def replay(value: Any, new: Sdk) -> Any:
    """The value the same source code produces when it runs against the new SDK."""
    if isinstance(value, list):
        return [replay(v, new) for v in value]
    if isinstance(value, dict):
        return {k: replay(v, new) for k, v in value.items()}
    cls = type(value)
    if not cls.__module__.startswith("sdk_"):
        return value
    name = relative_name(cls)
    target = new.lookup_class(name)
    if target is None:
        raise ReplayError(f"class {name} no longer exists")
    if isinstance(value, enum.Enum):
        if value.name not in target.__members__:
            raise ReplayError(f"{name}.{value.name} no longer exists")
        return target[value.name]
    if cls.__name__ == "Unset":
        return new.types.UNSET
    if cls.__name__ == "File":
        return target(payload=value.payload, file_name=value.file_name, mime_type=value.mime_type)
    kwargs = {
        a.name: replay(getattr(value, a.name), new)
        for a in attrs.fields(cls)
        if a.init and not _left_out(a, getattr(value, a.name))
    }
    try:
        rebuilt = target(**kwargs)
    except TypeError as exc:
        raise ReplayError(f"{name}(...): {exc}") from None
    extra = getattr(value, "additional_properties", None)
    if extra:
        if not hasattr(rebuilt, "additional_properties"):
            raise ReplayError(f"{name} lost additional_properties")
        rebuilt.additional_properties = replay(extra, new)
    return rebuilt


def _left_out(attribute: Any, value: Any) -> bool:
    """Whether user code that built `value` leaves this constructor argument out: it is unset,
    or it holds the argument's default (the samples include each default, so calls relying on a
    default are replayed beside calls passing another value)."""
    if value.__class__.__name__ == "Unset":
        return True
    default = attribute.default
    if default is attrs.NOTHING or isinstance(default, attrs.Factory):
        return False
    return type(value) is type(default) and bool(value == default)


# --------------------------------------------------------------------------- calls


@dataclass
class Call:
    """One call as user code writes it: positional and keyword arguments, and a client."""

    positional: list[tuple[str, Any]]
    keyword: dict[str, Any]
    client: Any


def _capture(function: Callable[..., Any], call: Call) -> httpx.Request:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(418)

    # httpx_args keeps the client's auth header (set_httpx_client() would drop it).
    client = attrs.evolve(call.client, httpx_args={"transport": httpx.MockTransport(handler)})
    with warnings.catch_warnings():
        # The generated code passes cookie parameters per request, which httpx deprecates.
        warnings.filterwarnings("ignore", "Setting per-request cookies", DeprecationWarning)
        function(*[v for _, v in call.positional], client=client, **call.keyword)
    return sent[0]


def _clients(old: Sdk, op: dict[str, Any], client_hint: Any) -> Iterator[Any]:
    """A client for each way the old spec lets a caller authenticate, and a plain one if typed."""
    schemes = (old.spec.get("components") or {}).get("securitySchemes") or {}
    requirements = op.get("security", old.spec.get("security")) or [{}]
    made = False
    for requirement in requirements:
        if not requirement:
            continue
        if len(requirement) != 1:
            continue
        scheme = schemes.get(next(iter(requirement))) or {}
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            yield old.client.AuthenticatedClient(
                BASE_URL, TOKEN, prefix="", auth_header_name=str(scheme["name"])
            )
        elif scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "basic":
            yield old.client.AuthenticatedClient(BASE_URL, TOKEN, prefix="Basic")
        elif scheme.get("type") in {"http", "oauth2", "openIdConnect"}:
            yield old.client.AuthenticatedClient(BASE_URL, TOKEN)
        made = True
    if not made or conforms(old.client.Client(BASE_URL), client_hint) is None:
        yield old.client.Client(BASE_URL)


def _replay_client(client: Any, new: Sdk) -> Any:
    cls = getattr(new.client, type(client).__name__)
    if type(client).__name__ == "AuthenticatedClient":
        return cls(
            BASE_URL, client.token, prefix=client.prefix, auth_header_name=client.auth_header_name
        )
    return cls(BASE_URL)


class Observer:
    def __init__(self, old: Sdk, new: Sdk) -> None:
        self.old = old
        self.new = new
        self.seen = Observation()

    def run(self) -> Observation:
        self._surface()
        for relative, (method, url) in self.old.operation_modules().items():
            self._operation(relative, method, url)
        return self.seen

    def _surface(self) -> None:
        old = _public_api(self.old.root, self.old.package)
        new = _public_api(self.new.root, self.new.package)
        for breakage in griffe.find_breaking_changes(old, new):
            if self.old.import_error(breakage.obj.module.path.partition(".")[2]):
                continue  # in a module the old SDK could not import: no code used it
            if not python_api.is_breaking(breakage):
                # The rules table judges it safe (a changed default: the calls replayed below
                # send the new value, and the new spec must accept it).
                continue
            path = breakage.obj.path.partition(".")[2]
            self.seen.surface.append(f"{path}: {breakage.kind.value}")

    def _operation(self, relative: str, method: str, url: str) -> None:
        if self.old.import_error(relative):
            return  # the old SDK's module never imported: no code written against it runs
        old_module = self.old.module(relative)
        assert old_module is not None
        _, item = find_operation(self.old.spec, method, url)
        op = item[method]
        problem = self.new.import_error(relative)
        if problem:
            self.seen.input.append(f"{relative}: the module no longer imports: {problem}")
            return
        new_module = self.new.module(relative)
        if new_module is None:
            self.seen.input.append(f"{relative}: module gone")
            return
        self._requests(relative, old_module, new_module, item, op)
        self._responses(relative, old_module, new_module, op)

    # -- input

    def _requests(
        self,
        relative: str,
        old_module: types.ModuleType,
        new_module: types.ModuleType,
        item: dict[str, Any],
        op: dict[str, Any],
    ) -> None:
        old_fn, new_fn = old_module.sync_detailed, new_module.sync_detailed
        hints = hints_of(old_fn)
        new_hints = hints_of(new_fn)
        old_check, new_check = RequestCheck(self.old.spec), RequestCheck(self.new.spec)
        for call in self._calls(old_fn, hints, item, op):
            old_request = _capture(old_fn, call)
            problem = self._replayed(relative, call, new_fn, new_hints)
            if isinstance(problem, str):
                self.seen.input.append(problem)
                return
            new_request = _capture(new_fn, problem)
            before = set(old_check.problems(old_request))
            after = [p for p in new_check.problems(new_request) if p not in before]
            if after:
                self.seen.input.append(f"{relative}: the new spec rejects the call: {after[0]}")
                return

    def _replayed(
        self, relative: str, call: Call, new_fn: Callable[..., Any], hints: dict[str, Any]
    ) -> Call | str:
        try:
            replayed = Call(
                [(n, replay(v, self.new)) for n, v in call.positional],
                {n: replay(v, self.new) for n, v in call.keyword.items()},
                _replay_client(call.client, self.new),
            )
        except ReplayError as exc:
            return f"{relative}: {exc}"
        try:
            bound = inspect.signature(new_fn).bind(
                *[v for _, v in replayed.positional], client=replayed.client, **replayed.keyword
            )
        except TypeError as exc:
            return f"{relative}: call no longer binds: {exc}"
        for name, value in bound.arguments.items():
            reason = conforms(value, hints.get(name, Any))
            if reason:
                return f"{relative}: argument {name}: {reason}"
        return replayed

    def _calls(
        self,
        function: Callable[..., Any],
        hints: dict[str, Any],
        item: dict[str, Any],
        op: dict[str, Any],
    ) -> Iterator[Call]:
        signature = inspect.signature(function)
        values = self._argument_samples(signature, hints, item, op)
        required = {
            n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty
        }
        base = {n: v[0] for n, v in values.items()}
        variants = [base, {n: v for n, v in base.items() if n in required}]
        for name, options in values.items():
            variants += [{**base, name: option} for option in options[1:]]
        clients = list(_clients(self.old, op, hints.get("client")))
        for number, arguments in enumerate(variants):
            for client in clients if number == 0 else clients[:1]:
                positional = [
                    (n, arguments[n])
                    for n, p in signature.parameters.items()
                    if p.kind is p.POSITIONAL_OR_KEYWORD and n in arguments
                ]
                keyword = {n: v for n, v in arguments.items() if n not in dict(positional)}
                yield Call(positional, keyword, client)

    def _argument_samples(
        self,
        signature: inspect.Signature,
        hints: dict[str, Any],
        item: dict[str, Any],
        op: dict[str, Any],
    ) -> dict[str, list[Any]]:
        schemas: dict[str, list[Any]] = {}
        in_headers: set[str] = set()
        for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = self.old.checker.resolve(raw)
            schemas[_python_name(param["name"])] = [param.get("schema") or {}]
            if param.get("in") in {"header", "cookie"}:
                in_headers.add(_python_name(param["name"]))
        body = self.old.checker.resolve(op.get("requestBody"))
        # With several media types `body` takes the type of each: sample them all, first first.
        content = (body.get("content") or {}).values()
        media_schemas = [(media or {}).get("schema") or {} for media in content]
        if media_schemas:
            schemas["body"] = media_schemas
        found: dict[str, list[Any]] = {}
        for name in signature.parameters:
            if name == "client":
                continue
            if name not in schemas:
                raise HarnessError(f"argument {name} matches no parameter of the old spec")
            options = []
            for raw in [v for schema in schemas[name] for v in self.old.samples.of(schema)]:
                if name in in_headers and not _header_safe(raw):
                    continue  # httpx cannot send it either way; no user code does
                try:
                    options.append(build(raw, hints[name], self.old))
                except (TypeError, ValueError, KeyError, AttributeError):
                    continue
            if not options:
                raise HarnessError(f"no value of the old spec fits argument {name}")
            found[name] = options
        return found

    # -- output

    def _responses(
        self,
        relative: str,
        old_module: types.ModuleType,
        new_module: types.ModuleType,
        old_op: dict[str, Any],
    ) -> None:
        method, url = self.new.operation_modules()[relative]
        _, new_item = find_operation(self.new.spec, method, url)
        new_op = new_item[method]
        expected = typing.get_args(hints_of(old_module.sync_detailed)["return"])[0]
        client = self.new.client.Client(BASE_URL)
        for status, response in _statuses(self.new.checker, new_op):
            for body, media, headers in self._response_samples(self.new, response):
                http = httpx.Response(status, content=body, headers={**headers, **media})
                try:
                    parsed = new_module._build_response(client=client, response=http).parsed
                except Exception as exc:  # whatever the generated parser raises is the finding
                    problem = f"{type(exc).__name__}: {exc}"
                    self.seen.output.append(f"{relative}: parsing a {status} response: {problem}")
                    return
                # A status the old spec did not document gave `None` (or UnexpectedStatus) before.
                documented = str(status) in (old_op.get("responses") or {})
                reason = None if parsed is None and not documented else conforms(parsed, expected)
                if reason:
                    self.seen.output.append(f"{relative}: a {status} response parses to {reason}")
                    return
                old_response = self.old.checker.resolve(
                    (old_op.get("responses") or {}).get(str(status))
                )
                declared = old_response.get("headers") or {}
                lost = header_problems(self.old.checker, declared, http.headers)
                if lost:
                    self.seen.output.append(f"{relative}: {status}: {lost[0]}")
                    return
        # Code that checks `status_code` or the parsed type relies on the documented statuses:
        # the generated parser has one branch per status.
        lost = _parsed_statuses(old_module) - _parsed_statuses(new_module)
        if lost:
            self.seen.output.append(f"{relative}: statuses {sorted(lost)} are no longer parsed")

    def _response_samples(
        self, sdk: Sdk, response: dict[str, Any]
    ) -> list[tuple[bytes, dict[str, str], dict[str, str]]]:
        header_sets = _header_samples(sdk, response)
        content = response.get("content") or {}
        if not content:
            return [(b"", {}, h) for h in header_sets]
        found = []
        for media, body in content.items():
            schema = (body or {}).get("schema") or {}
            for value in sdk.samples.of(schema):
                raw = json.dumps(value).encode() if "json" in media else str(value).encode()
                found += [(raw, {"content-type": media}, h) for h in header_sets]
        return found


def _parsed_statuses(module: types.ModuleType) -> set[int]:
    source = inspect.getsource(module._parse_response)
    return {int(code) for code in re.findall(r"response.status_code == (\d+)", source)}


def _statuses(checker: SchemaChecker, op: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    found = []
    for status, raw in (op.get("responses") or {}).items():
        if str(status).isdigit():
            found.append((int(status), checker.resolve(raw)))
    return found


def _header_samples(sdk: Sdk, response: dict[str, Any]) -> list[dict[str, str]]:
    full: dict[str, str] = {}
    minimal: dict[str, str] = {}
    for name, raw in (response.get("headers") or {}).items():
        header = sdk.checker.resolve(raw)
        value = sdk.samples.of(header.get("schema") or {"type": "string"})[0]
        full[name] = str(value).lower() if isinstance(value, bool) else str(value)
        if header.get("required") is True:
            minimal[name] = full[name]
    return [full, minimal] if full != minimal else [full]


def _header_safe(value: Any) -> bool:
    """Whether a sample can travel in a header or cookie: printable ASCII, no separators."""
    text = json.dumps(value) if isinstance(value, dict | list) else str(value)
    return text.isascii() and text.isprintable() and not set(text) & set(';,"')


def _python_name(name: str) -> str:
    return snake_case(name)
