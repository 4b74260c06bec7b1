"""Artifacts as fsspec filesystems, end to end against the fakes, for every registered provider.

The protocols come from the registry (``gha`` for GitHub); each scenario's sample run
(``fake.sample_run()``) holds :data:`tests.e2e.conftest.SAMPLE_FILES`. The filesystems take
their credentials from the process environment, as on a Dask worker: the ``fs_env`` fixture
puts the fakes' variables there, and drops fsspec's cached instances before and after.
"""

from __future__ import annotations

import errno
import importlib.metadata
import io
import pickle
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pandas as pd
import pytest
from fsspec.callbacks import Callback

from ciartifacts.filesystem import FILESYSTEMS, ArtifactFileSystem, filesystem_class
from ciartifacts.fs_paths import fsspec_forms, fsspec_url, protocols
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.providers.base import Provider
from ciartifacts.refs import parse_ref
from ciartifacts.testing import FakeProviders, fake_class
from tests.e2e.conftest import SAMPLE_FILES, SCENARIO_KINDS, SCENARIOS, provider_of, sample_run

pytestmark = pytest.mark.e2e

STATE_SCENARIOS = [s for s in SCENARIOS if fake_class(provider_of(s)).undownloadable_states]
CHECKSUM_SCENARIOS = [s for s in SCENARIOS if fake_class(provider_of(s)).lists_checksums]
DEFAULT_SCENARIOS = [s for s in SCENARIOS if s in PROVIDERS]
CACHING = [p for p in PROVIDERS if provider_class(p).finished_call is not Provider.finished_call]
NOT_CACHING = [p for p in PROVIDERS if p not in CACHING]
LOG = "logs/build.log"


def _clear_instances() -> None:
    for cls in FILESYSTEMS.values():
        cls.clear_instance_cache()


@pytest.fixture
def fs_env(fakes: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProviders]:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    _clear_instances()
    yield fakes
    _clear_instances()


def _url(ref: str, path: str = "") -> str:
    return fsspec_url(parse_ref(ref), path)


def _fs(scenario: str, **options: Any) -> ArtifactFileSystem:
    protocol = provider_class(provider_of(scenario)).fsspec_protocol
    return filesystem_class(protocol)(skip_instance_cache=True, **options)


def _listings(fakes: FakeProviders, scenario: str, listing_path: str) -> int:
    requests = fakes.apis[provider_of(scenario)].requests
    return sum(1 for request in requests if request.path == listing_path)


# --- reading every provider's artifacts -------------------------------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_open_files_reads_exact_bytes(scenario: str, fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, scenario)
    opened = fsspec.open_files(_url(seeded.ref, "**"))
    root = _url(seeded.ref).split("://", 1)[1]
    read = {}
    for file in opened:
        with file as handle:
            read[file.path.removeprefix(root + "/")] = handle.read()
    assert read == SAMPLE_FILES


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_cat_get_ls_info_and_glob(scenario: str, fs_env: FakeProviders, tmp_path: Path) -> None:
    seeded = sample_run(fs_env, scenario)
    fs = _fs(scenario)
    url = _url(seeded.ref)
    root = url.split("://", 1)[1]
    assert fs.cat(f"{url}/dist/checksums.txt") == SAMPLE_FILES["dist/checksums.txt"]
    assert fs.cat_file(f"{url}/{LOG}", 3, 30) == SAMPLE_FILES[LOG][3:30]
    assert fs.cat_file(f"{url}/{LOG}", -7) == SAMPLE_FILES[LOG][-7:]
    assert fs.cat(f"{url}/README") == b""

    assert sorted(fs.ls(url, detail=False)) == [
        f"{root}/{name}" for name in sorted({"dist", "logs", "reports", "README"})
    ]
    entries = {entry["name"]: entry for entry in fs.ls(f"{url}/dist")}
    assert set(entries) == {f"{root}/dist/app.tar.gz", f"{root}/dist/checksums.txt"}
    entry = entries[f"{root}/dist/app.tar.gz"]
    assert entry["type"] == "file"
    assert entry["state"] == "ready"
    assert entry["ref"] == seeded.ref
    assert entry["path"] == "dist/app.tar.gz"
    assert entry["size"] in (None, len(SAMPLE_FILES["dist/app.tar.gz"]))

    assert fs.info(f"{url}/logs")["type"] == "directory"
    assert fs.info(url)["type"] == "directory"
    assert fs.isfile(f"{url}/{LOG}")
    assert not fs.exists(f"{url}/logs/nothing.log")
    with pytest.raises(FileNotFoundError):
        fs.info(f"{url}/nothing")

    assert fs.glob(f"{url}/**/*.xml") == [f"{root}/reports/junit.xml"]
    assert fs.glob(f"{url}/*/*.{{gz,log}}") == []  # fsspec's globs have no braces
    assert sorted(fs.find(url)) == sorted(f"{root}/{path}" for path in SAMPLE_FILES)

    fs.get(f"{url}/", f"{tmp_path}/", recursive=True)
    assert {
        path.relative_to(tmp_path).as_posix(): path.read_bytes()
        for path in tmp_path.rglob("*")
        if path.is_file()
    } == seeded.written


