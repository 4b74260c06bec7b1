"""The configuration file: each provider's base URL and token, and defaults for the CLI.

The file is ``$CIARTIFACTS_CONFIG`` if set, else ``config.toml`` in the user's configuration
folder (platformdirs: ``$XDG_CONFIG_HOME/ciartifacts/`` on Linux, ``~/Library/Application
Support/ciartifacts/`` on macOS, ``%LOCALAPPDATA%\\ciartifacts\\`` on Windows)::

    [defaults]
    concurrency = 8     # parallel downloads
    timeout = 60        # seconds, each connect and read

    [buildkite]         # one table per registered provider
    base_url = "https://buildkite.example.com/v2"
    token = "bkua_..."  # only if the file is readable by its owner alone (chmod 600)

It is the lowest layer: an argument beats the environment (``BUILDKITE_API_TOKEN``,
``CIARTIFACTS_TIMEOUT``, ...), which beats the file, which beats the built-in defaults. The CLI
reads it; the library's :class:`~ciartifacts.Client` does not (a library reading a user's files
behind the caller's back surprises tests and services): ask for it explicitly with
``Client(**load_config().client_options())``.

Everything wrong in the file is a :class:`~ciartifacts.ConfigurationError` naming the file, the
line and the key; a value is never echoed when it is a token.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ciartifacts.errors import ConfigurationError
from ciartifacts.settings import normalize_base_url
from ciartifacts.transport import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, MAX_CONCURRENCY

__all__ = ["CONFIG_VAR", "Config", "Value", "config_path", "load_config"]

CONFIG_VAR = "CIARTIFACTS_CONFIG"
DEFAULTS_TABLE = "defaults"
PROVIDER_KEYS = ("base_url", "token")
# A configuration file is a few lines; anything this large is the wrong file.
MAX_CONFIG_BYTES = 1024 * 1024


@attrs.frozen
class Value:
    """A setting's value and where it came from: ``argument``, ``environment VAR``,
    ``config FILE:LINE`` or ``default``. A secret's value never shows in ``repr``."""

    value: Any
    source: str
    secret: bool = False

    def __repr__(self) -> str:
        shown = "'***'" if self.secret and self.value is not None else repr(self.value)
        return f"Value({shown}, {self.source!r})"

    @property
    def masked(self) -> Any:
        """The value as it may be shown: a secret as ``****`` and at most its last 4
        characters (only when it is long enough for those to give nothing away)."""
        if not self.secret or self.value is None:
            return self.value
        text = str(self.value)
        return "****" + (text[-4:] if len(text) >= 20 else "")


@attrs.frozen
class _Default:
    """A setting of the ``[defaults]`` table: its variable, built-in value and check."""

    env_var: str
    builtin: float | int
    check: Callable[[object], float | int]
    """Returns the value, or raises ValueError saying what is wrong with it."""
    parse_text: Callable[[str], object]
    """Turns the environment variable's text into a value for ``check``."""


def _concurrency(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"must be a whole number, not {_type_name(value)}")
    if not 1 <= value <= MAX_CONCURRENCY:
        raise ValueError(f"must be between 1 and {MAX_CONCURRENCY}, not {value}")
    return value


