"""Shell completion scripts for bash, zsh and fish, made from the CLI's own argparse parser.

:func:`describe` walks the parser (commands, their options and positional arguments) into a
small model; each ``*_script`` function renders it. Nothing is listed by hand, so the scripts
cannot drift from the commands. Each script finds the command being typed by walking the words
before the cursor, skipping each option's value, so ``ciartifacts --timeout 5 download -D``
completes a folder.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

__all__ = ["SHELLS", "Command", "Option", "describe", "script"]

PROG = "ciartifacts"
# Every word embedded in a script unquoted: checked, so that no parser change can inject code.
_WORD = re.compile(r"^[A-Za-z0-9_.,+/@%-]+$")


@attrs.frozen
class Option:
    flags: tuple[str, ...]
    help: str
    metavar: str
    takes_value: bool
    choices: tuple[str, ...] = ()
    value_kind: str = ""
    """``file`` or ``dir`` for a path value, else empty."""
    repeatable: bool = False
    ends_command: bool = False
    """``--help`` and ``--version``: nothing else follows."""


@attrs.frozen
class Positional:
    name: str
    help: str
    choices: tuple[str, ...] = ()


@attrs.frozen
class Command:
    path: tuple[str, ...]
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]
    subcommands: tuple[Command, ...]

    def walk(self) -> Iterator[Command]:
        yield self
        for sub in self.subcommands:
            yield from sub.walk()

    @property
    def key(self) -> str:
        return " ".join(self.path)


def describe(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = (), help: str = ""
) -> Command:
    """The commands, options and positional arguments of ``parser``, recursively."""
    options: list[Option] = []
    positionals: list[Positional] = []
    subcommands: list[Command] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                subcommands.append(describe(sub, (*path, _word(name)), helps.get(name, "")))
        elif action.option_strings:
            options.append(_option(action))
        else:
            choices = tuple(_word(str(c)) for c in action.choices or ())
            name = str(action.metavar or action.dest)
            positionals.append(Positional(name, _help(action), choices))
    return Command(path, help, tuple(options), tuple(positionals), tuple(subcommands))


def _option(action: argparse.Action) -> Option:
    takes_value = action.nargs != 0
    metavar = str(action.metavar or action.dest.upper())
    kind = ""
    if action.type is Path:
        kind = "dir" if metavar.upper() in ("DIR", "FOLDER") else "file"
    return Option(
        flags=tuple(_word(flag) for flag in action.option_strings),
        help=_help(action),
        metavar=metavar,
        takes_value=takes_value,
        choices=tuple(_word(str(c)) for c in action.choices or ()),
        value_kind=kind,
        repeatable=isinstance(action, argparse._AppendAction),
        ends_command=isinstance(action, argparse._HelpAction | argparse._VersionAction),
    )


def _help(action: argparse.Action) -> str:
    text = " ".join((action.help or "").split())
    if text == argparse.SUPPRESS:
        return ""
    # The first clause is enough for a menu; "(default ...)" says nothing there.
    text = re.sub(r"\s*\(default[^)]*\)", "", text)
    return text.split("; ")[0]


def _word(text: str) -> str:
    if not _WORD.match(text):
        raise ValueError(f"not a plain word, cannot go into a completion script: {text!r}")
    return text


# --- bash -------------------------------------------------------------------------------------


def bash_script(root: Command) -> str:
    commands = list(root.walk())

    def cases(render: Callable[[Command], list[tuple[str, str]]]) -> str:
        lines = [
            f"        {pattern}) REPLY={value} ;;" for c in commands for pattern, value in render(c)
        ]
        return "\n".join(lines)

    def value_of(option: Option) -> str:
        if not option.takes_value:
            return "none"
        if option.choices:
            return _bash_quote("choices:" + " ".join(option.choices))
        return option.value_kind or "any"

    subcommands = cases(
        lambda c: [(_bash_quote(c.key), _bash_quote(" ".join(s.path[-1] for s in c.subcommands)))]
    )
    options = cases(
        lambda c: [
            (_bash_quote(c.key), _bash_quote(" ".join(f for o in c.options for f in o.flags)))
        ]
    )
    values = cases(
        lambda c: [
            ("|".join(_bash_quote(f"{c.key}|{flag}") for flag in o.flags), value_of(o))
            for o in c.options
            if o.takes_value
        ]
    )
    positional = cases(
        lambda c: (
            [(_bash_quote(c.key), _bash_quote("choices:" + " ".join(c.positionals[0].choices)))]
            if c.positionals and c.positionals[0].choices
            else []
        )
    )
    return _BASH.format(
        subcommands=subcommands, options=options, values=values, positional=positional
    )


def _bash_quote(text: str) -> str:
    return '"' + text + '"'


_BASH = """\
# bash completion for ciartifacts, made by `ciartifacts completion bash` from its parser.
# Load it with: source <(ciartifacts completion bash)