@pytest.mark.parametrize("scenario", CHECKSUM_SCENARIOS)
def test_info_carries_the_listed_checksum(scenario: str, fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, scenario)
    info = _fs(scenario).info(_url(seeded.ref, LOG))
    assert info["size"] == len(SAMPLE_FILES[LOG])
    assert info["checksum"].split(":", 1)[0] in {"sha1", "sha256"}


@pytest.mark.parametrize("scenario", CHECKSUM_SCENARIOS)
def test_a_checksum_mismatch_fails_cat_and_get_and_writes_nothing(
    scenario: str, fs_env: FakeProviders, tmp_path: Path
) -> None:
    seeded = sample_run(fs_env, scenario)
    seeded.add("bad.bin", b"payload", corrupt_checksum=True)
    fs = _fs(scenario)
    with pytest.raises(Exception, match="checksum"):
        fs.cat(_url(seeded.ref, "bad.bin"))
    with pytest.raises(Exception, match="checksum"), fs.open(_url(seeded.ref, "bad.bin")) as f:
        f.read()
    with pytest.raises(Exception, match="checksum"):
        fs.get(_url(seeded.ref, "bad.bin"), str(tmp_path / "bad.bin"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("honour_range", [True, False])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_open_seeks_and_reads_ranges(
    scenario: str, honour_range: bool, fs_env: FakeProviders
) -> None:
    fs_env.storage.honour_range = honour_range
    seeded = sample_run(fs_env, scenario)
    content = SAMPLE_FILES[LOG]
    with _fs(scenario).open(_url(seeded.ref, LOG), block_size=1000) as handle:
        assert handle.size == len(content)
        handle.seek(12_345)
        assert handle.read(10) == content[12_345:12_355]
        handle.seek(2)
        assert handle.read(3) == content[2:5]
        handle.seek(-4, io.SEEK_END)
        assert handle.read() == content[-4:]
    answers = [(r.headers.get("range"), r.status) for r in fs_env.storage.requests]
    if honour_range:
        # Only parts: no request for the whole file.
        assert answers
        assert all(rng is not None and status == 206 for rng, status in answers)
    else:
        # The first part cut from a whole body, then the whole file once, verified.
        assert [status for _, status in answers] == [200] * len(answers)
        assert len(answers) <= 3  # (a first-byte probe where the size is not listed)


@pytest.mark.parametrize("scenario", DEFAULT_SCENARIOS)
def test_reading_a_whole_file_is_one_verified_request(scenario: str, fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, scenario)
    with _fs(scenario).open(_url(seeded.ref, "dist/app.tar.gz")) as handle:
        assert handle.read() == SAMPLE_FILES["dist/app.tar.gz"]
    parts = [r for r in fs_env.storage.requests if r.headers.get("range") != "bytes=0-0"]
    assert [(r.headers.get("range"), r.status) for r in parts] == [(None, 200)]


def test_pandas_reads_a_csv_artifact_by_url(fs_env: FakeProviders) -> None:
    csv = b"test,seconds\nlogin,1.5\nsearch,0.25\n"
    fs_env.buildkite.add_artifact("acme", "web", 42, "reports/timings.csv", csv)
    frame = pd.read_csv("buildkite://acme/web/42/reports/timings.csv")
    assert frame.to_dict("list") == {"test": ["login", "search"], "seconds": [1.5, 0.25]}


def test_github_zips_are_files_and_chain_with_fsspecs_zip(fs_env: FakeProviders) -> None:
    run = fs_env.github.add_run("acme", "web")
    fs_env.github.add_artifact("acme", "web", run, "reports", {"junit.xml": b"<testsuite/>"})
    packed = fsspec.open(f"gha://acme/web/{run}/reports").open().read()
    assert zipfile.ZipFile(io.BytesIO(packed)).read("junit.xml") == b"<testsuite/>"
    with fsspec.open(f"zip://junit.xml::gha://acme/web/{run}/reports") as member:
        assert member.read() == b"<testsuite/>"


def test_artifacts_sharing_a_path_get_folders_as_downloads_do(fs_env: FakeProviders) -> None:
    for node, content in enumerate((b"zero", b"one")):
        fs_env.circleci.add_artifact(
            "github", "acme", "web", 7, "/tmp/out/junit.xml", content, node_index=node
        )
    fs = filesystem_class("circleci")(skip_instance_cache=True)
    found = fs.find("circleci://github/acme/web/7")
    assert [name.removeprefix("github/acme/web/7/") for name in found] == [
        "node-0/tmp/out/junit.xml",
        "node-1/tmp/out/junit.xml",
    ]
    assert fs.cat(found) == dict(zip(found, [b"zero", b"one"], strict=True))


def test_get_reports_progress_through_fsspec_callbacks(
    fs_env: FakeProviders, tmp_path: Path
) -> None:
    seeded = sample_run(fs_env, "buildkite")

    class Recorder(Callback):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.children: list[Callback] = []

        def branched(self, path_1: str, path_2: str, **kwargs: Any) -> Callback:
            child = Callback()
            self.children.append(child)
            return child

    recorder = Recorder()
    fs = _fs("buildkite")
    fs.get(_url(seeded.ref, "dist/*"), f"{tmp_path}/", callback=recorder)
    assert (recorder.size, recorder.value) == (2, 2)
    sizes = sorted((child.size, child.value) for child in recorder.children)
    expected = sorted(len(SAMPLE_FILES[f"dist/{name}"]) for name in ("app.tar.gz", "checksums.txt"))
    assert sizes == [(size, size) for size in expected]


# --- what is not there, refused, or read-only ---------------------------------------------------
@pytest.mark.parametrize("scenario", STATE_SCENARIOS)
def test_artifacts_that_are_not_ready_do_not_appear(scenario: str, fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, scenario)
    for index, state in enumerate(fake_class(provider_of(scenario)).undownloadable_states):
        seeded.add(f"pending/{index}.txt", b"not yet", state=state)
    fs = _fs(scenario)
    assert not fs.exists(_url(seeded.ref, "pending"))
    assert fs.glob(_url(seeded.ref, "**/*.txt")) == [
        _url(seeded.ref, "dist/checksums.txt").split("://", 1)[1]
    ]
    with pytest.raises(FileNotFoundError):
        fs.cat(_url(seeded.ref, "pending/0.txt"))


def test_unsafe_and_clashing_paths_are_left_out_and_named_in_a_warning(
    fs_env: FakeProviders, caplog: pytest.LogCaptureFixture
) -> None:
    for path in ("ok.txt", "../escape.txt", "dir", "dir/inner.txt"):
        fs_env.buildkite.add_artifact("acme", "web", 9, path, path.encode())
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    with caplog.at_level("WARNING", logger="ciartifacts.filesystem"):
        assert fs.find("buildkite://acme/web/9") == ["acme/web/9/dir", "acme/web/9/ok.txt"]
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert "'../escape.txt'" in warnings[0]
    assert "'..'" in warnings[0]
    assert "'dir/inner.txt'" in warnings[1]


@pytest.mark.parametrize(
    ("status", "error"), [(404, FileNotFoundError), (403, PermissionError), (401, PermissionError)]
)
@pytest.mark.parametrize("scenario", DEFAULT_SCENARIOS)
def test_api_errors_are_fsspecs(
    scenario: str, status: int, error: type[OSError], fs_env: FakeProviders
) -> None:
    seeded = sample_run(fs_env, scenario)
    fs_env.apis[provider_of(scenario)].error_next(status, count=5)
    with pytest.raises(error) as caught:
        _fs(scenario).ls(_url(seeded.ref))
    assert caught.value.errno == (errno.ENOENT if status == 404 else errno.EACCES)
    assert fs_env.apis[provider_of(scenario)].token not in str(caught.value)


def test_a_run_that_does_not_exist_is_not_found_and_globs_to_nothing(
    fs_env: FakeProviders,
) -> None:
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    with pytest.raises(FileNotFoundError):
        fs.ls("buildkite://acme/nothing/1")
    assert fs.glob("buildkite://acme/nothing/1/**") == []
    assert not fs.exists("buildkite://acme/nothing/1/a.txt")


def test_a_latest_selector_without_a_matching_run_is_not_found(fs_env: FakeProviders) -> None:
    fs_env.buildkite.add_build("acme", "web", branch="main")
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    with pytest.raises(FileNotFoundError, match="no-such-branch"):
        fs.ls("buildkite://acme/web/latest;branch=no-such-branch")


def test_bad_paths_are_value_errors_naming_the_forms(fs_env: FakeProviders) -> None:
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    with pytest.raises(ValueError, match=r"buildkite://ORG/PIPELINE/BUILD/PATH"):
        fs.ls("buildkite://acme/web")
    with pytest.raises(ValueError, match="';NAME=VALUE' parameters"):
        fs.cat("buildkite://acme/web/latest?branch=main/x.xml")
    with pytest.raises(ValueError, match="the run takes no wildcards"):
        fs.glob("buildkite://acme/*/42/**")


def test_writing_is_refused_as_read_only(fs_env: FakeProviders, tmp_path: Path) -> None:
    seeded = sample_run(fs_env, "buildkite")
    fs = _fs("buildkite")
    url = _url(seeded.ref)
    local = tmp_path / "a.txt"
    local.write_bytes(b"a")
    attempts = [
        lambda: fs.pipe(f"{url}/new.txt", b"x"),
        lambda: fs.put(str(local), f"{url}/a.txt"),
        lambda: fs.rm(f"{url}/README"),
        lambda: fs.mkdir(f"{url}/new"),
        lambda: fs.touch(f"{url}/new.txt"),
        lambda: fs.open(f"{url}/new.txt", "wb"),
        lambda: fs.copy(f"{url}/README", f"{url}/README2"),
        lambda: fs.mv(f"{url}/README", f"{url}/README2"),
    ]
    for attempt in attempts:
        with pytest.raises(OSError, match="read-only") as caught:
            attempt()
        assert caught.value.errno == errno.EROFS
    assert fs.cat(f"{url}/README") == b""


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_expired_signed_url_is_asked_again(scenario: str, fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, scenario)
    fs = _fs(scenario)
    assert fs.exists(_url(seeded.ref, LOG))
    if provider_class(provider_of(scenario)).listing_urls_expire:
        fs_env.storage.issue_expired(len(SAMPLE_FILES))  # every URL of the next listing
    else:
        fs_env.storage.issue_expired(1)  # the one the download API hands out next
    assert fs.cat(_url(seeded.ref, LOG)) == SAMPLE_FILES[LOG]
    signed = any("x-amz-signature" in r.query_names for r in fs_env.storage.requests)
    assert any(r.status == 403 for r in fs_env.storage.requests) == signed


# --- caching: finished runs once per filesystem object, others every time ------------------
@pytest.mark.parametrize("provider", CACHING)
def test_a_finished_runs_listing_is_made_once_per_filesystem_object(
    provider: str, fs_env: FakeProviders
) -> None:
    seeded = sample_run(fs_env, provider)
    fs = _fs(provider)
    url = _url(seeded.ref)
    fs.ls(url)
    fs.glob(f"{url}/**/*.xml")
    fs.cat([f"{url}/{path}" for path in SAMPLE_FILES])
    with fs.open(f"{url}/{LOG}") as handle:
        handle.read(5)
    assert _listings(fs_env, provider, seeded.listing_path) == 1
    _fs(provider).ls(url)  # another object lists for itself
    assert _listings(fs_env, provider, seeded.listing_path) == 2


@pytest.mark.parametrize("provider", NOT_CACHING)
def test_runs_whose_provider_cannot_say_they_are_finished_are_listed_every_time(
    provider: str, fs_env: FakeProviders
) -> None:
    seeded = sample_run(fs_env, provider)
    fs = _fs(provider)
    url = _url(seeded.ref)
    fs.ls(url)
    seeded.add("late.txt", b"uploaded later")
    assert fs.cat(f"{url}/late.txt") == b"uploaded later"
    assert _listings(fs_env, provider, seeded.listing_path) >= 2


def test_a_running_build_is_listed_again(fs_env: FakeProviders) -> None:
    fs_env.buildkite.add_build("acme", "web", 7, state="running")
    fs_env.buildkite.add_artifact("acme", "web", 7, "early.txt", b"early")
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    assert fs.ls("buildkite://acme/web/7", detail=False) == ["acme/web/7/early.txt"]
    fs_env.buildkite.add_artifact("acme", "web", 7, "late.txt", b"late")
    assert fs.cat("buildkite://acme/web/7/late.txt") == b"late"


def test_invalidate_cache_lists_again(fs_env: FakeProviders) -> None:
    seeded = sample_run(fs_env, "buildkite")
    fs = _fs("buildkite")
    fs.ls(_url(seeded.ref))
    fs.invalidate_cache()
    fs.ls(_url(seeded.ref))
    assert _listings(fs_env, "buildkite", seeded.listing_path) == 2


# --- latest selectors, pickling, credentials ------------------------------------------------------
def test_a_latest_selector_resolves_once_and_travels_with_the_pickled_filesystem(
    fs_env: FakeProviders,
) -> None:
    for number in (1, 2):
        fs_env.buildkite.add_build("acme", "web", number, branch="main")
        fs_env.buildkite.add_artifact("acme", "web", number, "run.txt", f"build {number}".encode())
    fs = filesystem_class("buildkite")(skip_instance_cache=True)
    url = "buildkite://acme/web/latest;branch=main/run.txt"
    assert fs.cat(url) == b"build 2"
    assert fs.info(url)["ref"] == "buildkite:acme/web/2"
    assert fs.info(url)["name"] == "acme/web/latest;branch=main/run.txt"

    fs_env.buildkite.add_build("acme", "web", 3, branch="main")
    fs_env.buildkite.add_artifact("acme", "web", 3, "run.txt", b"build 3")
    assert fs.cat(url) == b"build 2"
    copy = pickle.loads(pickle.dumps(fs))
    assert copy is not fs
    assert copy.cat(url) == b"build 2"
    fresh = filesystem_class("buildkite")(skip_instance_cache=True)
    assert fresh.cat(url) == b"build 3"


@pytest.mark.parametrize("scenario", DEFAULT_SCENARIOS)
def test_a_pickled_filesystem_or_file_holds_no_token_and_no_url(
    scenario: str, fs_env: FakeProviders
) -> None:
    seeded = sample_run(fs_env, scenario)
    fs = _fs(scenario)
    with fs.open(_url(seeded.ref, LOG)) as handle:
        handle.read(10)
        pickled = pickle.dumps(fs) + pickle.dumps(handle)
        assert pickle.loads(pickle.dumps(handle)).read(5) == SAMPLE_FILES[LOG][10:15]
    assert fs_env.apis[provider_of(scenario)].token.encode() not in pickled
    for forbidden in (b"X-Amz-Signature", fs_env.storage.origin.encode(), b"download"):
        assert forbidden not in pickled


def test_an_explicit_token_stays_in_its_process(
    fs_env: FakeProviders, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = sample_run(fs_env, "buildkite")
    token = fs_env.buildkite.token
    monkeypatch.delenv("BUILDKITE_API_TOKEN")
    fs = filesystem_class("buildkite")(token=token, skip_instance_cache=True)
    assert fs.cat(_url(seeded.ref, "README")) == b""
    pickled = pickle.dumps(fs)
    assert token.encode() not in pickled
    elsewhere = pickle.loads(pickled)  # as on a worker without the variable
    with pytest.raises(Exception, match="stays in the process that gave it") as caught:
        elsewhere.cat(_url(seeded.ref, "README"))
    assert "BUILDKITE_API_TOKEN" in str(caught.value)
    assert token not in str(caught.value)
    monkeypatch.setenv("BUILDKITE_API_TOKEN", token)  # the worker's own
    _clear_instances()  # a filesystem reads the environment when first used
    assert pickle.loads(pickled).cat(_url(seeded.ref, "README")) == b""


# --- packaging: entry points and import cost ------------------------------------------------------
def test_the_entry_points_are_the_registrys_protocols() -> None:
    points = {
        point.name: point.value
        for point in importlib.metadata.entry_points(group="fsspec.specs")
        if point.dist is not None and point.dist.name == "ciartifacts"
    }
    assert points == {
        protocol: f"ciartifacts.filesystem:{cls.__name__}" for protocol, cls in FILESYSTEMS.items()
    }
    assert set(points) == set(protocols())


def test_fsspec_finds_every_protocol_without_ciartifacts_imported_first() -> None:
    code = (
        "import sys, fsspec\n"
        "assert 'ciartifacts' not in sys.modules\n"
        f"for protocol in {sorted(protocols())!r}:\n"
        "    cls = fsspec.get_filesystem_class(protocol)\n"
        "    print(protocol, cls.__module__, cls.__name__, cls.protocol)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    lines = sorted(result.stdout.split("\n")[:-1])
    assert lines == sorted(
        f"{protocol} ciartifacts.filesystem {cls.__name__} {protocol}"
        for protocol, cls in FILESYSTEMS.items()
    )


def test_importing_ciartifacts_imports_no_fsspec() -> None:
    code = "import sys, ciartifacts; print(sorted(m for m in sys.modules if 'fsspec' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_scenario_is_covered() -> None:
    assert {provider_of(s) for s in SCENARIOS} == set(PROVIDERS)
    assert set(SCENARIO_KINDS) == set(SCENARIOS)


def test_the_readme_table_lists_every_protocol_of_the_registry() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- fsspec-protocols", 1)[1].split("\n\n", 1)[0].splitlines()[3:]
    assert table == [
        f"| {provider_class(name).title} | "
        + ", ".join(f"`{form.split('  ')[0]}`" for form in fsspec_forms(name))
        + " |"
        for name in PROVIDERS
    ]
