"""What a provider implements: a few sans-IO hooks over its generated client.

A provider never performs I/O. It says which generated operation to call (an :class:`ApiCall`:
the generated module builds the request and parses the answer, the flow sends it), turns typed
responses into :class:`~ciartifacts.model.Artifact` objects, and says where an artifact's bytes
are, whether its credentials may go there, and what its rate-limit headers mean. The one flow in
:mod:`ciartifacts._async.client` (and its generated synchronous twin) does the I/O.

Every value a hook reads from a response goes through :mod:`ciartifacts.fields`, so a field of
the wrong type ends as an error of ours, not as a traceback or a bad file.
"""

from __future__ import annotations

import functools
import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import SplitResult, parse_qs, urlsplit

import attrs
import httpx

from ciartifacts import fields
from ciartifacts.errors import InvalidRefError, UnsupportedOperationError
from ciartifacts.model import Artifact
from ciartifacts.refs import Ref
from ciartifacts.settings import ProviderEnvironment, Settings

if TYPE_CHECKING:
    from ciartifacts.pacing import RateLimit
    from ciartifacts.patterns import ServerFilter


@attrs.frozen
class ApiCall:
    """One generated operation with its arguments.

    The generated module's ``_get_kwargs`` builds the request and ``_build_response`` parses
    the answer (what its ``sync_detailed`` does around one ``httpx`` call); the flow sends the
    request itself, so retries, pacing and errors are the same for every operation.
    """

    operation: ModuleType
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)

    def request_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = self.operation._get_kwargs(*self.args, **self.kwargs)
        return kwargs

    def parse(self, client: Any, response: Any) -> Any:
        return self.operation._build_response(client=client, response=response)

    @property
    def key(self) -> str:
        """Identifies the page this call asks for (to notice pagination that loops)."""
        return repr((self.operation.__name__, self.args, sorted(self.kwargs.items())))

    def describe(self) -> str:
        """The operation and its page-ish arguments, for messages (no secrets in either)."""
        page = self.kwargs.get("page")
        name = self.operation.__name__.rsplit(".", 1)[-1]
        return name if page is None else f"{name} page {page}"


@attrs.frozen
class Page:
    """Artifacts of one response, the call for the next page if any, and the total number of
    artifacts where the API reports one (to notice a listing that ends early)."""

    artifacts: Sequence[Artifact]
    next: ApiCall | None = None
    total: int | None = None

    @property
    def items(self) -> Sequence[Artifact]:
        return self.artifacts


@attrs.frozen
class RunsPage:
    """Runs in one response, newest first, as concrete refs; the call for the next page, the
    total number of runs where the API reports one, and the runs that a re-run listed here
    replaced (a rerun job, a rebuild): those are not selected, here or on a later page."""

    runs: Sequence[Ref]
    next: ApiCall | None = None
    total: int | None = None
    replaced: Sequence[Ref] = ()

    @property
    def items(self) -> Sequence[Ref]:
        return self.runs


@attrs.frozen
class Capabilities:
    delete: bool = False
    server_filter: bool = False