_ciartifacts_subcommands() {{  # $1: the command so far; REPLY: its subcommands
    case "$1" in
{subcommands}
        *) REPLY="" ;;
    esac
}}

_ciartifacts_options() {{  # $1: the command so far; REPLY: its options
    case "$1" in
{options}
        *) REPLY="" ;;
    esac
}}

_ciartifacts_value() {{  # "$1|$2": command and option; REPLY: none, any, file, dir, choices:...
    case "$1|$2" in
{values}
        *) REPLY=none ;;
    esac
}}

_ciartifacts_positional() {{  # $1: the command so far; REPLY: what its argument completes to
    case "$1" in
{positional}
        *) REPLY=any ;;
    esac
}}

_ciartifacts_reply() {{  # COMPREPLY: each line of what compgen prints (names with spaces too)
    local line
    COMPREPLY=()
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "$@")
}}

_ciartifacts_complete_as() {{  # $1: none, any, file, dir or choices:WORDS
    case "$1" in
        dir) compopt -o filenames 2>/dev/null; _ciartifacts_reply -d -- "$cur" ;;
        file) compopt -o filenames 2>/dev/null; _ciartifacts_reply -f -- "$cur" ;;
        choices:*) _ciartifacts_reply -W "${{1#choices:}}" -- "$cur" ;;
    esac
}}

_ciartifacts() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" command="" word option i=1
    COMPREPLY=()
    # Find the command typed so far: skip option values, follow subcommand names.
    while [ "$i" -lt "$COMP_CWORD" ]; do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            --*=*) ;;
            -*)
                _ciartifacts_value "$command" "$word"
                if [ "$REPLY" != none ]; then
                    i=$((i + 1))
                    # --option=value split at "=" (COMP_WORDBREAKS): skip the value too.
                    if [ "${{COMP_WORDS[i]}}" = "=" ]; then i=$((i + 1)); fi
                fi
                ;;
            *)
                _ciartifacts_subcommands "$command"
                case " $REPLY " in *" $word "*) command="${{command:+$command }}$word" ;; esac
                ;;
        esac
        i=$((i + 1))
    done
    # The value of an option: "--dir DIR", or "--dir=DIR" split at "=".
    option="${{COMP_WORDS[COMP_CWORD-1]}}"
    if [ "$option" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
        option="${{COMP_WORDS[COMP_CWORD-2]}}"
    elif [ "$cur" = "=" ]; then
        cur=""
    fi
    if [ "$COMP_CWORD" -gt 1 ]; then
        case "$option" in
            -*)
                _ciartifacts_value "$command" "$option"
                if [ "$REPLY" != none ]; then
                    _ciartifacts_complete_as "$REPLY"
                    return 0
                fi
                ;;
        esac
    fi
    case "$cur" in
        -*)
            _ciartifacts_options "$command"
            _ciartifacts_reply -W "$REPLY" -- "$cur"
            ;;
        *)
            _ciartifacts_subcommands "$command"
            if [ -n "$REPLY" ]; then
                _ciartifacts_reply -W "$REPLY" -- "$cur"
            else
                _ciartifacts_positional "$command"
                _ciartifacts_complete_as "$REPLY"
            fi
            ;;
    esac
    return 0
}}

