"""Generate fixture SDKs with the pinned generator, once per distinct spec content.

Each spec becomes the package `sdk_<sha256[:16]>` under CACHE (gitignored), so the old and new
SDK of a pair import side by side, identical specs are generated once, and a second run reuses
the first one's output. A finished package is marked by a `.complete` file, written last.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import generate  # scripts/generate.py: the same generator invocation as `nox -s generate`

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "spec-regeneration"
# Keyed by the tool pins too: new pins must not reuse SDKs made by the old ones.
PINS = (ROOT / "requirements" / "generate.txt").read_bytes()


def package_for(spec: Path) -> str:
    digest = hashlib.sha256(PINS + b"\0" + spec.read_bytes()).hexdigest()
    return f"sdk_{digest[:16]}"


def ensure_generated(specs: Iterable[Path], workers: int = 2) -> dict[Path, str]:
    """Generate every spec not yet in the cache; return each spec's package name."""
    generate.check_tool_versions()
    packages = {spec: package_for(spec) for spec in specs}
    todo = {package: spec for spec, package in packages.items()}
    todo = {p: s for p, s in todo.items() if not (CACHE / p / ".complete").is_file()}
    CACHE.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda item: _generate_one(*item), todo.items()))
    return packages


def _generate_one(package: str, spec: Path) -> None:
    target = CACHE / package
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as work:
        generate.generate_client_package(spec, package, target, Path(work))
    (target / ".complete").write_text(spec.as_posix() + "\n")


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
