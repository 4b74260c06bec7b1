"""The configuration file: where it is, what it may hold, how it ranks below the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ciartifacts.config import Config, Value, _KeyLines, config_path, load_config
from ciartifacts.errors import ConfigurationError
from ciartifacts.providers import PROVIDERS, provider_class

TOKEN = "bkua_0123456789abcdefghijklmnopqrstuv"


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.fixture
def file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


def error_of(path: Path, text: str, mode: int = 0o600) -> str:
    write(path, text, mode)
    with pytest.raises(ConfigurationError) as caught:
        load_config(path)
    return str(caught.value)


def test_the_path_is_the_variable_else_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert config_path() == tmp_path / "xdg" / "ciartifacts" / "config.toml"
    assert config_path().name == "config.toml"
    assert config_path({"CIARTIFACTS_CONFIG": "/etc/ci.toml"}) == Path("/etc/ci.toml")
    assert config_path({"CIARTIFACTS_CONFIG": "  "}) == config_path({})


def test_a_missing_file_is_an_empty_configuration_unless_it_was_named(file: Path) -> None:
    config = load_config(environ={"CIARTIFACTS_CONFIG": ""})
    assert not config.exists
    assert config.environ({"X": "1"}) == {"X": "1"}
    with pytest.raises(ConfigurationError, match=r"CIARTIFACTS_CONFIG names .*missing\.toml"):
        load_config(environ={"CIARTIFACTS_CONFIG": str(file.parent / "missing.toml")})
    with pytest.raises(ConfigurationError, match="does not exist"):
        load_config(file)


def test_settings_and_the_lines_they_are_on(file: Path) -> None:
    write(
        file,
        "# comment\n"
        "[defaults]\n"
        "concurrency = 8\n"
        "timeout = 2.5\n"
        "\n"
        "[buildkite]\n"
        'base_url = "https://bk.example.com/v2/"\n'
        f'token = " {TOKEN} "\n',
    )
    config = load_config(file)
    assert config.exists
    assert config.defaults["concurrency"] == Value(8, f"config {file}:3")
    assert config.defaults["timeout"] == Value(2.5, f"config {file}:4")
    buildkite = config.providers["buildkite"]
    assert buildkite["base_url"] == Value("https://bk.example.com/v2", f"config {file}:7")
    assert buildkite["token"].value == TOKEN  # stripped, as the environment's are
    assert buildkite["token"].source == f"config {file}:8"
    # A dotted key inside a table is a key of that table (buildkite.github), not GitHub's.
    with file.open("a") as handle:
        handle.write('github.base_url = "https://ghe.example.com/api/v3"\n')
    with pytest.raises(ConfigurationError, match=r":9: buildkite\.github: unknown key"):
        load_config(file)


def test_lines_of_dotted_and_quoted_keys_inline_tables_and_not_of_strings() -> None:
    lines = _KeyLines(
        "[defaults]\n"
        'concurrency = 4  # "x"\n'
        "[ buildkite ]\n"
        'base_url = """\n'
        "[github]\n"
        "token = 1\n"
        '"""\n'
        "token = 'x'\n"
        'github.base_url = "https://ghe.example.com/api/v3"\n'
        '"circleci" . "base_url" = "https://cci.example.com"\n'
        "empirical = { base_url = 5 }\n"
    )
    assert lines.line(("defaults", "concurrency")) == 2
    assert lines.line(("buildkite",)) == 3
    assert lines.line(("buildkite", "base_url")) == 4
    # Lines 5 to 7 are inside a multi-line string: neither a table nor a key.
    assert lines.line(("github",)) == "?"
    assert lines.line(("buildkite", "token")) == 8
    assert lines.line(("buildkite", "github", "base_url")) == 9
    assert lines.line(("buildkite", "circleci", "base_url")) == 10
    # Keys inside an inline table: the line of the table's key.
    assert lines.line(("buildkite", "empirical", "base_url")) == 11


