"""Generate fixture SDKs with the pinned generator, once per distinct spec document.

Each spec becomes the package `sdk_<sha256[:16]>` under CACHE (gitignored), so the old and new
SDK of a pair import side by side, specs with the same content are generated once (the key is
the parsed document, so quoting and indentation do not count; key order does, as it orders the
generated arguments and fields), and a second run reuses the first one's output. A finished
package is marked by a `.complete` file, written last.

Generation is `generate.generate_client_package` (scripts/generate.py, what `nox -s generate`
runs), in two worker processes. A worker runs the `openapi-python-client` command line it is
given in-process instead of starting an interpreter for it: the import costs more than the
generation. `tests/test_spec_regeneration.py` checks that the output is the script's, byte for
byte.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest import mock

import generate  # scripts/generate.py: the same generator invocation as `nox -s generate`
import yaml
from specreview.document import SAFE_LOADER

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "spec-regeneration"
# Keyed by the tool pins too: new pins must not reuse SDKs made by the old ones.
PINS = (ROOT / "requirements" / "generate.txt").read_bytes()
WORKERS = 2
GENERATOR = "openapi-python-client"


def package_for(spec: Path) -> str:
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    canonical = json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str)
    digest = hashlib.sha256(PINS + b"\0" + canonical.encode()).hexdigest()
    return f"sdk_{digest[:16]}"


def ensure_generated(specs: Iterable[Path], workers: int = WORKERS) -> dict[Path, str]:
    """Generate every spec not yet in the cache; return each spec's package name."""
    generate.check_tool_versions()
    packages = {spec: package_for(spec) for spec in specs}
    todo = {package: spec for spec, package in packages.items()}
    todo = {p: s for p, s in todo.items() if not (CACHE / p / ".complete").is_file()}
    if todo:
        CACHE.mkdir(parents=True, exist_ok=True)
        # spawn: the workers start clean, whatever the test process has imported or started.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
            list(pool.map(generate_package, todo, todo.values()))
    return packages


def generate_package(package: str, spec: Path, target: Path | None = None) -> None:
    """Generate `spec` as `package` into `target` (CACHE/package), marking it complete."""
    target = target or CACHE / package
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as work, mock.patch.object(generate, "run", _run):
        generate.generate_client_package(spec, package, target, Path(work))
    (target / ".complete").write_text(spec.as_posix() + "\n")


def _run(command: Sequence[str], what: str, cwd: Path | None = None) -> None:
    """generate.run, with the generator's own command line run in this process."""
    if Path(command[0]).name != GENERATOR or cwd is not None:
        generate.run(command, what, cwd)
        return
    from openapi_python_client.cli import app

    output = io.StringIO()
    # Its post-hooks (ruff) are subprocesses that must find the pinned tools, as in generate.run.
    environment = mock.patch.dict(os.environ, generate.tool_env(), clear=True)
    quiet = contextlib.redirect_stdout(output), contextlib.redirect_stderr(output)
    with environment, quiet[0], quiet[1]:
        try:
            code = app(list(command[1:]), standalone_mode=False)
        except SystemExit as exc:  # typer may still exit on usage errors
            code = exc.code
    if code:
        raise generate.GenerationError(f"{what} failed (exit {code}):\n{output.getvalue()}")


@functools.cache
def generated_code(package: str) -> dict[str, str]:
    """Every module of a generated package as its syntax tree without docstrings: what runs."""
    root = CACHE / package
    code: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and _is_docstring(body[0]):
                node.body = body[1:] or [ast.Pass()]
        code[path.relative_to(root).as_posix()] = ast.dump(tree)
    return code


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )
