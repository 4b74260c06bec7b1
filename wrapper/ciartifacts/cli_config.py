"""``ciartifacts config show`` and ``ciartifacts config path``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ciartifacts.config import config_path, load_config


def run_path(args: argparse.Namespace) -> int:
    """The file's path on stdout (for ``$EDITOR "$(ciartifacts config path)"``), read or not."""
    from ciartifacts.cli import shown

    print(shown(str(config_path()), ()))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Every setting a command would use, its source, tokens masked."""
    from ciartifacts.cli import Output, _print_table

    config = load_config()
    arguments = {"timeout": args.timeout}
    settings = config.effective(arguments=arguments)
    secrets = [v.value for v in settings.values() if v.secret and v.value is not None]
    out = Output(sys.stdout, lambda: secrets)
    if args.json:
        document: dict[str, Any] = {
            "file": str(config.path),
            "file_exists": config.exists,
            "settings": {
                name: {"value": value.masked, "source": value.source}
                for name, value in settings.items()
            },
        }
        out.json(document)
        return 0
    out.note(f"config file: {config.path}" + ("" if config.exists else " (does not exist)"))
    rows = [
        (out.cell(name), out.cell(_text(value.masked)), out.cell(value.source))
        for name, value in settings.items()
    ]
    _print_table(("SETTING", "VALUE", "SOURCE"), rows, out.stream)
    return 0


def _text(value: object) -> object:
    return f"{value:g}" if isinstance(value, float) else value