class Provider(ABC):
    """Base class of every provider: what a provider module declares, and its hooks.

    A provider module (``ciartifacts/providers/<name>.py``, registered in
    :mod:`ciartifacts.providers`) holds everything about its provider: this subclass (exported
    as ``PROVIDER``), its ref classes and their grammar (:meth:`parse_ref` for the text after
    ``<name>:``, :meth:`parse_web_url` for the web UI's URLs), where its token and base URL come
    from (:attr:`environment`), which request headers carry its credentials
    (:attr:`credential_headers`, and :attr:`credential_query_parameters` for those that also
    take a token in the query: the storage fake refuses all of them), and the sans-IO hooks
    over its generated client ``ciartifacts_<name>``.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    """The provider's name as people write it (``CircleCI``), for help texts."""
    environment: ClassVar[ProviderEnvironment]
    credential_headers: ClassVar[tuple[str, ...]] = ("authorization",)
    credential_query_parameters: ClassVar[tuple[str, ...]] = ()
    ref_types: ClassVar[tuple[type, ...]]
    accepted_forms: ClassVar[tuple[str, ...]]
    web_hosts: ClassVar[tuple[str, ...]] = ()
    # Some APIs answer in another format unless asked for JSON (CircleCI: EDN).
    accept: ClassVar[str] = "application/json"
    capabilities: ClassVar[Capabilities] = Capabilities()
    # True where download URLs come with the listing and expire (signed): a download that meets
    # an expired URL lists the run again for a fresh one. Elsewhere the first hop is an API call
    # that hands out a fresh URL each time.
    listing_urls_expire: ClassVar[bool] = False
    # Its fsspec protocol (``buildkite://``): the provider's name unless set otherwise, and
    # how many path segments its run's ref takes there before the artifact's path
    # (``buildkite://ORG/PIPELINE/BUILD/PATH``: 3). See :mod:`ciartifacts.fs_paths`.
    fsspec_protocol: ClassVar[str]
    fsspec_ref_segments: ClassVar[int]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__ and "fsspec_protocol" not in cls.__dict__:
            cls.fsspec_protocol = cls.name

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api_origin = origin(settings.base_url)

    @functools.cached_property
    def api_url(self) -> httpx.URL:
        """The base URL, parsed once: every download checks its URL against it."""
        return httpx.URL(self.settings.base_url)

    # --- refs ----------------------------------------------------------------------------
    @classmethod
    @abstractmethod
    def parse_ref(cls, rest: str) -> Ref:
        """The ref written ``<name>:<rest>`` (raise :func:`ciartifacts.refs.invalid` if bad)."""

    @classmethod
    def parse_web_url(cls, host: str, segments: list[str], url: SplitResult) -> Ref:
        """The ref of a web UI URL on one of :attr:`web_hosts` (path split in segments)."""
        raise InvalidRefError(None, f"{cls.name} has no web URLs")

    # --- configuration -------------------------------------------------------------------
    def generated_package(self) -> ModuleType:
        """The generated package ``ciartifacts_<name>``, imported on first use."""
        return importlib.import_module(f"ciartifacts_{self.name}")

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.token}"}

    def api_headers(self) -> dict[str, str]:
        """Headers of every API request: :attr:`accept` and the credentials."""
        return {"Accept": self.accept, **self.auth_headers()}

    def new_generated_client(self) -> Any:
        """A bare generated ``Client``; the caller gives it our configured httpx clients."""
        return self.generated_package().Client(base_url=self.settings.base_url)

    # --- listing ---------------------------------------------------------------------------
    def check_ref(self, ref: Ref) -> None:
        if not isinstance(ref, self.ref_types):
            raise InvalidRefError(str(ref), f"not a {self.name} ref")

    @abstractmethod
    def first_page(self, ref: Ref, server_filter: ServerFilter | None) -> ApiCall:
        """The call that lists the first page of the ref's artifacts."""

    @abstractmethod
    def parse_page(self, ref: Ref, call: ApiCall, response: Any) -> Page:
        """The artifacts in a successful response, and the call for the next page."""

    # --- attempts ---------------------------------------------------------------------------
    def superseded_call(self, ref: Ref) -> ApiCall | None:
        """Where the listing keeps the artifacts of attempts a retry replaced: the call whose
        answer names those attempts (see :meth:`superseded`), made before listing. None where
        the listing holds only the latest attempt's artifacts."""
        return None

    def superseded(self, ref: Ref, response: Any) -> frozenset[str]:
        """The attempts (as :meth:`attempt_of` names them) a later attempt replaced."""
        return frozenset()

    def attempt_of(self, artifact: Artifact) -> str | None:
        """The attempt (a job, a run attempt) that made the artifact, where the API says."""
        return None

    def attempt_slot(self, artifact: Artifact) -> str | None:
        """Where the API does not say which attempt made an artifact, but a later attempt's
        artifact takes an earlier one's place (GitHub: its name, within a run): the slot.
        The provider lists newest first, so the first artifact listed in a slot wins."""
        return None

    # --- run selection ----------------------------------------------------------------------
    def runs_call(self, ref: Ref, limit: int) -> ApiCall:
        """The call listing the first page of the runs a selecting ref matches, newest first,
        the latest attempt of each; ``limit`` is how many are wanted (to size the page)."""
        raise UnsupportedOperationError(self.name, "run selection")

    def parse_runs(self, ref: Ref, call: ApiCall, response: Any) -> RunsPage:
        """The runs in a successful response, as concrete refs, and the call for the next page."""
        raise UnsupportedOperationError(self.name, "run selection")

    # --- run state ----------------------------------------------------------------------------
    def finished_call(self, ref: Ref) -> ApiCall | None:
        """The call whose answer says whether the (concrete) run is finished, so that its
        artifacts no longer change; None where the API has no cheap way to tell (the fsspec
        filesystem then never caches that provider's listings)."""
        return None

    def finished(self, ref: Ref, response: Any) -> bool:
        """Whether :meth:`finished_call`'s successful answer says the run is finished."""
        return False

    # --- downloading ------------------------------------------------------------------------
    @abstractmethod
    def download_url(self, artifact: Artifact) -> httpx.URL:
        """Where the artifact's bytes are (the first hop; redirects are followed after it),
        checked with :func:`ciartifacts.fields.url`."""

    def may_send_credentials(self, url: httpx.URL, *, first_hop: bool) -> bool:
        """Whether the API token may go to ``url``: by default to the API's own origin only."""
        return origin(url) == self.api_origin

    def rate_limit(self, headers: Mapping[str, str]) -> RateLimit | None:
        """What the API's rate-limit headers say about the current window (None: nothing)."""
        return None

    def rate_limited(self, status: int, headers: Mapping[str, str]) -> bool:
        """Whether an API answer refuses for the rate limit (by default: HTTP 429). It is
        waited out like a 429: for ``Retry-After``, else until :meth:`rate_limit`'s reset."""
        return status == 429

    def disambiguator(self, artifact: Artifact) -> str:
        """A folder name telling apart artifacts that share one path (e.g. parallel nodes)."""
        return "duplicate"

    def same_artifact(self, one: Artifact, other: Artifact) -> bool:
        """Whether two listings describe the same artifact (to find it again in a new listing)."""
        return one.path == other.path

    # --- deleting ---------------------------------------------------------------------------
    def delete_call(self, artifact: Artifact) -> ApiCall:
        """The call deleting the artifact; only providers declaring ``capabilities.delete``."""
        raise UnsupportedOperationError(self.name, "delete")