complete -F _ciartifacts ciartifacts
"""


# --- zsh --------------------------------------------------------------------------------------


def zsh_script(root: Command) -> str:
    functions = [_zsh_function(command) for command in root.walk()]
    return (
        "#compdef ciartifacts\n"
        "# zsh completion for ciartifacts, made by `ciartifacts completion zsh` from its parser.\n"
        "# Load it with: source <(ciartifacts completion zsh), or save it as _ciartifacts in a\n"
        "# folder of $fpath.\n\n" + "\n".join(functions) + "\n"
        'if [ "$funcstack[1]" = "_ciartifacts" ]; then\n'
        '    _ciartifacts "$@"\n'
        "else\n"
        "    compdef _ciartifacts ciartifacts\n"
        "fi\n"
    )


def _zsh_name(command: Command) -> str:
    return "_ciartifacts" + "".join(f"__{part.replace('-', '_')}" for part in command.path)


def _zsh_function(command: Command) -> str:
    specs = [spec for option in command.options for spec in _zsh_option(option)]
    for index, positional in enumerate(command.positionals, start=1):
        action = f"({' '.join(positional.choices)})" if positional.choices else " "
        specs.append(f"{index}:{_zsh_text(positional.name)}:{action}")
    lines = [f"{_zsh_name(command)}() {{"]
    if not command.subcommands:
        lines.append("    _arguments -s \\")
        lines += [f"        {_zsh_quote(spec)} \\" for spec in specs]
        lines.append("        && return 0")
        lines.append("    return 1")
        lines.append("}")
        return "\n".join(lines) + "\n"
    lines += [
        '    local curcontext="$curcontext" state line',
        "    typeset -A opt_args",
        "    _arguments -C -s \\",
        *(f"        {_zsh_quote(spec)} \\" for spec in specs),
        f"        {_zsh_quote('1: :->command')} \\",
        f"        {_zsh_quote('*:: :->argument')} \\",
        "        && return 0",
        "    case $state in",
        "        command)",
        "            local -a commands",
        "            commands=(",
        *(
            f"                {_zsh_quote(sub.path[-1] + ':' + _zsh_text(sub.help))}"
            for sub in command.subcommands
        ),
        "            )",
        f"            _describe -t commands {_zsh_quote(_zsh_title(command))} commands",
        "            ;;",
        "        argument)",
        "            case $words[1] in",
        *(f"                {sub.path[-1]}) {_zsh_name(sub)} ;;" for sub in command.subcommands),
        "            esac",
        "            ;;",
        "    esac",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _zsh_title(command: Command) -> str:
    return " ".join((PROG, *command.path, "command"))


def _zsh_option(option: Option) -> list[str]:
    if option.ends_command:
        exclusion = "(- *)"
    elif option.repeatable:
        exclusion = "*"
    elif len(option.flags) > 1:
        exclusion = f"({' '.join(option.flags)})"
    else:
        exclusion = ""
    value = ""
    if option.takes_value:
        if option.choices:
            action = f"({' '.join(option.choices)})"
        elif option.value_kind == "dir":
            action = "_files -/"
        elif option.value_kind == "file":
            action = "_files"
        else:
            action = " "
        value = f":{_zsh_text(option.metavar)}:{action}"
    specs = []
    for flag in option.flags:
        # --long= takes "--long=VALUE" and "--long VALUE"; -s takes "-s VALUE".
        separator = "=" if option.takes_value and flag.startswith("--") else ""
        specs.append(f"{exclusion}{flag}{separator}[{_zsh_text(option.help)}]{value}")
    return specs


def _zsh_text(text: str) -> str:
    """Text for a description or message inside an ``_arguments`` spec."""
    return re.sub(r"([\[\]:\\])", r"\\\1", text)


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# --- fish -------------------------------------------------------------------------------------


def fish_script(root: Command) -> str:
    commands = list(root.walk())
    takes_value = [
        _fish_quote(f"{c.key}|{flag}")
        for c in commands
        for o in c.options
        if o.takes_value
        for flag in o.flags
    ]
    subcommand_cases = [
        f"        case {_fish_quote(c.key)}\n"
        f"            printf '%s\\n' {' '.join(s.path[-1] for s in c.subcommands)}"
        for c in commands
        if c.subcommands
    ]
    value_case = (
        [f"        case {' '.join(takes_value)}", "            return 0"] if takes_value else []
    )
    lines = [
        "# fish completion for ciartifacts, made by `ciartifacts completion fish` from its parser.",
        "# Load it with: ciartifacts completion fish | source, or save it as",
        "# ~/.config/fish/completions/ciartifacts.fish.",
        "",
        "function __ciartifacts_takes_value --argument-names command option",
        '    switch "$command|$option"',
        *value_case,
        "    end",
        "    return 1",
        "end",
        "",
        "function __ciartifacts_subcommands --argument-names command",
        '    switch "$command"',
        *subcommand_cases,
        "    end",
        "end",
        "",
        "# The command typed so far: option values skipped, subcommand names followed.",
        "function __ciartifacts_command",
        "    set -l words (commandline -opc)",
        "    set -e words[1]",
        "    set -l command ''",
        "    set -l skip 0",
        "    for word in $words",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $word",
        "            case '--*=*'",
        "            case '-*'",
        '                if __ciartifacts_takes_value "$command" $word',
        "                    set skip 1",
        "                end",
        "            case '*'",
        '                if contains -- $word (__ciartifacts_subcommands "$command")',
        '                    set command (string trim -- "$command $word")',
        "                end",
        "        end",
        "    end",
        '    echo "$command"',
        "end",
        "",
        "function __ciartifacts_at --argument-names expected",
        "    set -l command (__ciartifacts_command)",
        '    test "$command" = "$expected"',
        "end",
        "",
        "complete -c ciartifacts -f",
    ]
    for command in commands:
        condition = f"-n {_fish_quote('__ciartifacts_at ' + _fish_quote(command.key))}"
        for sub in command.subcommands:
            lines.append(
                f"complete -c ciartifacts {condition} -a {sub.path[-1]} -d {_fish_quote(sub.help)}"
            )
        for option in command.options:
            lines.append(f"complete -c ciartifacts {condition} {_fish_option(option)}")
        if command.positionals and command.positionals[0].choices and not command.subcommands:
            positional = command.positionals[0]
            choices = _fish_quote(" ".join(positional.choices))
            described = _fish_quote(positional.help)
            lines.append(f"complete -c ciartifacts {condition} -a {choices} -d {described}")
    return "\n".join(lines) + "\n"


def _fish_option(option: Option) -> str:
    parts = []
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        elif len(flag) == 2:
            parts.append(f"-s {flag[1]}")
        else:
            parts.append(f"-o {flag[1:]}")
    if option.takes_value:
        if option.choices:
            parts.append(f"-x -a {_fish_quote(' '.join(option.choices))}")
        elif option.value_kind == "dir":
            parts.append("-x -a '(__fish_complete_directories (commandline -ct))'")
        elif option.value_kind == "file":
            parts.append("-r -F")
        else:
            parts.append("-x")
    parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


SHELLS: dict[str, Callable[[Command], str]] = {
    "bash": bash_script,
    "zsh": zsh_script,
    "fish": fish_script,
}


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script of ``shell`` (a key of :data:`SHELLS`) for ``parser``."""
    return SHELLS[shell](describe(parser))
