"""The configuration file through the ``ciartifacts`` command, against the provider fakes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ciartifacts import Client, ConfigurationError
from ciartifacts.cli import main
from ciartifacts.config import load_config
from ciartifacts.providers import PROVIDERS, provider_class
from ciartifacts.testing import FakeProviders
from tests.e2e.conftest import SAMPLE_FILES, files_under, sample_run

pytestmark = pytest.mark.e2e

PROVIDER_VARS = sorted(
    {
        var
        for name in PROVIDERS
        for var in (
            provider_class(name).environment.url_var,
            *provider_class(name).environment.token_vars,
        )
    }
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No provider variable set: whatever is used comes from the file."""
    for name in PROVIDER_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("CIARTIFACTS_CONFIG", str(path))
    return path


def write_config(path: Path, text: str, mode: int = 0o600) -> None:
    path.write_text(text)
    path.chmod(mode)


def provider_tables(fakes: FakeProviders, *, tokens: bool = True) -> str:
    return "".join(
        f'[{name}]\nbase_url = "{api.base_url}"\n' + (f'token = "{api.token}"\n' if tokens else "")
        for name, api in fakes.apis.items()
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.usefixtures("clean_env")
def test_every_provider_works_from_the_file_alone(
    fakes: FakeProviders, config_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_config(config_file, provider_tables(fakes))
    for name in PROVIDERS:
        seeded = sample_run(fakes, name)
        code, _, err = run(capsys, "download", seeded.ref, "-D", str(tmp_path / name))
        assert code == 0, err
        assert files_under(tmp_path / name) == seeded.written
        for api in fakes.apis.values():
            assert api.token not in err


def test_the_environment_beats_the_file(
    fakes: FakeProviders,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The file points at nothing and holds wrong tokens; the environment has the real ones.
    dead = "http://127.0.0.1:9"
    write_config(
        config_file,
        "".join(f'[{name}]\nbase_url = "{dead}"\ntoken = "wrong-{name}"\n' for name in PROVIDERS),
    )
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    seeded = sample_run(fakes, "buildkite")
    code, out, err = run(capsys, "ls", seeded.ref, "--json")
    assert code == 0, err
    assert sorted(entry["path"] for entry in json.loads(out)) == sorted(SAMPLE_FILES)


@pytest.mark.usefixtures("clean_env")
def test_a_second_token_variable_in_the_environment_beats_the_file(
    fakes: FakeProviders,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    circleci = provider_class("circleci").environment
    write_config(
        config_file, f'[circleci]\nbase_url = "{fakes.circleci.base_url}"\ntoken = "wrong"\n'
    )
    monkeypatch.setenv(circleci.token_vars[1], fakes.circleci.token)
    seeded = sample_run(fakes, "circleci")
    code, _, err = run(capsys, "ls", seeded.ref)
    assert code == 0, err
    # And the file's token is what is used when the environment has none.
    monkeypatch.delenv(circleci.token_vars[1])
    code, _, err = run(capsys, "ls", seeded.ref)
    assert code == 4  # authentication refused
    assert "401" in err


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.usefixtures("clean_env")
def test_a_token_in_a_file_others_can_read_is_refused(
    fakes: FakeProviders, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(config_file, provider_tables(fakes), mode=0o644)
    code, out, err = run(capsys, "ls", sample_run(fakes, "github").ref)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"ciartifacts: error: {config_file}:3: buildkite.token: refused")
    assert f"chmod 600 {config_file}" in err
    assert all(api.token not in err for api in fakes.apis.values())
    assert not fakes.github.requests  # refused before anything was sent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[defaults]\nconcurrency = 0\n", ":2: defaults.concurrency: must be between 1 and 256"),
        ("[buildkite]\nbase_url = 'ftp://x'\n", ":2: buildkite.base_url: the value ('ftp://x')"),
        ("[gitlab]\n", ":1: gitlab: unknown table"),
        ("[defaults\n", ": Expected ']' at the end of a table declaration (at line 1, column 10)"),
    ],
)
def test_a_malformed_file_is_one_line_and_exit_2(
    config_file: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    write_config(config_file, text)
    for command in (["ls", "buildkite:a/b/1"], ["download", "buildkite:a/b/1"], ["config", "show"]):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, "")
        assert err.startswith(f"ciartifacts: error: {config_file}{expected}")
        assert err.count("\n") == 1
        assert "Traceback" not in err
    code, _, err = run(capsys, "--debug", "ls", "buildkite:a/b/1")
    assert code == 2
    assert "Traceback" in err
    # The path needs no valid file: it is how one finds the file to fix.
    assert run(capsys, "config", "path") == (0, f"{config_file}\n", "")


@pytest.mark.usefixtures("clean_env")
def test_the_file_timeout_applies_unless_the_environment_or_an_option_says_otherwise(
    fakes: FakeProviders,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(config_file, "[defaults]\ntimeout = 0.05\n" + provider_tables(fakes))
    seeded = sample_run(fakes, "sourcecraft")
    fakes.sourcecraft.latency = 0.3
    code, _, err = run(capsys, "ls", seeded.ref)
    assert code == 1
    assert "timed out" in err.lower()
    assert run(capsys, "--timeout", "5", "ls", seeded.ref)[0] == 0
    assert run(capsys, "ls", seeded.ref, "--timeout", "5")[0] == 0
    monkeypatch.setenv("CIARTIFACTS_TIMEOUT", "5")
    assert run(capsys, "ls", seeded.ref)[0] == 0


@pytest.mark.usefixtures("clean_env")
def test_the_file_concurrency_bounds_downloads(
    fakes: FakeProviders, config_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_config(config_file, "[defaults]\nconcurrency = 1\n" + provider_tables(fakes))
    seeded = sample_run(fakes, "empirical")
    fakes.storage.latency = 0.05
    fakes.storage.reset_connection_counters()
    code, _, err = run(capsys, "download", seeded.ref, "-D", str(tmp_path / "one"))
    assert code == 0, err
    assert files_under(tmp_path / "one") == seeded.written
    assert fakes.storage.peak_connections == 1
    # The option beats the file (and the same download does overlap then).
    fakes.storage.reset_connection_counters()
    code, _, err = run(
        capsys, "download", seeded.ref, "-D", str(tmp_path / "four"), "--concurrency", "4"
    )
    assert code == 0, err
    assert fakes.storage.peak_connections > 1


def test_config_show_says_where_each_setting_comes_from(
    fakes: FakeProviders,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(
        config_file,
        "[defaults]\nconcurrency = 4\ntimeout = 60\n\n" + provider_tables(fakes),
    )
    monkeypatch.setenv("GH_TOKEN", "ghp_from_the_environment_0123456789")
    monkeypatch.setenv("CIARTIFACTS_CONCURRENCY", "2")
    for name in PROVIDER_VARS:
        if name != "GH_TOKEN":
            monkeypatch.delenv(name, raising=False)
    code, out, err = run(capsys, "--timeout", "7", "config", "show", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["file"] == str(config_file)
    assert shown["file_exists"] is True
    settings = shown["settings"]
    assert settings["defaults.timeout"] == {"value": 7.0, "source": "argument"}
    assert settings["defaults.concurrency"] == {
        "value": 2,
        "source": "environment CIARTIFACTS_CONCURRENCY",
    }
    assert settings["buildkite.base_url"] == {
        "value": fakes.buildkite.base_url,
        "source": f"config {config_file}:6",
    }
    assert settings["buildkite.token"] == {
        "value": "****" + fakes.buildkite.token[-4:],
        "source": f"config {config_file}:7",
    }
    assert settings["github.token"] == {"value": "****6789", "source": "environment GH_TOKEN"}
    assert "ghp_from_the_environment" not in out
    assert all(api.token not in out + err for api in fakes.apis.values())

    code, out, err = run(capsys, "config", "show", "--timeout", "3")
    assert code == 0
    assert err == f"config file: {config_file}\n"
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in out.splitlines()[1:]}
    assert out.splitlines()[0].split() == ["SETTING", "VALUE", "SOURCE"]
    assert rows["defaults.timeout"] == ["3", "argument"]
    assert rows["defaults.concurrency"] == ["2", "environment CIARTIFACTS_CONCURRENCY"]
    assert rows["github.token"] == ["****6789", "environment GH_TOKEN"]
    assert rows["circleci.token"] == [
        "****" + fakes.circleci.token[-4:],
        f"config {config_file}:10",
    ]
    assert all(api.token not in out for api in fakes.apis.values())


@pytest.mark.usefixtures("clean_env")
def test_config_show_without_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "config", "show")
    assert code == 0
    assert err.endswith("(does not exist)\n")
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in out.splitlines()[1:]}
    assert rows["defaults.concurrency"] == ["16", "default"]
    assert rows["defaults.timeout"] == ["30", "default"]
    for name in PROVIDERS:
        environment = provider_class(name).environment
        assert rows[f"{name}.base_url"] == [environment.default_url, "default"]
        assert rows[f"{name}.token"] == ["-", "unset"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is the Linux convention")
def test_config_path_follows_xdg_config_home(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert run(capsys, "config", "path") == (0, f"{tmp_path}/ciartifacts/config.toml\n", "")


@pytest.fixture
def isolated_fakes() -> Iterator[FakeProviders]:
    with FakeProviders() as started:
        yield started


def test_the_library_reads_the_file_only_when_asked(
    isolated_fakes: FakeProviders, config_file: Path, tmp_path: Path
) -> None:
    fakes = isolated_fakes
    write_config(config_file, provider_tables(fakes))
    seeded = sample_run(fakes, "buildkite")
    with Client(environ={}) as client, pytest.raises(ConfigurationError, match="no API token"):
        list(client.list_artifacts(seeded.ref))
    with Client(**load_config().client_options({})) as client:
        assert sorted(a.path for a in client.list_artifacts(seeded.ref)) == sorted(seeded.files)


def test_the_installed_command_reads_the_file(
    fakes: FakeProviders, config_file: Path, tmp_path: Path
) -> None:
    script = shutil.which("ciartifacts")
    assert script is not None
    write_config(config_file, provider_tables(fakes))
    env = {k: v for k, v in os.environ.items() if k not in PROVIDER_VARS}
    seeded = sample_run(fakes, "github")
    result = subprocess.run(
        [script, "ls", seeded.ref, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(entry["path"] for entry in json.loads(result.stdout)) == sorted(seeded.files)