def origin(url: str | httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) — what decides where credentials may go. A URL whose port cannot
    be read has no origin anyone trusts: ``("", "", 0)``."""
    if isinstance(url, httpx.URL):
        scheme = url.scheme
        return scheme, url.host, url.port or {"http": 80, "https": 443}.get(scheme, 0)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "", "", 0
    scheme = parts.scheme.lower()
    port = port or {"http": 80, "https": 443}.get(scheme, 0)
    return scheme, (parts.hostname or "").lower(), port


def next_page_number(headers: httpx.Headers) -> int | None:
    """The page number of a ``Link`` header's ``rel="next"`` (Buildkite, GitHub). Only the
    number is used: Link URLs may carry credentials (Buildkite's docs show one), so they are
    never requested, logged or shown; the provider asks for that page as for the first."""
    for link in httpx.Response(200, headers={"Link": headers.get("link", "")}).links.values():
        if link.get("rel") == "next":
            pages = parse_qs(urlsplit(link.get("url", "")).query).get("page")
            if pages and pages[0].isdigit() and len(pages[0]) <= 9:
                return int(pages[0])
    return None


def entries(raws: Any, build: Callable[[Any], Artifact]) -> list[Artifact]:
    """Artifacts from a page's entries; a malformed one is named by its position."""
    if not isinstance(raws, list):
        raise fields.MalformedField("the artifact list", f"is {type(raws).__name__}")
    artifacts = []
    for number, raw in enumerate(raws, start=1):
        try:
            artifacts.append(build(raw))
        except fields.MalformedField as exc:
            raise fields.MalformedField(f"entry {number}: {exc.field}", exc.problem) from None
    return artifacts


def unset_to_none(value: Any) -> Any:
    """Generated models mark absent fields with an ``Unset`` sentinel: map it to None."""
    return None if type(value).__name__ == "Unset" else value
