"""Shell completion scripts, made from the CLI's parser: bash driven for real, zsh and fish
checked by their own shells where installed."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from ciartifacts.cli import build_parser, main
from ciartifacts.completion import Command, describe, script

ROOT = describe(build_parser())
COMMANDS = {command.key: command for command in ROOT.walk()}


def flags(command: Command) -> set[str]:
    return {flag for option in command.options for flag in option.flags}


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "ciartifacts.bash"
    path.write_text(script("bash", build_parser()))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "outdir").mkdir()
    (tmp_path / "other dir").mkdir()
    (tmp_path / "output.txt").write_text("")
    return tmp_path


def complete_bash(script_path: Path, line: str, cwd: Path | None = None) -> list[str]:
    """What bash offers for ``line`` (the cursor at its end), as bash would call the function:
    COMP_WORDS split at blanks and at "=" (COMP_WORDBREAKS)."""
    words = line.replace("=", " = ").split(" ")
    program = (
        f"source {script_path}\n"
        f"COMP_WORDS=({' '.join(_bash_word(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={_bash_word(line)}\n"
        "COMP_POINT=${#COMP_LINE}\n"
        "_ciartifacts\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        timeout=30,
    )
    assert result.stderr == ""
    return [line for line in result.stdout.split("\n") if line]


def _bash_word(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def test_the_model_has_every_command_of_the_parser() -> None:
    assert set(COMMANDS) >= {
        "",
        "ls",
        "download",
        "config",
        "config show",
        "config path",
        "fakes",
        "fakes serve",
        "completion",
    }
    assert {"--dir", "-D", "--concurrency", "--timeout", "--no-extract"} <= flags(
        COMMANDS["download"]
    )
    assert COMMANDS["completion"].positionals[0].choices == ("bash", "zsh", "fish")


def test_bash_completes_commands_and_subcommands(bash_script: Path) -> None:
    top = [sub.path[-1] for sub in ROOT.subcommands]
    assert complete_bash(bash_script, "ciartifacts ") == top
    assert sorted(complete_bash(bash_script, "ciartifacts co")) == ["completion", "config"]
    assert complete_bash(bash_script, "ciartifacts config ") == ["show", "path"]
    assert complete_bash(bash_script, "ciartifacts fakes s") == ["serve"]
    # A global option's value is skipped, not taken for a command.
    assert complete_bash(bash_script, "ciartifacts --timeout 5 d") == ["download"]
    assert complete_bash(bash_script, "ciartifacts --timeout=5 config p") == ["path"]
    # An option's value that looks like a command is not one.
    assert complete_bash(bash_script, "ciartifacts ls -p config ") == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bash_completes_every_option_of_every_command(bash_script: Path, command: str) -> None:
    line = " ".join(["ciartifacts", *COMMANDS[command].path, "-"])
    assert set(complete_bash(bash_script, line)) == flags(COMMANDS[command])


def test_bash_completes_option_values_by_kind(bash_script: Path, folder: Path) -> None:
    # Folders only, names with spaces kept whole.
    assert sorted(complete_bash(bash_script, "ciartifacts download r -D ", folder)) == [
        "other dir",
        "outdir",
    ]
    assert sorted(complete_bash(bash_script, "ciartifacts download r --dir=o", folder)) == [
        "other dir",
        "outdir",
    ]
    assert sorted(complete_bash(bash_script, "ciartifacts fakes serve --env-file o", folder)) == [
        "other dir",
        "outdir",
        "output.txt",
    ]
    # A value with nothing to offer offers nothing (not the commands, not files).
    assert complete_bash(bash_script, "ciartifacts download --concurrency ", folder) == []
    assert complete_bash(bash_script, "ciartifacts completion ") == ["bash", "zsh", "fish"]
    assert complete_bash(bash_script, "ciartifacts completion f") == ["fish"]


def test_the_command_prints_the_script_and_refuses_other_shells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for shell in ("bash", "zsh", "fish"):
        assert main(["completion", shell]) == 0
        assert capsys.readouterr().out == script(shell, build_parser())
    with pytest.raises(SystemExit) as exited:
        main(["completion", "tcsh"])
    assert exited.value.code == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err


def test_zsh_script_describes_every_command_and_option() -> None:
    text = script("zsh", build_parser())
    assert text.startswith("#compdef ciartifacts\n")
    for command in COMMANDS.values():
        name = "_ciartifacts" + "".join(f"__{part}" for part in command.path)
        assert f"\n{name}() {{\n" in text
        for flag in flags(command):
            assert f"{flag}[" in text or f"{flag}=[" in text
    assert "'(-D --dir)--dir=[destination folder]:DIR:_files -/'" in text
    assert "'*-p[only artifacts whose path matches (*, ?, **, {a,b})]:GLOB: '" in text
    assert "'1:shell:(bash zsh fish)'" in text
    assert "'show:print every setting in effect" in text


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_parses_the_script(tmp_path: Path) -> None:
    path = tmp_path / "_ciartifacts"
    path.write_text(script("zsh", build_parser()))
    subprocess.run(["zsh", "-n", str(path)], check=True, timeout=30)


def test_fish_script_describes_every_command_and_option() -> None:
    text = script("fish", build_parser())
    for command in COMMANDS.values():
        condition = f"-n '__ciartifacts_at \\'{command.key}\\''"
        for sub in command.subcommands:
            assert f"complete -c ciartifacts {condition} -a {sub.path[-1]} -d " in text
        for option in command.options:
            long = next(flag for flag in option.flags if flag.startswith("--"))
            assert f"complete -c ciartifacts {condition} " in text
            assert f"-l {long[2:]}" in text
    assert "-s D -l dir -x -a '(__fish_complete_directories (commandline -ct))'" in text


FISH = shutil.which("fish")


@pytest.mark.skipif(FISH is None, reason="fish is not installed")
def test_fish_parses_and_completes_with_the_script(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "ciartifacts.fish"
    path.write_text(script("fish", build_parser()))
    subprocess.run(["fish", "--no-execute", str(path)], check=True, timeout=30)

    def complete(line: str) -> list[str]:
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source {path}; complete -C{_fish_word(line)}"],
            capture_output=True,
            text=True,
            check=True,
            cwd=folder,
            timeout=30,
        )
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    assert sorted(complete("ciartifacts ")) == sorted(s.path[-1] for s in ROOT.subcommands)
    assert complete("ciartifacts config ") == ["path", "show"]
    assert complete("ciartifacts --timeout 5 d") == ["download"]
    assert complete("ciartifacts download --c") == ["--concurrency"]
    assert complete("ciartifacts download -D ") == ["other dir/", "outdir/"]
    assert complete("ciartifacts completion ") == ["bash", "fish", "zsh"]
    assert complete("ciartifacts ls -p config ") == []


def _fish_word(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_a_name_that_is_not_a_plain_word_is_refused() -> None:
    parser = argparse.ArgumentParser(prog="ciartifacts")
    parser.add_argument("--ok", choices=["a;rm -rf ~"])
    with pytest.raises(ValueError, match="not a plain word"):
        describe(parser)


def test_descriptions_are_escaped_for_each_shell() -> None:
    parser = argparse.ArgumentParser(prog="ciartifacts")
    parser.add_argument("--x", action="store_true", help="it's [odd]: $HOME `id` \\ end")
    zsh = script("zsh", parser)
    assert "'--x[it'\\''s \\[odd\\]\\: $HOME `id` \\\\ end]'" in zsh
    fish = script("fish", parser)
    assert "-d 'it\\'s [odd]: $HOME `id` \\\\ end'" in fish
