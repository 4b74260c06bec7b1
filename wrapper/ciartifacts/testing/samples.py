"""Sample runs: one way to seed any provider's fake, for tests that hold for every provider.

``fake.sample_run()`` makes a new, empty run on that fake (its own project or repository, so
nothing else lands in it) and returns a :class:`SampleRun`; ``run.add(path, content)`` adds an
artifact and keeps :attr:`SampleRun.files` and :attr:`SampleRun.written` up to date, so a test
can compare what a client lists and writes with what it should, without knowing the provider::

    with FakeProviders() as fakes:
        for api in fakes.apis.values():
            run = api.sample_run()
            run.add("reports/junit.xml", b"<testsuite/>")
            client.download_all(run.ref, tmp_path / api.name)
            assert files_under(tmp_path / api.name) == run.written

A provider's fake says what it supports through class attributes of
:class:`~ciartifacts.testing.server.FakeAPI`: ``sample_kinds`` (kinds of runs, such as
Empirical's resources), ``undownloadable_states`` (states an artifact can be listed in
without being downloadable) and ``lists_checksums``.
"""

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["AddArchive", "AddSample", "SampleHistory", "SampleRun", "SpecSeed"]

AddSample = Callable[[str, bytes, str | None, bool], tuple[str, str]]
"""``(path, content, state, corrupt_checksum) -> (listed path, written path)``: how a fake adds
one artifact to a sample run."""

AddArchive = Callable[[str, Mapping[str, bytes]], tuple[str, bytes]]
"""``(name, members) -> (listed path, stored bytes)``: how a fake whose provider serves an
artifact as an archive of the uploaded files (GitHub's zips) adds one to a sample run."""


@dataclass
class SampleRun:
    """A run on one provider's fake, with what a client must list and write for it."""

    ref: str
    """The run's ref, as a user would type it."""
    listing_path: str
    """The path (base path included) of the API requests that list it, to count pages."""
    page_size: int | None
    """Artifacts per listing page a client receives, or None where listings are not paged."""
    adder: AddSample = field(repr=False)
    files: dict[str, bytes] = field(default_factory=dict)
    """Each downloadable artifact's path, as listed, and its bytes."""
    written: dict[str, bytes] = field(default_factory=dict)
    """Each file ``download_all`` writes (POSIX path relative to its folder) and its bytes."""
    states: dict[str, str] = field(default_factory=dict)
    """Each artifact added in a state that is not downloadable: its listed path and state."""
    archive_adder: AddArchive | None = field(default=None, repr=False)
    """Set by fakes of providers that serve archives (see :meth:`add_archive`)."""

    @property
    def takes_archives(self) -> bool:
        """Whether :meth:`add_archive` works here: the provider serves packed artifacts."""
        return self.archive_adder is not None

    def add_archive(self, name: str, members: Mapping[str, bytes]) -> str:
        """Add an artifact the provider serves as an archive of ``members`` (member name ->
        bytes), which a download unpacks into the folder ``name``; return its listed path.

        ValueError where the provider has no such artifacts (:attr:`takes_archives`).
        """
        if self.archive_adder is None:
            raise ValueError(f"{self.ref}: this provider serves no archives of uploaded files")
        listed, stored = self.archive_adder(name, members)
        self.files[listed] = stored
        for member, content in members.items():
            self.written[f"{name}/{member}"] = content
        return listed

    def add(
        self, path: str, content: bytes, *, state: str | None = None, corrupt_checksum: bool = False
    ) -> str:
        """Add an artifact; return its path as a client lists it.

        ``state`` is one of the fake's ``undownloadable_states`` (None: downloadable);
        ``corrupt_checksum`` lists a checksum that does not match ``content`` (for fakes that
        list checksums). An artifact with either is left out of :attr:`written`.
        """
        listed, written = self.adder(path, content, state, corrupt_checksum)
        if state is not None:
            self.states[listed] = state
            return listed
        self.files[listed] = content
        if not corrupt_checksum:
            self.written[written] = content
        return listed


@dataclass
class SampleHistory:
    """Runs of one new project on a fake, and what selecting refs must resolve to there.

    ``fake.sample_history()`` makes, oldest first: run 1 on ``main``, successful; run 2 on
    ``feature``, successful; run 3 on ``main``, failed; run 4, a re-run of run 3 that
    succeeded (a new run where the provider makes one, else run 3's latest attempt); run 5 on
    ``main``, still running. Each run holds one artifact, ``run.txt``, whose bytes name it.
    """

    selections: dict[str, tuple[str, list[str]]]
    """``newest`` (no filters), ``green on main`` and ``none`` (a branch without runs): each
    selecting ref, and the concrete refs it matches, newest first (a replaced run left out)."""
    files: dict[str, dict[str, bytes]]
    """Each concrete run's artifacts: path and bytes."""


@dataclass
class SpecSeed:
    """Data seeded so that every operation of the provider's spec can be called on its fake.

    ``fake.spec_seed()`` seeds new resources and returns this: a value for each parameter of
    the spec that names one of them (path parameters, and query parameters that filter), and,
    where the fake can refuse access, a context manager within which it does. The spec-drift
    tests call every operation with these values and check each answer against the spec.
    """

    values: dict[str, str]
    forbid: Callable[[], contextlib.AbstractContextManager[None]] | None = None
