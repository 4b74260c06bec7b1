"""Typed references to one CI run (or job) whose artifacts are wanted.

:func:`parse_ref` turns the text a user types (``buildkite:acme/web/42``) or a
web URL copied from the provider's UI into one of the frozen ref classes below.
``str(ref)`` gives the canonical text form, and ``parse_ref(str(ref)) == ref``
holds for every valid ref. Refs built directly as objects are validated the
same way; every problem raises :class:`~ciartifacts.errors.InvalidRefError`.

Rules shared by all forms:

* path segments are non-empty and contain no ``/``, ``?``, ``#``, whitespace or
  control characters (no real org, pipeline or job id does);
* numbers are plain ASCII digits, positive and at most 2**53 - 1 (the largest
  integer JSON clients agree on);
* the provider prefix and URL host are case-insensitive, everything else is not;
  surrounding whitespace is ignored;
* a CircleCI ``branch`` is percent-decoded (``+`` stays a literal ``+``, as
  branch names may contain it), and ``str()`` percent-encodes it again;
* query strings on web URLs are ignored, as browsers add unrelated parameters.
"""

import re
from typing import ClassVar, Final, TypeAlias
from urllib.parse import quote, unquote, urlsplit

import attrs

from ciartifacts.errors import InvalidRefError

__all__ = [
    "ACCEPTED_FORMS",
    "CIRCLECI_FILTERS",
    "MAX_NUMBER",
    "BuildkiteRef",
    "CircleCIRef",
    "EmpiricalRef",
    "EmpiricalResourcesRef",
    "Ref",
    "SourceCraftRef",
    "parse_ref",
]

MAX_NUMBER: Final = 2**53 - 1
"""Largest build number / test run id accepted (JavaScript's MAX_SAFE_INTEGER)."""

CIRCLECI_FILTERS: Final = ("completed", "successful", "failed", "running")
"""Values accepted for the ``filter`` of a CircleCI ``latest`` ref."""

ACCEPTED_FORMS: Final[tuple[str, ...]] = (
    "buildkite:ORG/PIPELINE/BUILD",
    "buildkite:ORG/PIPELINE/BUILD/JOB_ID",
    "https://buildkite.com/ORG/PIPELINE/builds/BUILD[#JOB_ID]",
    "circleci:VCS/ORG/PROJECT/BUILD_NUM  (VCS: github, gh, bitbucket or bb)",
    "circleci:VCS/ORG/PROJECT/latest[?branch=BRANCH&filter=FILTER]"
    "  (each optional; FILTER: completed, successful, failed or running)",
    "https://circleci.com/VCS/ORG/PROJECT/BUILD_NUM",
    "https://app.circleci.com/pipelines/VCS/ORG/PROJECT/.../jobs/BUILD_NUM",
    "sourcecraft:ORG/REPO/RUN/WORKFLOW/TASK/CUBE",
    "empirical:TEST_RUN_ID",
    "empirical:resources",
)
"""Every text form :func:`parse_ref` accepts, one per entry, as shown in errors."""

_VCS_ALIASES: Final = {
    "github": "github",
    "gh": "github",
    "bitbucket": "bitbucket",
    "bb": "bitbucket",
}
_FORBIDDEN_IN_SEGMENT: Final = frozenset("/?#")
_DIGITS = re.compile(r"[0-9]+")
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def _invalid(reason: str) -> InvalidRefError:
    # parse_ref re-raises these with the input text attached.
    return InvalidRefError(None, reason)


def _show(value: str) -> str:
    return repr(value) if len(value) <= 80 else repr(value[:77] + "...")