def _seconds(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"must be a number of seconds, not {_type_name(value)}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"must be a finite positive number, not {value!r}")
    return float(value)


def _int_text(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not a whole number: {text!r}") from None


def _float_text(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


DEFAULTS: dict[str, _Default] = {
    "concurrency": _Default(
        "CIARTIFACTS_CONCURRENCY", DEFAULT_CONCURRENCY, _concurrency, _int_text
    ),
    "timeout": _Default("CIARTIFACTS_TIMEOUT", DEFAULT_TIMEOUT, _seconds, _float_text),
}
"""The settings of ``[defaults]``, each also an environment variable and a CLI option."""


def _type_name(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The configuration file's path (whether or not it exists): ``$CIARTIFACTS_CONFIG``,
    else ``config.toml`` in the user's configuration folder."""
    env = os.environ if environ is None else environ
    named = env.get(CONFIG_VAR, "").strip()
    if named:
        return Path(named).expanduser()
    import platformdirs  # only here: finding the folder is all it is needed for

    return platformdirs.user_config_path("ciartifacts", appauthor=False) / "config.toml"


@attrs.frozen
class Config:
    """The settings of one configuration file (none, when it does not exist).

    :meth:`environ` lays the file's base URLs and tokens under an environment, which is how
    they reach the clients: one place, at the lowest precedence. :meth:`default` resolves a
    ``[defaults]`` setting, :meth:`effective` every setting, each with its source.
    """

    path: Path
    exists: bool
    defaults: Mapping[str, Value] = attrs.field(factory=dict)
    """The ``[defaults]`` set in the file."""
    providers: Mapping[str, Mapping[str, Value]] = attrs.field(factory=dict, repr=False)
    """Each provider table's ``base_url`` and ``token`` set in the file."""

    def environ(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """``base`` (the process environment by default) with the file's base URLs and tokens
        filled in where ``base`` sets none: a token where none of the provider's token
        variables is set, a base URL where its URL variable is not. Empty values count as
        unset, as everywhere else."""
        from ciartifacts.providers import provider_class

        env = dict(os.environ if base is None else base)
        for name, keys in self.providers.items():
            spec = provider_class(name).environment
            token = keys.get("token")
            if token is not None and not any(_set(env, var) for var in spec.token_vars):
                env[spec.token_vars[0]] = token.value
            url = keys.get("base_url")
            if url is not None and not _set(env, spec.url_var):
                env[spec.url_var] = url.value
        return env

    def default(
        self, name: str, environ: Mapping[str, str] | None = None, argument: object = None
    ) -> Value:
        """A ``[defaults]`` setting: ``argument`` unless None, else its environment variable,
        else the file, else the built-in value."""
        spec = DEFAULTS[name]
        env = os.environ if environ is None else environ
        if argument is not None:
            return Value(argument, "argument")
        if _set(env, spec.env_var):
            try:
                value = spec.check(spec.parse_text(env[spec.env_var].strip()))
            except ValueError as exc:
                raise ConfigurationError(f"{spec.env_var}: {exc}") from None
            return Value(value, f"environment {spec.env_var}")
        if name in self.defaults:
            return self.defaults[name]
        return Value(spec.builtin, "default")

    def client_options(self, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Keyword arguments for :class:`~ciartifacts.Client` or ``AsyncClient``: the
        environment with this file under it, and the timeout."""
        return {
            "environ": self.environ(environ),
            "timeout": self.default("timeout", environ).value,
        }

    def effective(
        self,
        environ: Mapping[str, str] | None = None,
        arguments: Mapping[str, object] | None = None,
    ) -> dict[str, Value]:
        """Every setting as a command would use it, by name (``defaults.timeout``,
        ``buildkite.base_url``, ``buildkite.token``, ...), with its source; a token unset
        anywhere is None with source ``unset``. A bad value in the environment raises
        :class:`~ciartifacts.ConfigurationError` naming the variable."""
        from ciartifacts.providers import PROVIDERS, provider_class

        env = os.environ if environ is None else environ
        given = arguments or {}
        found = {
            f"{DEFAULTS_TABLE}.{name}": self.default(name, env, given.get(name))
            for name in DEFAULTS
        }
        for name in PROVIDERS:
            spec = provider_class(name).environment
            keys = self.providers.get(name, {})
            if _set(env, spec.url_var):
                where = f"environment {spec.url_var}"
                url = Value(normalize_base_url(name, env[spec.url_var], spec.url_var), where)
            else:
                url = keys.get("base_url") or Value(spec.default_url, "default")
            found[f"{name}.base_url"] = url
            var = next((var for var in spec.token_vars if _set(env, var)), None)
            if var is not None:
                token = Value(env[var].strip(), f"environment {var}", secret=True)
            else:
                token = keys.get("token") or Value(None, "unset", secret=True)
            found[f"{name}.token"] = token
        return found


def _set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def load_config(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read and check the configuration file: ``path``, else :func:`config_path`.

    A missing file is an empty configuration, unless it was named (``path`` or
    ``$CIARTIFACTS_CONFIG``): then it is an error, as is anything wrong inside the file.
    """
    env = os.environ if environ is None else environ
    named = path is not None or _set(env, CONFIG_VAR)
    file = Path(path).expanduser() if path is not None else config_path(env)
    try:
        data, mode = _read(file)
    except FileNotFoundError:
        if named:
            source = "the path given" if path is not None else CONFIG_VAR
            raise ConfigurationError(
                f"{source} names the configuration file {file}, which does not exist"
            ) from None
        return Config(file, exists=False)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read the configuration file {file}: {exc.strerror or exc}"
        ) from None
    return _parse(file, data, mode)


def _read(file: Path) -> tuple[bytes, int]:
    """The file's bytes and mode, from one open file (so the mode is that of what was read).
    Non-blocking open: a FIFO without a writer must not hang the command."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ConfigurationError(f"the configuration file {file} is not a regular file")
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigurationError(
            f"the configuration file {file} is larger than {MAX_CONFIG_BYTES} bytes"
        )
    return data, status.st_mode


def _parse(file: Path, data: bytes, mode: int) -> Config:
    import tomllib  # only here: most commands never read TOML

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message says where: "Invalid value (at line 3, column 11)".
        raise ConfigurationError(f"{file}: {exc}") from None
    lines = _KeyLines(text)

    def located(key: tuple[str, ...]) -> str:
        return f"{file}:{lines.line(key)}: {'.'.join(key)}"

    def fail(key: tuple[str, ...], problem: str) -> ConfigurationError:
        return ConfigurationError(f"{located(key)}: {problem}")

    def where(key: tuple[str, ...]) -> str:
        return f"config {file}:{lines.line(key)}"

    from ciartifacts.providers import PROVIDERS

    tables = (DEFAULTS_TABLE, *PROVIDERS)
    defaults: dict[str, Value] = {}
    providers: dict[str, dict[str, Value]] = {}
    for table, content in document.items():
        if table not in tables:
            expected = ", ".join(f"[{name}]" for name in tables)
            if not isinstance(content, dict):
                raise fail((table,), f"settings belong in a table: one of {expected}")
            raise fail((table,), f"unknown table; expected one of: {expected}")
        if not isinstance(content, dict):
            raise fail((table,), f"must be a table ([{table}]), not {_type_name(content)}")
        known = tuple(DEFAULTS) if table == DEFAULTS_TABLE else PROVIDER_KEYS
        for key, value in content.items():
            if key not in known:
                raise fail((table, key), f"unknown key; expected one of: {', '.join(known)}")
            if table == DEFAULTS_TABLE:
                try:
                    checked = DEFAULTS[key].check(value)
                except ValueError as exc:
                    raise fail((table, key), str(exc)) from None
                defaults[key] = Value(checked, where((table, key)))
            elif key == "base_url":
                providers.setdefault(table, {})[key] = Value(
                    _base_url(table, value, fail), where((table, key))
                )
            else:
                token = _check_token(value, located((table, key)), file, mode)
                providers.setdefault(table, {})[key] = Value(
                    token, where((table, key)), secret=True
                )
    return Config(file, exists=True, defaults=defaults, providers=providers)


def _base_url(
    provider: str, value: object, fail: Callable[[tuple[str, ...], str], ConfigurationError]
) -> str:
    key = (provider, "base_url")
    if not isinstance(value, str):
        raise fail(key, f"must be a string, not {_type_name(value)}")
    try:
        return normalize_base_url(provider, value, "the value")
    except ConfigurationError as exc:
        # "buildkite: the value ('ftp://x') is not an http(s) URL with a host"
        raise fail(key, str(exc).removeprefix(f"{provider}: ")) from None


def _check_token(value: object, where: str, file: Path, mode: int) -> str:
    """A token is used only from a file no one else can read or change, and never echoed."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{where}: must be a string, not {_type_name(value)}")
    if not value.strip():
        raise ConfigurationError(f"{where}: is empty")
    if not all(0x21 <= ord(char) <= 0x7E for char in value.strip()):
        raise ConfigurationError(
            f"{where}: has spaces, control or non-ASCII characters, which cannot be sent in an "
            "HTTP header"
        )
    # Windows has no such permission bits (os.stat reports 0o666): the check is POSIX only.
    if os.name != "nt" and mode & 0o077:
        raise ConfigurationError(
            f"{where}: refused: the file can be read or changed by other users (mode "
            f"{stat.S_IMODE(mode):04o}); tokens are read only from a file its owner alone can "
            f"access: chmod 600 {shlex.quote(str(file))}"
        )
    return value.strip()


class _KeyLines:
    """The line of each table and key of a TOML text, for messages: tomllib gives positions
    only for syntax errors. A line-based scan of ``[table]`` headers and ``key =`` lines
    (dotted and quoted keys included; lines inside multi-line strings skipped); a key it
    cannot place (inside an inline table) gets the line of the nearest enclosing one found."""

    _HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
    _KEY = re.compile(
        r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
    )
    _PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = self._HEADER.match(line)
            if header is not None:
                table = self._parts(header.group(1))
                self._lines.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if key is not None:
                parts = self._parts(key.group(1))
                for end in range(1, len(parts) + 1):  # a.b.c = 1 also defines a and a.b
                    self._lines.setdefault((*table, *parts[:end]), number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:
                    in_string = quotes
                    break

    def _parts(self, dotted: str) -> tuple[str, ...]:
        return tuple(part.strip("\"'") for part in self._PART.findall(dotted))

    def line(self, key: tuple[str, ...]) -> int | str:
        for end in range(len(key), 0, -1):
            found = self._lines.get(key[:end])
            if found is not None:
                return found
        return "?"