def test_a_key_set_by_a_dotted_key_at_the_top_is_placed(file: Path) -> None:
    write(
        file,
        'github.base_url = "https://ghe.example.com/api/v3"\n'
        '"circleci" . "base_url" = "https://cci.example.com/api/v1.1"\n'
        "empirical = { base_url = 5 }\n",
    )
    assert error_of(file, file.read_text()) == (
        f"{file}:3: empirical.base_url: must be a string, not an integer"
    )
    write(file, file.read_text().replace("base_url = 5", 'base_url = "https://e.example.com"'))
    config = load_config(file)
    assert config.providers["github"]["base_url"].source == f"config {file}:1"
    assert config.providers["circleci"]["base_url"].source == f"config {file}:2"
    assert config.providers["empirical"]["base_url"].source == f"config {file}:3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "timeout = 5\n",
            ":1: timeout: settings belong in a table: one of [defaults], [buildkite]",
        ),
        (
            "[gitlab]\nx = 1\n",
            ":1: gitlab: unknown table; expected one of: [defaults], [buildkite]",
        ),
        ("[defaults]\ntimout = 5\n", ":2: defaults.timout: unknown key; expected one of"),
        ("[defaults]\ntimeout = -1\n", ":2: defaults.timeout: must be a finite positive number"),
        ("[defaults]\ntimeout = inf\n", ":2: defaults.timeout: must be a finite positive number"),
        ("[defaults]\ntimeout = '5'\n", ":2: defaults.timeout: must be a number of seconds, not a"),
        ("[defaults]\nconcurrency = 1.5\n", ":2: defaults.concurrency: must be a whole number"),
        ("[defaults]\nconcurrency = true\n", ":2: defaults.concurrency: must be a whole number"),
        ("[defaults]\nconcurrency = 0\n", ":2: defaults.concurrency: must be between 1 and 256"),
        (
            "\n\n[circleci]\nbase_url = 'ftp://x'\n",
            ":4: circleci.base_url: the value ('ftp://x') is",
        ),
        ("[circleci]\nbase_url = 'https://u:p@x'\n", ":2: circleci.base_url: the value"),
        ("[github]\ntoken = 42\n", ":2: github.token: must be a string, not an integer"),
        ("[github]\ntoken = ' '\n", ":2: github.token: is empty"),
        ("[github]\ntoken = 'a b'\n", ":2: github.token: has spaces, control or non-ASCII"),
        ("[github]\nbase_url = [1]\n", ":2: github.base_url: must be a string, not an array"),
        ("defaults = 3\n", ":1: defaults: must be a table ([defaults]), not an integer"),
    ],
)
def test_a_bad_setting_names_file_line_and_key(file: Path, text: str, expected: str) -> None:
    message = error_of(file, text)
    assert message.startswith(str(file) + expected)


def test_a_syntax_error_says_where(file: Path) -> None:
    message = error_of(file, "[defaults]\ntimeout = \n")
    assert message.startswith(f"{file}: ")
    assert "line 2" in message


def test_not_text_not_a_file_too_large(tmp_path: Path, file: Path) -> None:
    file.write_bytes(b"[defaults]\n\xff = 1\n")
    with pytest.raises(ConfigurationError, match=r"not UTF-8 text"):
        load_config(file)
    with pytest.raises(
        ConfigurationError, match=r"cannot read the configuration file|not a regular"
    ):
        load_config(tmp_path)
    file.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(ConfigurationError, match=r"larger than"):
        load_config(file)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: outcome.append(_raises(fifo)), daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert "not a regular file" in str(outcome[0])


def _raises(path: Path) -> BaseException:
    try:
        load_config(path)
    except ConfigurationError as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o660])
def test_a_token_in_a_file_others_can_access_is_refused(file: Path, mode: int) -> None:
    message = error_of(file, f"[buildkite]\ntoken = '{TOKEN}'\n", mode)
    assert message.startswith(f"{file}:2: buildkite.token: refused")
    assert f"mode {mode:04o}" in message
    assert f"chmod 600 {file}" in message
    assert TOKEN not in message


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_file_others_can_read_may_hold_everything_but_tokens(file: Path) -> None:
    write(file, "[buildkite]\nbase_url = 'https://bk.example.com'\n", 0o644)
    assert load_config(file).providers["buildkite"]["base_url"].value == "https://bk.example.com"
    write(file, f"[buildkite]\ntoken = '{TOKEN}'\n", 0o400)
    assert load_config(file).providers["buildkite"]["token"].value == TOKEN


def test_the_file_fills_in_only_what_the_environment_leaves_unset(file: Path) -> None:
    sections = "".join(
        f"[{name}]\nbase_url = 'https://{name}.example.com'\ntoken = 'file-{name}'\n"
        for name in PROVIDERS
    )
    config = load_config(write(file, sections))
    assert config.environ({}) == {
        var: value
        for name in PROVIDERS
        for var, value in (
            (provider_class(name).environment.url_var, f"https://{name}.example.com"),
            (provider_class(name).environment.token_vars[0], f"file-{name}"),
        )
    }
    circleci = provider_class("circleci").environment
    github = provider_class("github").environment
    env = {
        # A second token variable set in the environment wins over the file.
        circleci.token_vars[1]: "env-circleci",
        # Blank counts as unset, as everywhere else.
        github.token_vars[0]: " ",
        github.url_var: "",
        "OTHER": "kept",
    }
    merged = config.environ(env)
    assert circleci.token_vars[0] not in merged
    assert merged[circleci.token_vars[1]] == "env-circleci"
    assert merged[github.token_vars[0]] == "file-github"
    assert merged[github.url_var] == "https://github.example.com"
    assert merged["OTHER"] == "kept"


