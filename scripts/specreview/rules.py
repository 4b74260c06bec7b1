"""The rules table: every kind of change spec review reports, and whether it breaks users.

This is the only place a verdict is decided. Detectors name a kind, the side it was seen on and
where; `Rule.breaks(side)` says whether it breaks. The README's classification tables are
rendered from this table (`python scripts/spec_rules.py`), and the regeneration harness
(tests/spec_regeneration/, run by tests/test_spec_regeneration.py) checks each verdict, and each
`same_code` claim, against what openapi-python-client 0.29.1 generates for every fixture pair.

A change is *breaking* when code written against the SDK generated from the old spec stops
working (fails to import, to type-check, or at runtime, including a server now rejecting the
request it sends) once the SDK is regenerated from the new spec. Two sides are judged:

- input: what callers send (arguments, parameters, request bodies, credentials);
- output: what the SDK parses and hands back (response bodies, statuses, response headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["input", "output"]
SIDES: tuple[Side, ...] = ("input", "output")


@dataclass(frozen=True)
class Rule:
    """One kind of change. A verdict of None means the change cannot arise on that side.

    `same_code`: openapi-python-client emits the same code (docstrings aside) when only changes of
    this kind happen, i.e. it ignores what changed; the harness checks this both ways on every
    fixture pair (identical code exactly where every reported kind says so).
    """

    kind: str
    section: str
    change: str
    input: bool | None
    output: bool | None
    why: str
    same_code: bool = False

    def breaks(self, side: Side) -> bool:
        verdict = self.input if side == "input" else self.output
        if verdict is None:
            raise KeyError(f"rule {self.kind!r} has no verdict for the {side} side")
        return verdict


OPERATIONS = "Operations and paths"
PARAMETERS = "Parameters"
BODIES = "Bodies, statuses and media types"
SCHEMAS = "Schemas: fields, types, enums, unions (parameters, bodies, headers)"
HEADERS = "Response headers"
SECURITY = "Security"
DOCUMENT = "Models and document"
SECTIONS = (OPERATIONS, PARAMETERS, BODIES, SCHEMAS, HEADERS, SECURITY, DOCUMENT)

# Verdict spellings for the table below.
BREAKS, SAFE, NA = True, False, None

_TABLE: tuple[Rule, ...] = (
    # -- Operations and paths
    Rule(
        "operation-added",
        OPERATIONS,
        change="New operation or path",
        input=SAFE,
        output=NA,
        why="Only new modules appear.",
    ),
    Rule(
        "operation-removed",
        OPERATIONS,
        change="Operation removed (its path stays)",
        input=BREAKS,
        output=NA,
        why=(
            "Its module `api/<tag>/<operation>.py` and the `sync`/`asyncio` functions in it are "
            "gone."
        ),
    ),
    Rule(
        "path-removed",
        OPERATIONS,
        change="Path removed with all its operations",
        input=BREAKS,
        output=NA,
        why="Every module of the path is gone; reported once per path.",
    ),
    Rule(
        "path-changed",
        OPERATIONS,
        change="Path template variable renamed (`{id}` -> `{artifact_id}`)",
        input=BREAKS,
        output=NA,
        why="Path parameters are arguments named after the variable, so keyword calls break.",
    ),
    Rule(
        "path-moved",
        OPERATIONS,
        change="Path segments changed, same operation and variables",
        input=SAFE,
        output=NA,
        why=(
            "The same function, with the same arguments, now calls the new URL, which is the one "
            "the new spec serves."
        ),
    ),
    Rule(
        "method-changed",
        OPERATIONS,
        change="HTTP method changed, same operation",
        input=SAFE,
        output=NA,
        why=(
            "The same function, with the same arguments, now sends the new method, which is the "
            "one the new spec serves."
        ),
    ),
    Rule(
        "operation-id-renamed",
        OPERATIONS,
        change="`operationId` renamed",
        input=BREAKS,
        output=NA,
        why="The module name is the snake_case of the operationId, so imports break.",
    ),
    Rule(
        "operation-id-respelled",
        OPERATIONS,
        change="`operationId` respelled to the same snake_case (`getArtifact` -> `get_artifact`)",
        input=SAFE,
        output=NA,
        why="The generated module and functions keep their names.",
        same_code=True,
    ),
    Rule(
        "tag-changed",
        OPERATIONS,
        change="First tag changed",
        input=BREAKS,
        output=NA,
        why="The module moves from `api.<old_tag>` to `api.<new_tag>`; imports break.",
    ),
    Rule(
        "operation-deprecated",
        OPERATIONS,
        change="Operation deprecated",
        input=SAFE,
        output=NA,
        why="Nothing in the generated code changes.",
        same_code=True,
    ),
    # -- Parameters
    Rule(
        "parameter-added-required",
        PARAMETERS,
        change=(
            "New required parameter (path, query, header - `Accept`, `Content-Type` and "
            "`Authorization` too - or cookie)"
        ),
        input=BREAKS,
        output=NA,
        why=(
            "A new required argument: existing calls raise `TypeError`; the generator keeps even "
            "the header parameters OpenAPI says to ignore."
        ),
    ),
    Rule(
        "parameter-added-optional",
        PARAMETERS,
        change="New optional parameter",
        input=SAFE,
        output=NA,
        why="A new `x: T | Unset = UNSET` argument.",
    ),
    Rule(
        "parameter-removed",
        PARAMETERS,
        change="Parameter removed",
        input=BREAKS,
        output=NA,
        why="The argument disappears; calls passing it raise `TypeError`.",
    ),
    Rule(
        "parameter-made-required",
        PARAMETERS,
        change="Optional parameter made required, or a required one loses its `default`",
        input=BREAKS,
        output=NA,
        why="The argument loses its default.",
    ),
    Rule(
        "parameter-made-required-with-default",
        PARAMETERS,
        change="Optional parameter with a `default` made required",
        input=SAFE,
        output=NA,
        why=(
            "openapi-python-client keeps the spec default as the argument's default (`page: int "
            "= 1`), so calls that omit it still bind and send the default."
        ),
    ),
    Rule(
        "parameter-made-optional",
        PARAMETERS,
        change="Required parameter made optional",
        input=SAFE,
        output=NA,
        why="The argument gains a default.",
    ),
    Rule(
        "parameter-location-changed",
        PARAMETERS,
        change="Parameter moved to or from the path",
        input=BREAKS,
        output=NA,
        why="It is sent elsewhere, and may move in the signature (path parameters are positional).",
    ),
    Rule(
        "parameter-relocated",
        PARAMETERS,
        change="Parameter moved between query, header and cookie",
        input=SAFE,
        output=NA,
        why=(
            "The keyword argument keeps its name and the regenerated SDK sends it where the new "
            "spec says."
        ),
    ),
    Rule(
        "parameter-deprecated",
        PARAMETERS,
        change="Parameter deprecated",
        input=SAFE,
        output=NA,
        why="Nothing in the generated code changes.",
        same_code=True,
    ),
    Rule(
        "parameter-style-unsupported",
        PARAMETERS,
        change=(
            "`style`/`explode` of an array or object parameter changed to one the generator does "
            "not implement"
        ),
        input=BREAKS,
        output=NA,
        why=(
            "openapi-python-client ignores `style` and `explode`: it keeps sending repeated keys "
            "(`a=1&a=2`) or flattened properties, which the server no longer accepts."
        ),
        same_code=True,
    ),
    Rule(
        "parameter-style-changed",
        PARAMETERS,
        change=(
            "`style`/`explode` changed where the bytes sent stay valid (a primitive value, or back "
            "to `form` exploded)"
        ),
        input=SAFE,
        output=NA,
        why="The generated code sends the same bytes as before, and the new spec accepts them.",
        same_code=True,
    ),
    Rule(
        "parameter-allow-reserved-changed",
        PARAMETERS,
        change="`allowReserved` changed",
        input=SAFE,
        output=NA,
        why="httpx percent-encodes reserved characters either way, which both settings accept.",
        same_code=True,
    ),
    # -- Bodies, statuses and media types
    Rule(
        "request-body-added-required",
        BODIES,
        change="New required request body",
        input=BREAKS,
        output=NA,
        why="A new required `body` argument.",
    ),
    Rule(
        "request-body-added-optional",
        BODIES,
        change="New optional request body",
        input=SAFE,
        output=NA,
        why="`body: T | Unset = UNSET`.",
    ),
    Rule(
        "request-body-removed",
        BODIES,
        change="Request body removed",
        input=BREAKS,
        output=NA,
        why="The `body` argument disappears.",
    ),
    Rule(
        "request-body-made-required",
        BODIES,
        change="Request body made required (or left with one media type of several)",
        input=BREAKS,
        output=NA,
        why="`body` loses its default (with several media types it is always `= UNSET`).",
    ),
    Rule(
        "request-body-made-optional",
        BODIES,
        change="Request body made optional",
        input=SAFE,
        output=NA,
        why="`body` gains a default (`= UNSET`).",
    ),
    Rule(
        "success-status-changed",
        BODIES,
        change="Success status changed (`200` -> `201`)",
        input=NA,
        output=BREAKS,
        why=(
            "Only documented statuses are parsed (2xx and 3xx count as success), so the old status "
            "now gives `None` or `UnexpectedStatus`."
        ),
    ),
    Rule(
        "success-response-removed",
        BODIES,
        change="Success response removed",
        input=NA,
        output=BREAKS,
        why="That status is no longer parsed into its model.",
    ),
    Rule(
        "error-response-removed",
        BODIES,
        change="Documented error response removed",
        input=NA,
        output=BREAKS,
        why="That status is no longer parsed into its model: `sync()` returns `None`.",
    ),
    Rule(
        "response-added",
        BODIES,
        change=(
            "New response status (success or error) without a body, or with a type the "
            "operation already returns"
        ),
        input=NA,
        output=SAFE,
        why="A status that used to give `None` now gives a value of a type code already handles.",
    ),
    Rule(
        "response-added-new-type",
        BODIES,
        change="New response status with a body of a type the operation did not return",
        input=NA,
        output=BREAKS,
        why=(
            "The return type of `sync()` and `Response.parsed` gains a type (an inline schema is "
            "a class of its own), so code handling the old union gets a value it does not expect."
        ),
    ),
    Rule(
        "media-type-changed",
        BODIES,
        change=(
            "Media type changed to one the SDK encodes or parses differently, or the only one "
            "removed"
        ),
        input=BREAKS,
        output=BREAKS,
        why=(
            "The `body` type and encoding, or the parsed value (model, `str`, `File`, `None`), "
            "change; a response without a body parses to `None`."
        ),
    ),
    Rule(
        "media-type-respelled",
        BODIES,
        change=(
            "Response media type changed within one family (`application/json` -> "
            "`application/x+json`)"
        ),
        input=NA,
        output=SAFE,
        why="The generator parses `*+json` as JSON: the code is the same.",
        same_code=True,
    ),
    Rule(
        "request-media-type-respelled",
        BODIES,
        change="Request media type changed within one family",
        input=SAFE,
        output=NA,
        why=(
            "The SDK encodes the body the same way and sends the new `Content-Type`, which the new "
            "spec accepts."
        ),
    ),
    Rule(
        "media-type-removed",
        BODIES,
        change="A response media type removed that was not the first of several",
        input=NA,
        output=SAFE,
        why=(
            "openapi-python-client only parses a response as its first media type, so losing a "
            "later one changes no generated code."
        ),
        same_code=True,
    ),
    Rule(
        "request-media-type-removed-type-kept",
        BODIES,
        change=(
            "A request media type removed (not the first) whose schema another media type of the "
            "body still takes"
        ),
        input=SAFE,
        output=NA,
        why=(
            "`body` takes the same types, and values of that type were sent as the first media "
            "type taking it, which stays."
        ),
    ),
    Rule(
        "request-media-type-removed",
        BODIES,
        change="A request media type removed whose schema no other media type of the body takes",
        input=BREAKS,
        output=NA,
        why=(
            "With several media types `body` is the union of their types, so callers passing the "
            "removed one's type break."
        ),
    ),
    Rule(
        "media-type-added",
        BODIES,
        change=(
            "A response media type of another family added after the one the SDK parses (or one "
            "it cannot parse, anywhere)"
        ),
        input=NA,
        output=BREAKS,
        why=(
            "The code stays the same: every body is parsed as the first media type the generator "
            "supports; but the server may now answer in the new one (httpx sends `Accept: */*`), "
            "which the SDK cannot parse."
        ),
        same_code=True,
    ),
    Rule(
        "media-type-added-same-family",
        BODIES,
        change="A response media type of the same family added (`application/problem+json`)",
        input=NA,
        output=SAFE,
        why="The SDK parses it like the one it already parses; the code is the same.",
        same_code=True,
    ),
    Rule(
        "request-media-type-added",
        BODIES,
        change="A request media type added",
        input=SAFE,
        output=NA,
        why=(
            "`body` takes one more type; values of the old types are sent as before (unless it "
            "comes first and takes the same type: `media-type-changed`)."
        ),
    ),
    Rule(
        "response-body-added",
        BODIES,
        change="A response without a body gets one",
        input=NA,
        output=SAFE,
        why=(
            "The status parses to a value instead of `None`; the operation's return type already "
            "admitted anything (`Any`) for it."
        ),
    ),
    Rule(
        "request-body-unimportable",
        BODIES,
        change=(
            "A required request body gets several media types in an operation without optional "
            "parameters"
        ),
        input=BREAKS,
        output=NA,
        why=(
            "openapi-python-client 0.29.1 then annotates `body` with `Unset` without importing "
            "it: the operation's module raises `NameError` on import."
        ),
    ),
    Rule(
        "request-body-importable-again",
        BODIES,
        change="The reverse: such an operation's module imports again",
        input=SAFE,
        output=NA,
        why=(
            "The old module never imported, so no code used it; no other change to the operation "
            "is reported."
        ),
    ),
    Rule(
        "typed-responses-removed",
        BODIES,
        change="No response of the operation has a body any more",
        input=NA,
        output=BREAKS,
        why=(
            "openapi-python-client only generates `sync()` and `asyncio()`, which return the "
            "parsed body, when some response has one: only the `_detailed` functions remain."
        ),
    ),
    Rule(
        "typed-responses-added",
        BODIES,
        change="A response body where no response had one",
        input=NA,
        output=SAFE,
        why="`sync()` and `asyncio()` appear beside the `_detailed` functions.",
    ),
    # -- Schemas: fields, types, enums, unions (parameters, bodies, headers)
    Rule(
        "field-removed",
        SCHEMAS,
        change="Field removed (nested, in array items, through `$ref`s)",
        input=BREAKS,
        output=BREAKS,
        why="The constructor argument and the attribute disappear.",
    ),
    Rule(
        "field-added-required",
        SCHEMAS,
        change="New required field",
        input=BREAKS,
        output=SAFE,
        why="Input: the constructor gains a required argument; output: only a new attribute.",
    ),
    Rule(
        "field-added-required-with-default",
        SCHEMAS,
        change="New required field with a `default`",
        input=SAFE,
        output=SAFE,
        why=(
            "openapi-python-client gives the constructor argument the spec default, so calls that "
            "omit it still work and send the default."
        ),
    ),
    Rule(
        "field-added-optional",
        SCHEMAS,
        change="New optional field",
        input=SAFE,
        output=SAFE,
        why="A new optional constructor argument or attribute.",
    ),
    Rule(
        "field-made-required",
        SCHEMAS,
        change="Field made required, or a required field loses its `default`",
        input=BREAKS,
        output=SAFE,
        why="Input: constructor calls without it break; output: `T | Unset` becomes `T`.",
    ),
    Rule(
        "field-made-required-with-default",
        SCHEMAS,
        change="Field with a `default` made required",
        input=SAFE,
        output=SAFE,
        why=(
            "The constructor argument keeps the spec default (`size: int = 0`), so calls that omit "
            "it still work and send the default; output: `T | Unset` becomes `T`."
        ),
    ),
    Rule(
        "field-made-optional",
        SCHEMAS,
        change="Field made optional",
        input=SAFE,
        output=BREAKS,
        why=(
            "Output: the attribute becomes `T | Unset`, so code using it as `T` breaks; input: the "
            "argument gains a default."
        ),
    ),
    Rule(
        "type-narrowed",
        SCHEMAS,
        change="Type narrowed (`number` -> `integer`, a type removed)",
        input=BREAKS,
        output=SAFE,
        why=(
            "Input: old values no longer type-check or are rejected; output: fewer types come back."
        ),
    ),
    Rule(
        "type-widened",
        SCHEMAS,
        change="Type widened (`integer` -> `number`, a type added)",
        input=SAFE,
        output=BREAKS,
        why="Input: old values are still valid; output: the attribute's type grows.",
    ),
    Rule(
        "type-changed",
        SCHEMAS,
        change="Type changed so neither covers the other",
        input=BREAKS,
        output=BREAKS,
        why="The Python type changes both ways.",
    ),
    Rule(
        "became-nullable",
        SCHEMAS,
        change="Became nullable (`type: [x, 'null']` or `anyOf` with `null`)",
        input=SAFE,
        output=BREAKS,
        why="Output: the attribute becomes `T | None`; input: `None` is merely accepted too.",
    ),
    Rule(
        "no-longer-nullable",
        SCHEMAS,
        change="No longer nullable",
        input=BREAKS,
        output=SAFE,
        why="Input: passing `None` stops working; output: `T | None` becomes `T`.",
    ),
    Rule(
        "enum-constraint-added",
        SCHEMAS,
        change="Enum constraint added to a free value",
        input=BREAKS,
        output=SAFE,
        why=(
            "Input: the argument becomes an Enum and other values are rejected; output: a `StrEnum`"
            " is a `str`."
        ),
    ),
    Rule(
        "enum-constraint-removed",
        SCHEMAS,
        change="Enum constraint removed",
        input=SAFE,
        output=BREAKS,
        why=(
            "Output: the attribute goes from a `StrEnum` to a plain value; input: any value is "
            "accepted."
        ),
    ),
    Rule(
        "enum-values-removed",
        SCHEMAS,
        change="Enum value removed",
        input=BREAKS,
        output=BREAKS,
        why="The generated Enum loses the member, and servers reject it.",
    ),
    Rule(
        "enum-values-added",
        SCHEMAS,
        change="Enum value added (closed or open enum)",
        input=SAFE,
        output=SAFE,
        why="The regenerated Enum gains a member; values keep their type.",
    ),
    Rule(
        "union-variant-removed",
        SCHEMAS,
        change="`oneOf`/`anyOf` variant removed",
        input=BREAKS,
        output=SAFE,
        why="Input: values of that variant no longer type-check; output: fewer types come back.",
    ),
    Rule(
        "union-variant-added",
        SCHEMAS,
        change="`oneOf`/`anyOf` variant added (including an enum made open)",
        input=SAFE,
        output=BREAKS,
        why=(
            "Output: the attribute becomes a wider union (`Enum | str`); input: more values are "
            "accepted."
        ),
    ),
    Rule(
        "discriminator-changed",
        SCHEMAS,
        change="`discriminator` changed",
        input=SAFE,
        output=SAFE,
        why="openapi-python-client ignores discriminators: it tries each variant in order.",
        same_code=True,
    ),
    Rule(
        "format-retyped",
        SCHEMAS,
        change="`format` changed to or from `date`, `date-time`, `uuid` or `binary`",
        input=BREAKS,
        output=BREAKS,
        why="Only those formats have their own Python type (`date`, `datetime`, `UUID`, `File`).",
    ),
    Rule(
        "format-added",
        SCHEMAS,
        change="Other `format` added",
        input=BREAKS,
        output=SAFE,
        why="Input: the server validates more; the SDK does not.",
        same_code=True,
    ),
    Rule(
        "format-changed",
        SCHEMAS,
        change="Other `format` changed",
        input=BREAKS,
        output=SAFE,
        why="Input: the server validates differently.",
        same_code=True,
    ),
    Rule(
        "format-removed",
        SCHEMAS,
        change="Other `format` removed",
        input=SAFE,
        output=SAFE,
        why="Fewer checks; same Python type.",
        same_code=True,
    ),
    Rule(
        "constraint-narrowed",
        SCHEMAS,
        change="`minimum`/`maxLength`/`pattern`/... added or tightened, `uniqueItems` set",
        input=BREAKS,
        output=SAFE,
        why="The SDK validates nothing, so calls that used to work now fail with a 4xx.",
        same_code=True,
    ),
    Rule(
        "constraint-widened",
        SCHEMAS,
        change="The same constraints loosened or removed",
        input=SAFE,
        output=SAFE,
        why="Old values are still valid.",
        same_code=True,
    ),
    Rule(
        "default-changed",
        SCHEMAS,
        change="`default` added, changed or removed",
        input=SAFE,
        output=SAFE,
        why=(
            "Input: the generated argument's default changes, so calls that omit it send the new "
            "value, which the new spec accepts; output: parsing never fills in defaults (a missing "
            "field is `UNSET`)."
        ),
    ),
    Rule(
        "additional-properties-closed",
        SCHEMAS,
        change="`additionalProperties` set to `false`",
        input=BREAKS,
        output=BREAKS,
        why="The model loses `additional_properties` and item access.",
    ),
    Rule(
        "additional-properties-opened",
        SCHEMAS,
        change="`additionalProperties: false` dropped",
        input=SAFE,
        output=SAFE,
        why="The model gains `additional_properties`.",
    ),
    Rule(
        "model-renamed",
        SCHEMAS,
        change=(
            "A value now uses a class with another generated name (another `$ref`, a `title`, "
            "inline <-> `$ref`), or no longer has its inline class (an inline enum removed)"
        ),
        input=BREAKS,
        output=BREAKS,
        why="The class it is typed with changes name; a move that keeps the name is no change.",
    ),
    Rule(
        "read-only-changed",
        SCHEMAS,
        change="`readOnly` set or cleared",
        input=SAFE,
        output=SAFE,
        why=(
            "openapi-python-client ignores `readOnly`: the field stays in the constructor and in "
            "`to_dict()`."
        ),
        same_code=True,
    ),
    Rule(
        "write-only-changed",
        SCHEMAS,
        change="`writeOnly` set or cleared",
        input=SAFE,
        output=SAFE,
        why="openapi-python-client ignores `writeOnly`: the attribute stays on parsed models.",
        same_code=True,
    ),
    # -- Response headers
    Rule(
        "response-header-dropped",
        HEADERS,
        change="A required response header removed or made optional",
        input=NA,
        output=BREAKS,
        why=(
            "The generator gives headers no typed accessor: code reads `Response.headers[...]` and "
            "now gets `KeyError`."
        ),
        same_code=True,
    ),
    Rule(
        "response-header-added",
        HEADERS,
        change="Response header added or made required",
        input=NA,
        output=SAFE,
        why="Only more data in `Response.headers`.",
        same_code=True,
    ),
    Rule(
        "response-header-optional-removed",
        HEADERS,
        change="An optional response header removed",
        input=NA,
        output=SAFE,
        why="It was never promised, so code reading it already handles its absence.",
        same_code=True,
    ),
    # -- Security
    Rule(
        "security-required-now",
        SECURITY,
        change="Security added where calls without credentials were allowed",
        input=BREAKS,
        output=NA,
        why="Calls made with a plain `Client` now get 401.",
        same_code=True,
    ),
    Rule(
        "security-declared-on-operation",
        SECURITY,
        change=(
            "`security` newly declared on the operation itself (top-level security applied before)"
        ),
        input=BREAKS,
        output=NA,
        why=(
            "openapi-python-client reads only the operation's own `security`: the functions then "
            "take `client: AuthenticatedClient` only."
        ),
    ),
    Rule(
        "security-undeclared-on-operation",
        SECURITY,
        change="`security` no longer declared on the operation (top-level security applies)",
        input=SAFE,
        output=NA,
        why=(
            "The functions take `client: AuthenticatedClient | Client` again; what the server "
            "requires is judged from the effective requirements."
        ),
    ),
    Rule(
        "security-alternative-removed",
        SECURITY,
        change=(
            "A security alternative removed, or its scheme sent differently (another header, scheme"
            " or location)"
        ),
        input=BREAKS,
        output=NA,
        why="Callers whose `AuthenticatedClient` is set up for it now get 401.",
        same_code=True,
    ),
    Rule(
        "security-relaxed",
        SECURITY,
        change="Security removed, made optional, or an alternative added",
        input=SAFE,
        output=NA,
        why="Existing credentials still work.",
        same_code=True,
    ),
    Rule(
        "security-scheme-changed",
        SECURITY,
        change="A `securitySchemes` entry added, removed or edited",
        input=SAFE,
        output=NA,
        why="A review note; whether an operation breaks is judged per operation.",
        same_code=True,
    ),
    # -- Models and document
    Rule(
        "model-removed",
        DOCUMENT,
        change=(
            "A component schema's class disappears (deleted, or its key or `title` now gives "
            "another class name)"
        ),
        input=BREAKS,
        output=BREAKS,
        why="The generator emits a class for every component schema, used or not: imports break.",
    ),
    Rule(
        "model-added",
        DOCUMENT,
        change="New component schema class",
        input=SAFE,
        output=SAFE,
        why="A new class.",
    ),
    Rule(
        "servers-changed",
        DOCUMENT,
        change="Server added or removed",
        input=SAFE,
        output=NA,
        why="The generator ignores `servers`; the user passes `base_url`.",
        same_code=True,
    ),
)

RULES: dict[str, Rule] = {rule.kind: rule for rule in _TABLE}
assert len(RULES) == len(_TABLE), "duplicate rule kind"

# griffe's breaking-change kinds (`griffe.BreakageKind` names) that a rule of this table judges,
# so a report never calls breaking what the table calls safe. In generated code a changed
# default is only ever a spec `default` added, changed or removed: a parameter that loses its
# default altogether is griffe's "now required", which stays breaking. Unlisted kinds keep
# griffe's verdict (breaking).
GRIFFE_RULES: dict[str, str] = {
    "PARAMETER_CHANGED_DEFAULT": "default-changed",
}


def breaks_somewhere(rule: Rule) -> bool:
    """The rule's verdict for a finding whose side is not known: breaking on any side."""
    return any(rule.breaks(side) for side in SIDES if getattr(rule, side) is not None)