def _check_segment(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise _invalid(f"{name} must be a string, got {type(value).__name__}")
    if not value:
        raise _invalid(f"{name} must not be empty")
    for char in value:
        if char in _FORBIDDEN_IN_SEGMENT or char.isspace() or not char.isprintable():
            raise _invalid(f"{name} must not contain {char!r}, got {_show(value)}")


def _check_number(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid(f"{name} must be an integer, got {type(value).__name__}")
    if not 1 <= value <= MAX_NUMBER:
        raise _invalid(f"{name} must be between 1 and {MAX_NUMBER}, got {value}")


def _segment(_inst: object, attribute: "attrs.Attribute[str]", value: object) -> None:
    _check_segment(attribute.name, value)


def _optional_segment(
    _inst: object, attribute: "attrs.Attribute[str | None]", value: object
) -> None:
    if value is not None:
        _check_segment(attribute.name, value)


def _number(_inst: object, attribute: "attrs.Attribute[int]", value: object) -> None:
    _check_number(attribute.name, value)


def _optional_number(
    _inst: object, attribute: "attrs.Attribute[int | None]", value: object
) -> None:
    if value is not None:
        _check_number(attribute.name, value)


@attrs.frozen
class BuildkiteRef:
    """A Buildkite build, or one job of it when ``job_id`` is set."""

    provider: ClassVar[str] = "buildkite"

    org: str = attrs.field(validator=_segment)
    pipeline: str = attrs.field(validator=_segment)
    build: int = attrs.field(validator=_number)
    job_id: str | None = attrs.field(default=None, validator=_optional_segment)

    def __str__(self) -> str:
        text = f"buildkite:{self.org}/{self.pipeline}/{self.build}"
        return text if self.job_id is None else f"{text}/{self.job_id}"


def _normalize_vcs(value: str) -> str:
    return _VCS_ALIASES.get(value.lower(), value) if isinstance(value, str) else value


def _vcs(_inst: object, _attribute: "attrs.Attribute[str]", value: object) -> None:
    if value not in ("github", "bitbucket"):
        raise _invalid(f"vcs must be one of github, gh, bitbucket or bb, got {value!r}")


def _branch(_inst: object, _attribute: "attrs.Attribute[str | None]", value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise _invalid(f"branch must be a string, got {type(value).__name__}")
    if not value:
        raise _invalid("branch must not be empty")
    if not value.isprintable():
        raise _invalid(f"branch must not contain control characters, got {_show(value)}")


def _filter(_inst: object, _attribute: "attrs.Attribute[str | None]", value: object) -> None:
    if value is not None and value not in CIRCLECI_FILTERS:
        raise _invalid(f"filter must be one of {', '.join(CIRCLECI_FILTERS)}, got {value!r}")


@attrs.frozen
class CircleCIRef:
    """A CircleCI job by number, or the latest one (``build_num=None``).

    ``branch`` and ``filter`` narrow down "latest" and are only allowed with it.
    ``vcs`` accepts the short names ``gh`` and ``bb`` and stores the long ones.
    """

    provider: ClassVar[str] = "circleci"

    vcs: str = attrs.field(converter=_normalize_vcs, validator=_vcs)
    org: str = attrs.field(validator=_segment)
    project: str = attrs.field(validator=_segment)
    build_num: int | None = attrs.field(default=None, validator=_optional_number)
    branch: str | None = attrs.field(default=None, validator=_branch)
    filter: str | None = attrs.field(default=None, validator=_filter)

    def __attrs_post_init__(self) -> None:
        if self.build_num is not None and (self.branch is not None or self.filter is not None):
            raise _invalid("branch and filter are only allowed with 'latest', not a build number")

    def __str__(self) -> str:
        number = "latest" if self.build_num is None else str(self.build_num)
        text = f"circleci:{self.vcs}/{self.org}/{self.project}/{number}"
        query = []
        if self.branch is not None:
            query.append(f"branch={quote(self.branch, safe='/')}")
        if self.filter is not None:
            query.append(f"filter={self.filter}")
        return f"{text}?{'&'.join(query)}" if query else text


@attrs.frozen
class SourceCraftRef:
    """One cube (step) of a task in a SourceCraft CI workflow run."""

    provider: ClassVar[str] = "sourcecraft"

    org: str = attrs.field(validator=_segment)
    repo: str = attrs.field(validator=_segment)
    run: str = attrs.field(validator=_segment)
    workflow: str = attrs.field(validator=_segment)
    task: str = attrs.field(validator=_segment)
    cube: str = attrs.field(validator=_segment)

    def __str__(self) -> str:
        parts = (self.org, self.repo, self.run, self.workflow, self.task, self.cube)
        return "sourcecraft:" + "/".join(parts)


@attrs.frozen
class EmpiricalRef:
    """An Empirical test run."""

    provider: ClassVar[str] = "empirical"

    test_run_id: int = attrs.field(validator=_number)

    def __str__(self) -> str:
        return f"empirical:{self.test_run_id}"


@attrs.frozen
class EmpiricalResourcesRef:
    """Empirical's shared resources (not tied to a test run)."""

    provider: ClassVar[str] = "empirical"

    def __str__(self) -> str:
        return "empirical:resources"


Ref: TypeAlias = BuildkiteRef | CircleCIRef | SourceCraftRef | EmpiricalRef | EmpiricalResourcesRef
"""Any run reference :func:`parse_ref` can return."""


def parse_ref(text: str) -> Ref:
    """Parse a run reference in any of the :data:`ACCEPTED_FORMS`.

    Raises :class:`~ciartifacts.errors.InvalidRefError` (a ``ValueError``) saying
    what was wrong and listing the accepted forms.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_ref() expects a str, got {type(text).__name__}")
    try:
        return _parse(text.strip())
    except InvalidRefError as exc:
        raise InvalidRefError(text, exc.reason) from None


def _parse(text: str) -> Ref:
    if not text:
        raise _invalid("the reference is empty")
    for char in text:
        if char.isspace() or not char.isprintable():
            raise _invalid(
                f"it contains {char!r}; whitespace and control characters are not allowed"
            )
    if _URL_START.match(text):
        return _parse_url(text)
    provider, colon, rest = text.partition(":")
    if not colon:
        raise _invalid("it has no provider prefix such as 'buildkite:'")
    parser = _PARSERS.get(provider.lower())
    if parser is None:
        raise _invalid(
            f"unknown provider {_show(provider)}; expected buildkite, circleci, sourcecraft "
            "or empirical"
        )
    return parser(rest)


def _parse_number(name: str, text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise _invalid(f"{name} must be a positive integer, got {_show(text)}")
    # Checked before int() so huge inputs cannot hit Python's digit limit.
    if len(text.lstrip("0")) > len(str(MAX_NUMBER)):
        raise _invalid(f"{name} must be between 1 and {MAX_NUMBER}, got {_show(text)}")
    return int(text)


def _split(text: str, count: int, shape: str) -> list[str]:
    parts = text.split("/")
    if len(parts) != count:
        raise _invalid(f"expected {count} '/'-separated parts ({shape}), got {len(parts)}")
    return parts


def _parse_buildkite(rest: str) -> Ref:
    parts = rest.split("/")
    if len(parts) not in (3, 4):
        raise _invalid(
            f"expected 3 or 4 '/'-separated parts (ORG/PIPELINE/BUILD[/JOB_ID]), got {len(parts)}"
        )
    job_id = parts[3] if len(parts) == 4 else None
    return BuildkiteRef(parts[0], parts[1], _parse_number("build number", parts[2]), job_id)


def _parse_circleci(rest: str) -> Ref:
    path, question, query = rest.partition("?")
    vcs, org, project, number = _split(
        path, 4, "VCS/ORG/PROJECT/BUILD_NUM or VCS/ORG/PROJECT/latest"
    )
    build_num = None if number == "latest" else _parse_number("build number", number)
    options: dict[str, str] = {}
    if question:
        if build_num is not None:
            raise _invalid("branch and filter are only allowed with 'latest', not a build number")
        if not query:
            raise _invalid("nothing follows '?'")
        for item in query.split("&"):
            key, equals, value = item.partition("=")
            if not equals:
                raise _invalid(f"query item {_show(item)} is not of the form key=value")
            if key not in ("branch", "filter"):
                raise _invalid(f"unknown query parameter {_show(key)}; expected branch or filter")
            if key in options:
                raise _invalid(f"{key} is given more than once")
            try:
                options[key] = unquote(value, errors="strict")
            except UnicodeDecodeError:
                raise _invalid(f"{key} is not valid percent-encoded UTF-8") from None
    return CircleCIRef(vcs, org, project, build_num, options.get("branch"), options.get("filter"))


def _parse_sourcecraft(rest: str) -> Ref:
    return SourceCraftRef(*_split(rest, 6, "ORG/REPO/RUN/WORKFLOW/TASK/CUBE"))


def _parse_empirical(rest: str) -> Ref:
    if rest == "resources":
        return EmpiricalResourcesRef()
    if not _DIGITS.fullmatch(rest):
        raise _invalid(f"expected a test run id or 'resources', got {_show(rest)}")
    return EmpiricalRef(_parse_number("test run id", rest))


_PARSERS: Final = {
    "buildkite": _parse_buildkite,
    "circleci": _parse_circleci,
    "sourcecraft": _parse_sourcecraft,
    "empirical": _parse_empirical,
}


def _url_segments(path: str) -> list[str]:
    path = path.removeprefix("/").removesuffix("/")
    segments = path.split("/") if path else []
    if "" in segments:
        raise _invalid("the URL path has an empty segment")
    return segments


def _parse_url(text: str) -> Ref:
    try:
        url = urlsplit(text)
    except ValueError as exc:
        raise _invalid(f"it is not a valid URL ({exc})") from None
    if url.scheme.lower() not in ("http", "https"):
        raise _invalid(f"unsupported URL scheme {_show(url.scheme)}; expected https")
    host = (url.hostname or "").lower()
    segments = _url_segments(url.path)
    if host in ("buildkite.com", "www.buildkite.com"):
        if len(segments) != 4 or segments[2] != "builds":
            raise _invalid(
                "a Buildkite URL must look like https://buildkite.com/ORG/PIPELINE/builds/BUILD"
            )
        job_id = url.fragment or None
        return BuildkiteRef(
            segments[0], segments[1], _parse_number("build number", segments[3]), job_id
        )
    if host in ("circleci.com", "www.circleci.com"):
        if len(segments) != 4:
            raise _invalid(
                "a circleci.com URL must look like https://circleci.com/VCS/ORG/PROJECT/BUILD_NUM"
            )
        vcs, org, project, number = segments
        return CircleCIRef(vcs, org, project, _parse_number("build number", number))
    if host == "app.circleci.com":
        if len(segments) < 6 or segments[0] != "pipelines" or segments[-2] != "jobs":
            raise _invalid(
                "an app.circleci.com URL must point to a job: "
                "https://app.circleci.com/pipelines/VCS/ORG/PROJECT/.../jobs/BUILD_NUM"
            )
        vcs, org, project = segments[1:4]
        return CircleCIRef(vcs, org, project, _parse_number("build number", segments[-1]))
    raise _invalid(
        f"unknown URL host {_show(host)}; expected buildkite.com, circleci.com or app.circleci.com"
    )