def test_defaults_rank_argument_environment_file_builtin(file: Path) -> None:
    config = load_config(write(file, "[defaults]\ntimeout = 60\nconcurrency = 4\n"))
    assert config.default("timeout", {}) == Value(60.0, f"config {file}:2")
    env = {"CIARTIFACTS_TIMEOUT": "7.5", "CIARTIFACTS_CONCURRENCY": " "}
    assert config.default("timeout", env) == Value(7.5, "environment CIARTIFACTS_TIMEOUT")
    assert config.default("timeout", env, argument=3.0) == Value(3.0, "argument")
    assert config.default("concurrency", env) == Value(4, f"config {file}:3")
    assert Config(file, exists=False).default("concurrency", {}) == Value(16, "default")
    for bad, problem in [("abc", "not a number: 'abc'"), ("-1", "must be a finite positive")]:
        with pytest.raises(ConfigurationError, match=f"CIARTIFACTS_TIMEOUT: {problem}"):
            config.default("timeout", {"CIARTIFACTS_TIMEOUT": bad})
    with pytest.raises(ConfigurationError, match="CIARTIFACTS_CONCURRENCY: must be between"):
        config.default("concurrency", {"CIARTIFACTS_CONCURRENCY": "999"})


def test_effective_settings_say_where_each_comes_from(file: Path) -> None:
    config = load_config(
        write(file, f"[buildkite]\nbase_url = 'https://bk.example.com'\ntoken = '{TOKEN}'\n")
    )
    env = {"GITHUB_API_URL": "https://ghe.example.com/api/v3/", "GITHUB_TOKEN": "ghs_x"}
    settings = config.effective(env, {"timeout": 9.0})
    assert settings["defaults.timeout"] == Value(9.0, "argument")
    assert settings["defaults.concurrency"] == Value(16, "default")
    assert settings["buildkite.base_url"].source == f"config {file}:2"
    assert settings["buildkite.token"].source == f"config {file}:3"
    assert settings["github.base_url"] == Value(
        "https://ghe.example.com/api/v3", "environment GITHUB_API_URL"
    )
    assert settings["github.token"].source == "environment GITHUB_TOKEN"
    assert settings["circleci.token"] == Value(None, "unset", secret=True)
    assert settings["circleci.base_url"].source == "default"
    assert set(settings) == {"defaults.timeout", "defaults.concurrency"} | {
        f"{name}.{key}" for name in PROVIDERS for key in ("base_url", "token")
    }
    with pytest.raises(ConfigurationError, match="GITHUB_API_URL"):
        config.effective({"GITHUB_API_URL": "ftp://x"})


def test_tokens_are_masked_and_never_in_a_repr(file: Path) -> None:
    config = load_config(
        write(file, f"[buildkite]\ntoken = '{TOKEN}'\n[github]\ntoken = 'short'\n")
    )
    token = config.providers["buildkite"]["token"]
    assert token.masked == "****" + TOKEN[-4:]
    assert config.providers["github"]["token"].masked == "****"
    assert TOKEN not in repr(token)
    assert TOKEN not in repr(config)
    assert TOKEN not in repr(config.effective({}))


def test_client_options_build_a_client_with_the_file_under_the_environment(file: Path) -> None:
    from ciartifacts import Client

    config = load_config(write(file, f"[defaults]\ntimeout = 12\n[buildkite]\ntoken = '{TOKEN}'\n"))
    options = config.client_options({"PATH": "/bin"})
    assert options["timeout"] == 12.0
    assert options["environ"] == {"PATH": "/bin", "BUILDKITE_API_TOKEN": TOKEN}
    with Client(**options) as client:
        assert client.options.timeout == 12.0


def test_importing_ciartifacts_or_its_config_module_reads_nothing_heavy() -> None:
    code = (
        "import sys, ciartifacts, ciartifacts.config, ciartifacts.cli; "
        "print(sorted(m for m in ('platformdirs', 'tomllib', 'ciartifacts.testing') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
