"""The path grammar of the fsspec protocols: ``PROTOCOL://REF/PATH``.

Each registered provider has a protocol (:attr:`~ciartifacts.providers.base.Provider.
fsspec_protocol`: its name, ``gha`` for GitHub Actions) and its run's ref takes the first
:attr:`~ciartifacts.providers.base.Provider.fsspec_ref_segments` segments of the path, written
as after ``NAME:`` in its ref grammar; the rest is the artifact's path::

    buildkite:acme/web/42               buildkite://acme/web/42/reports/junit.xml
    empirical:resources                 empirical://resources/logo.png
    github:octo/app/123                 gha://octo/app/123/coverage

A ``latest`` selector's filters follow it as ``;NAME=VALUE`` parameters instead of a query
(``?`` is a wildcard in fsspec's globs): ``buildkite://acme/web/latest;branch=main;state=passed/
reports/junit.xml`` is ``buildkite:acme/web/latest?branch=main&state=passed``, then its path.
Values are percent-encoded where they hold ``/``, ``;``, ``%`` or glob characters
(``branch=feature%2Flogin``). A ref's last segment that is valid as it is (a name holding a
``;``) is taken as it is.

This module imports neither fsspec nor any provider's generated client.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import attrs

from ciartifacts.errors import InvalidRefError
from ciartifacts.refs import Ref

__all__ = [
    "RunPath",
    "fsspec_forms",
    "fsspec_url",
    "protocols",
    "provider_of_protocol",
    "split_path",
]


@attrs.frozen
class RunPath:
    """A path split into its run and the artifact path inside it."""

    root: str
    """The ref's segments as written (``acme/web/latest;branch=main``): listed names start
    with it, so that they match the globs they came from."""
    ref: Ref
    inner: str
    """The path inside the run (``reports/junit.xml``; empty for the run itself)."""

    def name(self, inner: str) -> str:
        """The listed name of ``inner`` (a path inside this run)."""
        return f"{self.root}/{inner}" if inner else self.root


def protocols() -> dict[str, str]:
    """Every registered provider's protocol and name, in registry order."""
    from ciartifacts.providers import provider_classes

    return {cls.fsspec_protocol: cls.name for cls in provider_classes()}


def provider_of_protocol(protocol: str) -> str:
    """The name of the provider whose protocol this is (KeyError for none)."""
    return protocols()[protocol]


def split_path(provider: str, path: str) -> RunPath:
    """``path`` (after ``PROTOCOL://``) as its run and the artifact path inside it.

    Raises :class:`~ciartifacts.errors.InvalidRefError` (a ValueError) naming the problem
    (too few segments, a ``?`` in the ref, or the provider's own reason) and listing the
    provider's forms.
    """
    from ciartifacts.providers import provider_class

    cls = provider_class(provider)
    count = cls.fsspec_ref_segments
    shown = f"{cls.fsspec_protocol}://{path}"
    segments = path.strip("/").split("/")
    root = "/".join(segments[:count])
    if len(segments) < count or not all(segments[:count]):
        plural = "s" if count > 1 else ""
        reason = f"the path must start with the run's ref ({count} segment{plural})"
        raise InvalidRefError(shown, reason, fsspec_forms(provider))
    if "?" in root:
        reason = (
            "'?' is a wildcard in fsspec paths: write a latest selector's filters as "
            "';NAME=VALUE' parameters (latest;branch=main;state=passed)"
        )
        raise InvalidRefError(shown, reason, fsspec_forms(provider))
    try:
        ref = cls.parse_ref(root)  # a ';' may be part of a name (a SourceCraft cube's)
    except InvalidRefError:
        try:
            ref = cls.parse_ref(_as_ref_text(root))
        except InvalidRefError as exc:
            raise InvalidRefError(shown, exc.reason, fsspec_forms(provider)) from None
    return RunPath(root, ref, "/".join(segments[count:]))


def fsspec_forms(provider: str) -> tuple[str, ...]:
    """The provider's ref forms as fsspec paths (``buildkite://ORG/PIPELINE/BUILD/PATH``), made
    from its accepted ref forms: those that take its number of segments, filters as ``;``
    parameters."""
    from ciartifacts.providers import provider_class

    cls = provider_class(provider)
    forms = []
    for form in cls.accepted_forms:
        text, _, note = form.partition("  ")
        if not text.startswith(f"{cls.name}:"):
            continue  # a web URL
        body = text.removeprefix(f"{cls.name}:")
        if body.split("[")[0].split("?")[0].count("/") + 1 != cls.fsspec_ref_segments:
            continue  # Buildkite's job form: the job's artifacts are in its build's
        body = body.replace("?", ";").replace("&", ";")
        forms.append(f"{cls.fsspec_protocol}://{body}/PATH" + (f"  {note}" if note else ""))
    return tuple(forms)


def fsspec_url(ref: Ref, path: str = "") -> str:
    """The fsspec URL of ``path`` in the run ``ref`` (of the run itself if empty)::

    fsspec_url(parse_ref("github:octo/app/latest?branch=main"), "reports")
    # 'gha://octo/app/latest;branch=main/reports'
    """
    from ciartifacts.providers import provider_class

    cls = provider_class(ref.provider)
    text = str(ref).split(":", 1)[1]
    head, question, query = text.partition("?")
    if question:
        params = (item.partition("=") for item in query.split("&"))
        head += "".join(f";{key}={quote(unquote(value), safe='')}" for key, _, value in params)
    inner = path.strip("/")
    return f"{cls.fsspec_protocol}://{head}" + (f"/{inner}" if inner else "")


def _as_ref_text(root: str) -> str:
    """The ref grammar's text of a path's ref segments: ``;`` parameters of the last segment
    become its query (the values stay percent-encoded: the ref grammar decodes them)."""
    head, semicolon, params = root.rpartition("/")[2].partition(";")
    if not semicolon:
        return root
    prefix = root[: len(root) - len(root.rpartition("/")[2])]
    return f"{prefix}{head}?{'&'.join(params.split(';'))}"
